/**
 * Internal support shared by embedlab modules (not a public API; may change without notice).
 */
package dev.embedlab.compress.internal;

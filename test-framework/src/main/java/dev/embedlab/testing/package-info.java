/** Contract tests that every implementation of an embedlab interface subclasses. */
package dev.embedlab.testing;

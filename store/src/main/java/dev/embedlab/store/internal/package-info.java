/** Implementation detail of the store module (not API): half-precision conversion, row checksums. */
package dev.embedlab.store.internal;

/** The shipped Korean static embedding model, {@code ko-static}. */
package dev.embedlab.staticemb.ko;

/**
 * Vector codecs (float16, int8, binary, product quantisation, PCA, Matryoshka truncation), search over
 * their codes with optional full-precision rescoring, memory estimates, and the quality each codec keeps.
 */
package dev.embedlab.compress;

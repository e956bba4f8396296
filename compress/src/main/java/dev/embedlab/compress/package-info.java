/**
 * Vector codecs (float16, int8, binary, product quantisation, PCA, Matryoshka truncation), search over
 * their codes with optional full-precision rescoring, memory estimates, and the quality each codec keeps.
 *
 * <p><b>Platforms.</b> Everything here runs in pure Java on any platform. Where ND4J's native CPU
 * backend is on the class path, the large products of PCA and OPQ training (and, in
 * {@code embedlab-eval}, exact search) run through BLAS; it is optional and not inherited. To add it,
 * depend on {@code org.nd4j:nd4j-native:1.0.0-M2.1:<classifier>} and
 * {@code org.bytedeco:openblas:0.3.19-1.5.7:<classifier>}, classifier one of {@code linux-x86_64},
 * {@code linux-arm64}, {@code macosx-x86_64}, {@code macosx-arm64}, {@code windows-x86_64}.
 */
package dev.embedlab.compress;

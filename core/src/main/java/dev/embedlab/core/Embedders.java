package dev.embedlab.core;

import java.util.List;

/** Argument and result checks shared by {@link Embedder} implementations. */
public final class Embedders {
  private Embedders() {}

  /**
   * Checks a batch handed to {@link Embedder#embed(List, Embedder.Role)}.
   *
   * <p>Every text must be well-formed UTF-16: an unpaired surrogate has no UTF-8 encoding (Java
   * writes {@code ?} for it), so two different strings would reach the tokenizer, and any cache
   * keyed on the encoded bytes, as the same text. Such texts are refused rather than silently
   * conflated.
   *
   * @throws IllegalArgumentException naming the first null element or the first text holding an
   *     unpaired surrogate (with the position and code unit), or if the list or role is null
   */
  public static void checkTexts(List<String> texts, Embedder.Role role) {
    Checks.notNull("texts", texts);
    Checks.notNull("role", role);
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null) {
        throw new IllegalArgumentException("texts[" + i + "] is null; every text must be non-null");
      }
      int bad = unpairedSurrogate(texts.get(i));
      if (bad >= 0) {
        throw new IllegalArgumentException("texts[" + i + "] has an unpaired surrogate U+"
            + String.format("%04X", (int) texts.get(i).charAt(bad)) + " at char " + bad
            + "; expected well-formed UTF-16 (it has no UTF-8 encoding and would be read as '?')");
      }
    }
  }

  /** Index of the first unpaired surrogate in {@code s}, or -1 if it is well-formed UTF-16. */
  public static int unpairedSurrogate(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      } else if (Character.isLowSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Checks one vector that model {@code id} returned for {@code texts[text]}, and copies it: not
   * null, {@code dim} components, and inside the vector policy ({@link VectorUtil#checkFinite}: no
   * NaN or infinite component, an L2 norm of at most 2^63). For adapters of foreign models, whose
   * output the library does not control.
   *
   * @return a copy of {@code v}
   * @throws IllegalStateException naming the model, the text's index and what was wrong
   */
  public static float[] checkReturned(String id, float[] v, int dim, int text) {
    if (v == null || v.length != dim) {
      throw new IllegalStateException(id + " returned a vector of length " + (v == null ? "null" : v.length)
          + " for texts[" + text + "]; expected " + dim);
    }
    float[] copy = v.clone();
    try {
      VectorUtil.checkFinite(copy, "vector");
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(id + " returned a vector outside the vector policy for texts[" + text + "]: "
          + e.getMessage() + " (NaN, infinity and L2 norms above 2^63 are refused)", e);
    }
    return copy;
  }
}

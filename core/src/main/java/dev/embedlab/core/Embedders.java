package dev.embedlab.core;

import java.util.List;

/** Argument checks shared by {@link Embedder} implementations. */
public final class Embedders {
  private Embedders() {}

  /**
   * Checks a batch handed to {@link Embedder#embed(List, Embedder.Role)}.
   *
   * @throws IllegalArgumentException naming the first null element, or if the list or role is null
   */
  public static void checkTexts(List<String> texts, Embedder.Role role) {
    if (texts == null) {
      throw new IllegalArgumentException("texts must not be null");
    }
    if (role == null) {
      throw new IllegalArgumentException("role must not be null");
    }
    for (int i = 0; i < texts.size(); i++) {
      if (texts.get(i) == null) {
        throw new IllegalArgumentException("texts[" + i + "] is null; every text must be non-null");
      }
    }
  }
}

package dev.embedlab.staticemb;

import java.util.Objects;

/**
 * One distillation example: a text and the vector a teacher gives it (or gives its translation), for
 * {@link StaticTrainer#train(java.util.List, java.util.List)}: the student's normalised vector of
 * {@code text} is pulled towards {@code target / |target|} (cosine regression, Reimers &amp; Gurevych
 * 2020, "Making monolingual sentence embeddings multilingual using knowledge distillation").
 *
 * @param text the student's input, e.g. a Korean sentence
 * @param target the teacher's vector, e.g. of the English sentence it translates; same length as the
 *     student's dimension, finite and not zero (not copied; do not change it afterwards)
 */
public record TextTarget(String text, float[] target) {
  /** Validates. */
  public TextTarget {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(target, "target");
    double s = 0;
    for (int i = 0; i < target.length; i++) {
      if (!Float.isFinite(target[i])) {
        throw new IllegalArgumentException("target[" + i + "]=" + target[i] + " is not finite (text: " + text + ")");
      }
      s += (double) target[i] * target[i];
    }
    if (!(s > 0)) {
      throw new IllegalArgumentException("target of length " + target.length + " is the zero vector (text: " + text + ")");
    }
  }

  // Records holding arrays must not rely on the generated equals/hashCode: identity is what is meant.
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "TextTarget[" + text + ", " + target.length + " dims]";
  }
}

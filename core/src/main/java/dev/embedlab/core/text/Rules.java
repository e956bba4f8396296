package dev.embedlab.core.text;

/** Shared argument checks of the rules in this package. */
final class Rules {
  private Rules() {}

  static String requireText(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text must not be null");
    }
    return text;
  }
}

package dev.embedlab.core.text;

import dev.embedlab.core.Checks;

/** Shared argument checks of the rules in this package. */
final class Rules {
  private Rules() {}

  static String requireText(String text) {
    Checks.notNull("text", text);
    return text;
  }
}

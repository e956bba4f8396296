package dev.embedlab.core.text;

/**
 * What the library's own rules share: a rule prints as its {@link #id()} (the id already names the
 * rule and its parameters, so logs and a preprocessor's description show exactly what ran).
 */
abstract class BaseTextRule implements TextRule {
  /** The rule's id. */
  @Override
  public final String toString() {
    return id();
  }
}

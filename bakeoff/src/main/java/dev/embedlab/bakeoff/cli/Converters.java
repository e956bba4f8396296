package dev.embedlab.bakeoff.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Typed option values with their own errors: the message says what was expected and what was found;
 * {@link Embedlab#message} puts the option and the value in front of it.
 */
final class Converters {
  private Converters() {}

  /** A whole number {@code >= 0} ({@code --latency}). */
  static final class Count0 implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String s) {
      return count(s, 0);
    }
  }

  /** A whole number {@code >= 1} ({@code --max-queries}, {@code --max-docs}, {@code --threads}). */
  static final class Count1 implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String s) {
      return count(s, 1);
    }
  }

  /** Any whole number ({@code --seed}). */
  static final class Seed implements ITypeConverter<Long> {
    @Override
    public Long convert(String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("expected a whole number; found \"" + s + "\"");
      }
    }
  }

  static int count(String s, int min) {
    int n;
    try {
      n = Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("expected a whole number >= " + min + "; found \"" + s + "\"");
    }
    if (n < min) {
      throw new TypeConversionException("expected a whole number >= " + min + "; found " + n);
    }
    return n;
  }

}

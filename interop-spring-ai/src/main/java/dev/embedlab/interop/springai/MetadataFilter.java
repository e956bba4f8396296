package dev.embedlab.interop.springai;

import java.util.Collection;
import java.util.Map;
import org.springframework.ai.vectorstore.filter.Filter;

/**
 * Evaluates a Spring AI portable filter {@link Filter.Expression} on one document's metadata, for
 * {@link EmbedlabVectorStore}. Supported: {@code AND}, {@code OR}, {@code NOT} (and grouping),
 * {@code EQ}, {@code NE}, {@code GT}, {@code GTE}, {@code LT}, {@code LTE}, {@code IN}, {@code NIN}
 * between a key and a value. Numbers compare by value whatever their boxed type ({@code 2 == 2.0}),
 * strings lexicographically, booleans by equality only. A key the document lacks, or a value of
 * another kind, makes a comparison false (so {@code NE} and {@code NIN} are true): the semantics of
 * Spring AI's {@code SimpleVectorStore}. Anything else is refused with the expression in the message.
 */
final class MetadataFilter {
  private MetadataFilter() {}

  /**
   * Whether {@code metadata} satisfies {@code e}.
   *
   * @throws IllegalArgumentException on an operator or operand this evaluator does not support
   */
  static boolean test(Filter.Expression e, Map<String, Object> metadata) {
    switch (e.type()) {
      case AND:
        return test(operand(e.left(), e), metadata) && test(operand(e.right(), e), metadata);
      case OR:
        return test(operand(e.left(), e), metadata) || test(operand(e.right(), e), metadata);
      case NOT:
        return !test(operand(e.left(), e), metadata);
      default:
        break;
    }
    if (!(e.left() instanceof Filter.Key key) || !(e.right() instanceof Filter.Value value)) {
      throw new IllegalArgumentException("a comparison needs a key on the left and a value on the right; got " + e);
    }
    Object actual = metadata.get(unquote(key.key()));
    Object wanted = value.value();
    switch (e.type()) {
      case EQ:
        return equal(actual, wanted, e);
      case NE:
        return !equal(actual, wanted, e);
      case IN:
        return in(actual, wanted, e);
      case NIN:
        return !in(actual, wanted, e);
      case GT, GTE, LT, LTE: {
        Integer c = order(actual, wanted, e);
        return c != null && switch (e.type()) {
          case GT -> c > 0;
          case GTE -> c >= 0;
          case LT -> c < 0;
          default -> c <= 0;
        };
      }
      default:
        throw new IllegalArgumentException("filter operator " + e.type() + " is not supported; expression: " + e);
    }
  }

  private static Filter.Expression operand(Filter.Operand o, Filter.Expression parent) {
    if (o instanceof Filter.Expression x) {
      return x;
    }
    if (o instanceof Filter.Group g) {
      return g.content();
    }
    throw new IllegalArgumentException(parent.type() + " needs expressions as operands; got " + o + " in " + parent);
  }

  private static String unquote(String key) {
    if (key.length() >= 2 && (key.startsWith("\"") && key.endsWith("\"") || key.startsWith("'") && key.endsWith("'"))) {
      return key.substring(1, key.length() - 1);
    }
    return key;
  }

  private static boolean in(Object actual, Object wanted, Filter.Expression e) {
    if (!(wanted instanceof Collection<?> list)) {
      throw new IllegalArgumentException(e.type() + " needs a list value; got " + wanted + " in " + e);
    }
    for (Object w : list) {
      if (equal(actual, w, e)) {
        return true;
      }
    }
    return false;
  }

  private static boolean equal(Object actual, Object wanted, Filter.Expression e) {
    if (wanted instanceof Boolean) {
      return wanted.equals(actual);
    }
    Integer c = order(actual, wanted, e);
    return c != null && c == 0;
  }

  /** The order of two numbers or two strings; null when the key is missing or the kinds differ. */
  private static Integer order(Object actual, Object wanted, Filter.Expression e) {
    if (wanted == null || wanted instanceof Boolean) {
      throw new IllegalArgumentException("a filter value to order by must be a number or a string; got " + wanted
          + " in " + e);
    }
    if (actual instanceof Number a && wanted instanceof Number w) {
      return Double.compare(a.doubleValue(), w.doubleValue());
    }
    if (actual instanceof String a && wanted instanceof String w) {
      return a.compareTo(w);
    }
    return null;
  }
}

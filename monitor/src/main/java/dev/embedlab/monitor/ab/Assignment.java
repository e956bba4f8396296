package dev.embedlab.monitor.ab;

import dev.embedlab.core.Checks;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Deterministic assignment of ids (users, sessions, queries) to arms: u = the first 53 bits of
 * SHA-256(salt ‖ 0x00 ‖ id, UTF-8) as a fraction in [0, 1), and the arm is the one whose cumulative
 * share interval contains u. The same salt and id always give the same arm, on any machine and JVM,
 * with no state to store; a new salt (a new experiment) reshuffles everyone independently of the
 * last one. SHA-256's output is uniform for practical purposes, so an arm with share w receives a
 * Binomial(n, w) number of n distinct ids: mean n·w, standard deviation √(n·w·(1−w)).
 *
 * <p>Ids must be well-formed Unicode: an unpaired surrogate has no UTF-8 form (Java encodes every
 * one as {@code ?}), so distinct ids such as {@code "\uD800"} and {@code "\uDBFF"} would hash alike and
 * always share an arm; such an id is refused with its index. Weights are normalised after dividing
 * by the largest, so any finite positive weights, up to {@code Double.MAX_VALUE}, give their shares.
 */
public final class Assignment {
  private final String salt;
  private final List<String> arms;
  private final double[] upper;

  private Assignment(String salt, List<String> arms, double[] weights) {
    this.salt = salt;
    this.arms = List.copyOf(arms);
    // scale by the largest weight first: a sum of weights near Double.MAX_VALUE (1e308 + 1e308)
    // would overflow to infinity and make every share 0, sending every unit to the last arm
    double max = 0;
    for (double w : weights) {
      max = Math.max(max, w);
    }
    double total = 0;
    for (double w : weights) {
      total += w / max;
    }
    this.upper = new double[weights.length];
    double c = 0;
    for (int i = 0; i < weights.length; i++) {
      c += weights[i] / max / total;
      upper[i] = c;
    }
    upper[weights.length - 1] = 1.0; // no gap from rounding
  }

  /**
   * Arms with relative weights, e.g. {@code of("exp-42", List.of("control", "treatment"), 0.9, 0.1)}.
   *
   * @throws IllegalArgumentException for a blank salt, fewer than two arms, duplicate names, or a
   *     weight that is not positive and finite
   */
  public static Assignment of(String salt, List<String> arms, double... weights) {
    if (salt == null || salt.isEmpty()) {
      throw new IllegalArgumentException("salt must not be empty (it names the experiment)");
    }
    utf8(salt); // well-formed, like the ids
    if (arms == null || arms.size() < 2 || arms.size() != weights.length) {
      throw new IllegalArgumentException("need at least two arms and one weight per arm; arms=" + arms
          + ", weights=" + weights.length);
    }
    for (int i = 0; i < arms.size(); i++) {
      if (arms.get(i) == null || arms.get(i).isBlank()) {
        throw new IllegalArgumentException("arm names must be non-blank; arms[" + i + "]=" + arms.get(i));
      }
    }
    if (new java.util.HashSet<>(arms).size() != arms.size()) {
      throw new IllegalArgumentException("arm names must be unique; arms=" + arms);
    }
    for (int i = 0; i < weights.length; i++) {
      if (!(weights[i] > 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException("weights must be > 0 and finite; weights[" + i + "]=" + weights[i]);
      }
    }
    return new Assignment(salt, arms, weights);
  }

  /** A 50/50 split between "A" and "B". */
  public static Assignment even(String salt) {
    return of(salt, List.of("A", "B"), 1, 1);
  }

  /** The uniform number in [0, 1) of {@code id} under this salt. */
  public double unit(String id) {
    Checks.notNull("id", id);
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    md.update(salt.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
    md.update(utf8(id));
    long bits = ByteBuffer.wrap(md.digest()).getLong();
    return (bits >>> 11) * 0x1p-53;
  }

  /** UTF-8 of {@code id}, refusing an unpaired surrogate (it has no UTF-8 form; see the class doc). */
  private static byte[] utf8(String id) {
    try {
      java.nio.ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).encode(java.nio.CharBuffer.wrap(id));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (java.nio.charset.CharacterCodingException e) {
      int at = 0;
      while (at < id.length()) {
        char ch = id.charAt(at);
        if (Character.isHighSurrogate(ch) && at + 1 < id.length() && Character.isLowSurrogate(id.charAt(at + 1))) {
          at += 2;
        } else if (Character.isSurrogate(ch)) {
          break;
        } else {
          at++;
        }
      }
      throw new IllegalArgumentException("id has an unpaired surrogate at index " + at + " (U+"
          + String.format("%04X", (int) id.charAt(Math.min(at, id.length() - 1))) + "); ids must be well-formed"
          + " Unicode, else distinct ids would share a hash");
    }
  }

  /** The arm of {@code id}. */
  public String arm(String id) {
    return arms.get(armIndex(id));
  }

  /** The index of {@code id}'s arm. */
  public int armIndex(String id) {
    double u = unit(id);
    for (int i = 0; i < upper.length; i++) {
      if (u < upper[i]) {
        return i;
      }
    }
    return upper.length - 1;
  }

  /** The arm names, in order. */
  public List<String> arms() {
    return arms;
  }

  /** The share of arm {@code i} (normalised weights). */
  public double share(int i) {
    return upper[i] - (i == 0 ? 0 : upper[i - 1]);
  }

  /** The salt. */
  public String salt() {
    return salt;
  }
}

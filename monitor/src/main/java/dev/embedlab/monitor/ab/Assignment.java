package dev.embedlab.monitor.ab;

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
 */
public final class Assignment {
  private final String salt;
  private final List<String> arms;
  private final double[] upper;

  private Assignment(String salt, List<String> arms, double[] weights) {
    this.salt = salt;
    this.arms = List.copyOf(arms);
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    this.upper = new double[weights.length];
    double c = 0;
    for (int i = 0; i < weights.length; i++) {
      c += weights[i] / total;
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
    if (arms == null || arms.size() < 2 || arms.size() != weights.length) {
      throw new IllegalArgumentException("need at least two arms and one weight per arm; arms=" + arms
          + ", weights=" + weights.length);
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
    if (id == null) {
      throw new IllegalArgumentException("id must not be null");
    }
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    md.update(salt.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
    md.update(id.getBytes(StandardCharsets.UTF_8));
    long bits = ByteBuffer.wrap(md.digest()).getLong();
    return (bits >>> 11) * 0x1p-53;
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

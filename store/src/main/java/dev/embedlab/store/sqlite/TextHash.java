package dev.embedlab.store.sqlite;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * SHA-256 of a text's UTF-8 bytes: the key of a cached vector (the same key the models module's
 * {@code CachingEmbedder} shards use, so their records import unchanged). Immutable; equality by value.
 */
public final class TextHash {
  private final byte[] bytes;
  private final int hash;

  private TextHash(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** The hash of {@code text}. */
  public static TextHash of(String text) {
    try {
      return new TextHash(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * A hash read back from storage.
   *
   * @throws IllegalArgumentException unless 32 bytes
   */
  public static TextHash ofBytes(byte[] sha256) {
    if (sha256 == null || sha256.length != 32) {
      throw new IllegalArgumentException("a text hash has 32 bytes; found " + (sha256 == null ? "null" : sha256.length));
    }
    return new TextHash(sha256.clone());
  }

  /** The 32 bytes (a copy). */
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] raw() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TextHash t && Arrays.equals(bytes, t.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return java.util.HexFormat.of().formatHex(bytes, 0, 8);
  }
}

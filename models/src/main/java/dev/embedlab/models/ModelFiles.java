package dev.embedlab.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** Hashes and byte scans of model files, shared by the ONNX classes and the cache. Package-private. */
final class ModelFiles {
  private ModelFiles() {}

  /** Hex SHA-256 of a file's bytes; a missing file is a {@link NoSuchFileException} naming it. */
  static String fileSha256(Path p) {
    MessageDigest md = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(new NoSuchFileException(p.toString(), null,
          "file not found; expected an ONNX model or tokenizer.json here"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Hex SHA-256 of a string's UTF-8 bytes. */
  static String sha256Hex(String s) {
    return HexFormat.of().formatHex(sha256().digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * Whether the file's bytes contain {@code ascii} (an ONNX operator type is stored as a plain
   * string in the protobuf, so this finds {@code DynamicQuantizeLinear} nodes without parsing).
   */
  static boolean fileContains(Path p, String ascii) {
    byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
    byte[] buf = new byte[1 << 16];
    int keep = needle.length - 1;
    try (InputStream in = Files.newInputStream(p)) {
      int filled = 0;
      int n;
      while ((n = in.read(buf, filled, buf.length - filled)) > 0) {
        int end = filled + n;
        for (int i = 0; i + needle.length <= end; i++) {
          if (buf[i] == needle[0] && Arrays.equals(buf, i, i + needle.length, needle, 0, needle.length)) {
            return true;
          }
        }
        // Carry the last needle-1 bytes over so a match across two reads is found.
        int carry = Math.min(keep, end);
        System.arraycopy(buf, end - carry, buf, 0, carry);
        filled = carry;
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }
}

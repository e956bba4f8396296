package dev.embedlab.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The one list of hostile BEIR corpus files that every reader of the format must refuse the same
 * way: the data module's loader and streaming reader, the store's {@code CorpusSource} and
 * {@code CorpusEmbedding}, Spark's {@code SparkCorpora}. Each module's contract test runs every case
 * against each of its entry points, so a new entry point or a new case is checked everywhere.
 */
public final class HostileCorpora {
  private HostileCorpora() {}

  /**
   * One hostile corpus file.
   *
   * @param name what is wrong, for the test's display name
   * @param fileName {@code corpus.jsonl} or {@code corpus.jsonl.gz}
   * @param bytes the file's content
   * @param line the 1-based line every error must name ({@code file:line}), or 0 when the problem is
   *     not tied to one line (a truncated gzip stream); the file is always named
   * @param expect a fragment every error message must hold
   */
  public record Case(String name, String fileName, byte[] bytes, long line, String expect) {
    /** Writes the file into {@code folder} and returns its path. */
    public Path write(Path folder) throws IOException {
      return Files.write(folder.resolve(fileName), bytes);
    }

    /** @return {@code file:line} (or the file alone when {@link #line()} is 0) that errors must hold */
    public String location(Path file) {
      return line > 0 ? file + ":" + line : file.toString();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final String GOOD = "{\"_id\":\"a\",\"title\":\"T\",\"text\":\"first\"}\n";

  private static Case jsonl(String name, String secondLines, long line, String expect) {
    return new Case(name, "corpus.jsonl", (GOOD + secondLines).getBytes(StandardCharsets.UTF_8), line, expect);
  }

  /** @return every hostile case (fresh arrays each call) */
  public static List<Case> all() {
    byte[] badUtf8 = concat(GOOD.getBytes(StandardCharsets.UTF_8),
        new byte[] {'{', '"', '_', 'i', 'd', '"', ':', '"', 'b', '"', ',', '"', 't', 'e', 'x', 't', '"', ':', '"',
            (byte) 0xC3, 0x28, '"', '}', '\n'});
    return List.of(
        jsonl("two objects on one line", "{\"_id\":\"b\",\"text\":\"x\"}{\"_id\":\"c\",\"text\":\"y\"}\n", 2,
            "a second object"),
        jsonl("trailing garbage after the object", "{\"_id\":\"b\",\"text\":\"x\"} garbage\n", 2,
            "more content after the object"),
        jsonl("duplicate _id", "{\"_id\":\"b\",\"text\":\"x\"}\n\n{\"_id\":\"a\",\"text\":\"again\"}\n", 4,
            "duplicate _id=a (first on line 1)"),
        jsonl("unpaired surrogate in the text", "{\"_id\":\"b\",\"text\":\"x\\ud800y\"}\n", 2,
            "unpaired surrogate U+D800"),
        jsonl("unpaired low surrogate in the title", "{\"_id\":\"b\",\"title\":\"\\udc00\",\"text\":\"x\"}\n", 2,
            "unpaired surrogate U+DC00"),
        jsonl("unpaired surrogate in the _id", "{\"_id\":\"b\\ud83d\",\"text\":\"x\"}\n", 2,
            "unpaired surrogate U+D83D"),
        jsonl("_id with a space", "{\"_id\":\"doc 1\",\"text\":\"x\"}\n", 2, "a space (U+0020) at index 3"),
        jsonl("_id with a control character", "{\"_id\":\"b\\u0001\",\"text\":\"x\"}\n", 2, "a control character"),
        jsonl("missing _id", "{\"text\":\"no id\"}\n", 2, "expected a string field \"_id\""),
        jsonl("empty _id", "{\"_id\":\"\",\"text\":\"x\"}\n", 2, "non-empty"),
        jsonl("invalid JSON", "{\"_id\":\"b\",\"text\":x}\n", 2, "invalid JSON"),
        jsonl("an array, not an object", "[\"b\",\"x\"]\n", 2, "expected a JSON object, found array"),
        jsonl("a key twice in one object", "{\"_id\":\"b\",\"text\":\"x\",\"text\":\"y\"}\n", 2, "Duplicate field 'text'"),
        jsonl("title is an object", "{\"_id\":\"b\",\"title\":{\"x\":1},\"text\":\"x\"}\n", 2,
            "expected field \"title\" to be a string"),
        new Case("invalid UTF-8 bytes", "corpus.jsonl", badUtf8, 2, "expected UTF-8 text"),
        new Case("truncated .gz", "corpus.jsonl.gz", truncatedGzip(), 0, "cut off after"));
  }

  /** 400 valid lines gzipped, cut to half: the reader must name the file and the lines read. */
  private static byte[] truncatedGzip() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      sb.append("{\"_id\":\"d").append(i).append("\",\"text\":\"document number ").append(i * 7919L % 10007)
          .append("\"}\n");
    }
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
      gz.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] all = bos.toByteArray();
    return Arrays.copyOf(all, all.length / 2);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * Every message of {@code t} and its causes, joined by {@code " | "} (wrappers such as
   * {@link UncheckedIOException} or Spark's own exceptions keep the reader's message in a cause).
   */
  public static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }
}

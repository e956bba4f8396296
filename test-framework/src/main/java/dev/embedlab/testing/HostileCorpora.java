package dev.embedlab.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
  /** The text cases, as the corpus files hold them (see the file's own header). */
  private static final String CASES = "hostile-corpora.txt";
  private static final String HEADER = "== ";

  /** @return every hostile case (fresh arrays each call) */
  public static List<Case> all() {
    List<Case> cases = new ArrayList<>(textCases());
    byte[] badUtf8 = concat(GOOD.getBytes(StandardCharsets.UTF_8),
        new byte[] {'{', '"', '_', 'i', 'd', '"', ':', '"', 'b', '"', ',', '"', 't', 'e', 'x', 't', '"', ':', '"',
            (byte) 0xC3, 0x28, '"', '}', '\n'});
    cases.add(new Case("invalid UTF-8 bytes", "corpus.jsonl", badUtf8, 2, "expected UTF-8 text"));
    cases.add(new Case("truncated .gz", "corpus.jsonl.gz", truncatedGzip(), 0, "cut off after"));
    return List.copyOf(cases);
  }

  /**
   * The cases of {@value #CASES}: each {@code == name | line | expect} header and the lines up to the
   * next header, written after the good first line.
   */
  private static List<Case> textCases() {
    List<String> lines;
    try (InputStream in = HostileCorpora.class.getResourceAsStream(CASES)) {
      if (in == null) {
        throw new IllegalStateException("classpath resource " + CASES + " next to " + HostileCorpora.class.getName()
            + " not found; is test-framework's jar complete?");
      }
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Case> cases = new ArrayList<>();
    int i = 0;
    while (i < lines.size() && !lines.get(i).startsWith(HEADER)) {
      i++; // the file's own comment
    }
    while (i < lines.size()) {
      int header = i;
      String[] f = lines.get(header).substring(HEADER.length()).split(" \\| ", -1);
      if (f.length != 3) {
        throw new IllegalStateException(CASES + ":" + (header + 1) + ": expected '== name | line | expect'; found "
            + lines.get(header));
      }
      StringBuilder file = new StringBuilder(GOOD);
      for (i++; i < lines.size() && !lines.get(i).startsWith(HEADER); i++) {
        file.append(lines.get(i)).append('\n');
      }
      cases.add(new Case(f[0], "corpus.jsonl", file.toString().getBytes(StandardCharsets.UTF_8),
          Long.parseLong(f[1]), f[2]));
    }
    return cases;
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

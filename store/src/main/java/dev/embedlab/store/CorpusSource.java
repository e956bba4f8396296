package dev.embedlab.store;

import dev.embedlab.data.BeirCorpusReader;
import dev.embedlab.data.Document;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * A corpus read one text at a time, never held in memory as a whole. A source can be opened again
 * and yields the same texts in the same order each time — what lets {@link CorpusEmbedding}
 * resume after a crash by skipping the texts already written.
 */
public interface CorpusSource {

  /** One document: its id and the text to embed. */
  record Text(String id, String text) {
    public Text {
      if (id == null || text == null) {
        throw new IllegalArgumentException("id and text must not be null; id=" + id);
      }
    }
  }

  /** An open pass over a source; close it to release the file. */
  interface Cursor extends Iterator<Text>, AutoCloseable {
    @Override
    void close() throws IOException;
  }

  /** Opens a new pass from the first text. */
  Cursor open() throws IOException;

  /** The number of texts when it can be known (counting a file's lines is one cheap pass), for ETAs. */
  OptionalLong size() throws IOException;

  /** A short description for messages, e.g. the path. */
  String describe();

  /**
   * A BEIR {@code corpus.jsonl} (or gzipped): one JSON object per line with {@code _id}, optional
   * {@code title} and {@code text}; the embedded text is {@code title + " " + text} (title omitted
   * when empty), BEIR's convention. Read by the data module's one corpus reader
   * ({@link BeirCorpusReader}), so it refuses what the evaluation loader refuses: two objects or
   * trailing characters on a line, a missing, duplicate or whitespace-holding {@code _id}, an
   * unpaired surrogate, invalid UTF-8, a truncated {@code .gz}. A cursor reports them as an
   * {@link UncheckedIOException} whose cause is the {@link dev.embedlab.data.MalformedDataException}
   * or {@link dev.embedlab.data.DatasetException} naming the file and line. {@link #size()} reads the
   * whole file through the same checks, so {@link CorpusEmbedding} finds a bad line before it embeds
   * anything. Duplicate ids are found with a hash table of 11–21 bytes per document.
   */
  static CorpusSource beirJsonl(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    return new BeirSource(file);
  }

  /**
   * A plain text file, one text per line (UTF-8, also {@code .gz}); a text's id is its 1-based line
   * number. Blank lines are skipped (their numbers are not reused).
   */
  static CorpusSource lines(Path file) {
    return new LineSource(file, (line, lineNo) -> new Text(Long.toString(lineNo), line));
  }

  /**
   * Texts from an iterator; a text's id is its 0-based position. To resume, {@code texts} must
   * yield the same texts in the same order each time it is called. The size is unknown (no ETA)
   * unless given.
   *
   * @param size the number of texts, or -1 when unknown
   */
  static CorpusSource of(Supplier<? extends Iterator<String>> texts, long size) {
    if (texts == null) {
      throw new IllegalArgumentException("texts must not be null");
    }
    return new CorpusSource() {
      @Override
      public Cursor open() {
        Iterator<String> it = texts.get();
        return new Cursor() {
          long i;

          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Text next() {
            String t = it.next();
            if (t == null) {
              throw new IllegalArgumentException("text " + i + " of the iterator is null");
            }
            return new Text(Long.toString(i++), t);
          }

          @Override
          public void close() {}
        };
      }

      @Override
      public OptionalLong size() {
        return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
      }

      @Override
      public String describe() {
        return "iterator";
      }
    };
  }

  /** Parses one non-blank line (1-based line number). */
  @FunctionalInterface
  interface LineParser {
    Text parse(String line, long lineNo);
  }

  /** A line-oriented file source. */
  final class LineSource implements CorpusSource {
    private final Path file;
    private final LineParser parser;

    LineSource(Path file, LineParser parser) {
      if (file == null) {
        throw new IllegalArgumentException("file must not be null");
      }
      this.file = file;
      this.parser = parser;
    }

    private BufferedReader reader() throws IOException {
      InputStream in = Files.newInputStream(file);
      if (file.getFileName().toString().endsWith(".gz")) {
        in = new GZIPInputStream(in, 1 << 16);
      }
      // malformed UTF-8 is an error, not a silent U+FFFD that two texts could share
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16);
    }

    @Override
    public Cursor open() throws IOException {
      BufferedReader r = reader();
      return new Cursor() {
        long lineNo;
        Text next;

        private void advance() {
          try {
            String line;
            while ((line = r.readLine()) != null) {
              lineNo++;
              if (!line.isBlank()) {
                next = parser.parse(line, lineNo);
                return;
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read past line " + lineNo + " (" + e
                + "; input is decoded in blocks, so a malformed UTF-8 byte may lie a few lines further)", e);
          }
        }

        @Override
        public boolean hasNext() {
          if (next == null) {
            advance();
          }
          return next != null;
        }

        @Override
        public Text next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          Text t = next;
          next = null;
          return t;
        }

        @Override
        public void close() throws IOException {
          r.close();
        }
      };
    }

    @Override
    public OptionalLong size() throws IOException {
      long n = 0;
      try (BufferedReader r = reader()) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank()) {
            n++;
          }
        }
      }
      return OptionalLong.of(n);
    }

    @Override
    public String describe() {
      return file.toString();
    }
  }

  /** A BEIR corpus file read through {@link BeirCorpusReader}. */
  final class BeirSource implements CorpusSource {
    private final Path file;

    BeirSource(Path file) {
      this.file = file;
    }

    @Override
    public Cursor open() throws IOException {
      BeirCorpusReader r = BeirCorpusReader.open(file);
      return new Cursor() {
        Document next;

        @Override
        public boolean hasNext() {
          if (next == null) {
            try {
              next = r.next();
            } catch (IOException e) {
              throw new UncheckedIOException(e.getMessage(), e);
            }
          }
          return next != null;
        }

        @Override
        public Text next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          Text t = new Text(next.id(), next.titleAndText());
          next = null;
          return t;
        }

        @Override
        public void close() throws IOException {
          r.close();
        }
      };
    }

    @Override
    public OptionalLong size() throws IOException {
      long n = 0;
      try (BeirCorpusReader r = BeirCorpusReader.open(file)) {
        while (r.next() != null) {
          n++;
        }
      }
      return OptionalLong.of(n);
    }

    @Override
    public String describe() {
      return file.toString();
    }
  }
}

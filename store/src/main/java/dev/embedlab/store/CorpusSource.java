package dev.embedlab.store;

import dev.embedlab.core.Checks;
import dev.embedlab.data.BeirCorpusReader;
import dev.embedlab.data.Document;
import dev.embedlab.data.LineReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.function.Supplier;

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
    Checks.notNull("file", file);
    return new FileSource(file, true);
  }

  /**
   * A plain text file, one text per line (UTF-8, gzip recognised by its magic bytes); a text's id is
   * its 1-based line number. Blank lines are skipped (their numbers are not reused). Read by the data
   * module's {@link LineReader}: invalid UTF-8 is an error naming the file and line, a truncated
   * {@code .gz} names the lines read, a BOM on line 1 is dropped.
   */
  static CorpusSource lines(Path file) {
    Checks.notNull("file", file);
    return new FileSource(file, false);
  }

  /**
   * Texts from an iterator; a text's id is its 0-based position. To resume, {@code texts} must
   * yield the same texts in the same order each time it is called. The size is unknown (no ETA)
   * unless given.
   *
   * @param size the number of texts, or -1 when unknown
   */
  static CorpusSource of(Supplier<? extends Iterator<String>> texts, long size) {
    Checks.notNull("texts", texts);
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

  /** A corpus file read by the data module: a BEIR corpus or plain text lines. */
  final class FileSource implements CorpusSource {
    private final Path file;
    private final boolean beir;

    FileSource(Path file, boolean beir) {
      this.file = file;
      this.beir = beir;
    }

    /** Reads the next text of a pass, or null at the end. */
    private interface TextStep {
      Text next() throws IOException;
    }

    /** One pass over the file: texts from {@code step}, then {@code reader} closed with the pass. */
    private record Pass(TextStep step, Closeable reader) implements Closeable {
      Text next() throws IOException {
        return step.next();
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    }

    private Pass pass() throws IOException {
      if (beir) {
        BeirCorpusReader r = BeirCorpusReader.open(file);
        return new Pass(() -> {
          Document d = r.next();
          return d == null ? null : new Text(d.id(), d.titleAndText());
        }, r);
      }
      LineReader r = LineReader.open(file);
      return new Pass(() -> {
        for (String line = r.next(); line != null; line = r.next()) {
          if (!line.isBlank()) {
            return new Text(Long.toString(r.lineNo()), line);
          }
        }
        return null;
      }, r);
    }

    @Override
    public Cursor open() throws IOException {
      Pass p = pass();
      return new Cursor() {
        Text next;

        @Override
        public boolean hasNext() {
          if (next == null) {
            try {
              next = p.next();
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
          Text t = next;
          next = null;
          return t;
        }

        @Override
        public void close() throws IOException {
          p.close();
        }
      };
    }

    /** Reads the whole file through the same checks, so a bad line is found before any work. */
    @Override
    public OptionalLong size() throws IOException {
      long n = 0;
      try (Pass p = pass()) {
        while (p.next() != null) {
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

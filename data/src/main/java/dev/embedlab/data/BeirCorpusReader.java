package dev.embedlab.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one reader of BEIR corpus files ({@code corpus.jsonl} or gzipped: one JSON object per line
 * with {@code _id}, optional {@code title} and {@code text}), streaming: one {@link Document} at a
 * time, so a corpus that does not fit in memory can be read. {@link BeirDatasets#readCorpus} (the
 * eager loader), the store's {@code CorpusSource.beirJsonl} and Spark's {@code SparkCorpora} all read
 * through it, so they refuse the same things with the same message ({@code file:line: expected …,
 * found …}):
 * <ul>
 *   <li>a line that is not one JSON object: two objects on a line, anything after the object,
 *       invalid JSON, a key repeated within the object;</li>
 *   <li>a missing, empty or non-string {@code _id}; an id with whitespace or a control character
 *       (the package's one id policy, see {@link Ids}); a duplicate id (naming the first line);</li>
 *   <li>a {@code title} or {@code text} that is not a string; any field holding an unpaired
 *       surrogate ({@code "\ud800"}: it has no UTF-8 encoding, and the {@code Embedder} boundary
 *       refuses it too);</li>
 *   <li>invalid UTF-8 bytes (with their line), a truncated or corrupt gzip stream (naming the
 *       complete lines read).</li>
 * </ul>
 * Blank lines are skipped; their numbers still count.
 *
 * <p>Duplicate ids, streaming: the reader keeps a 64-bit hash of every id ({@link SeenIds}), 8 bytes
 * per slot of an open-addressing table at most 3/4 full, i.e. 11–21 bytes per document (10 million
 * documents: at most 134 MB; a {@code HashSet<String>} of the ids would take 60–100 bytes each). When
 * a hash repeats, the files read so far are read again up to the current line to find the first
 * occurrence: a real duplicate is reported with the line of its first occurrence; a hash collision
 * (odds about n²/2⁶⁵) costs that rescan and nothing else. Sources must therefore be re-openable
 * ({@link Opener}).
 */
public final class BeirCorpusReader implements Closeable {
  /** Opens the file's bytes from the start; called again to find a duplicate id's first line. */
  @FunctionalInterface
  public interface Opener {
    /** @return a new stream over the whole file, gzipped or not */
    InputStream open() throws IOException;
  }

  private final Path file;
  private final Opener opener;
  private final SeenIds seen;
  private final boolean idAlias;
  private final LineReader lines;

  private BeirCorpusReader(Path file, Opener opener, SeenIds seen, boolean idAlias) throws IOException {
    this.file = file;
    this.opener = opener;
    this.seen = seen;
    this.idAlias = idAlias;
    this.lines = new LineReader(file, opener.open());
    seen.files.add(this);
  }

  /** Opens a local corpus file, checking that it exists. */
  public static BeirCorpusReader open(Path file) throws IOException {
    TextFiles.requireFile(file, "a BEIR corpus (JSON lines with _id, title, text)");
    return open(file, () -> Files.newInputStream(file), new SeenIds(), false);
  }

  /**
   * Opens a corpus from any byte source (a Hadoop file system, say).
   *
   * @param name the file's name in messages
   * @param opener opens the bytes from the start (again when an id repeats)
   * @param seen the ids seen so far; share one between the files of one corpus so that an id
   *     repeated across files is found too
   * @param idAlias accept {@code id} when a line has no {@code _id} (generic JSON-lines corpora)
   */
  public static BeirCorpusReader open(Path name, Opener opener, SeenIds seen, boolean idAlias) throws IOException {
    if (name == null || opener == null || seen == null) {
      throw new IllegalArgumentException("name, opener and seen must not be null; name=" + name);
    }
    return new BeirCorpusReader(name, opener, seen, idAlias);
  }

  /** @return the file this reader reads (as named in messages) */
  public Path file() {
    return file;
  }

  /** @return the 1-based number of the line of the document last returned (0 before the first) */
  public long lineNo() {
    return lines.lineNo();
  }

  /**
   * @return the next document, or null at the end of the file
   * @throws MalformedDataException naming the file and line of a line that breaks the format
   * @throws DatasetException when the file cannot be read to its end (truncated gzip, say)
   */
  public Document next() throws IOException {
    String line;
    while ((line = lines.next()) != null) {
      if (line.isBlank()) {
        continue;
      }
      long no = lines.lineNo();
      Document d = parseLine(file, no, line, idAlias);
      if (!seen.add(d.id())) {
        String first = firstOccurrence(d.id(), no);
        if (first != null) {
          throw new MalformedDataException(file, no, "duplicate _id=" + d.id() + " (first " + first + ")");
        }
      }
      return d;
    }
    return null;
  }

  /**
   * Parses one non-blank corpus line with every check except duplicates (which need the other
   * lines). Lines read without their numbers (Spark's parallel readers) pass {@code no = 0}.
   */
  public static Document parseLine(Path file, long no, String line, boolean idAlias) throws MalformedDataException {
    if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
      line = line.substring(1);
    }
    JsonNode n = JsonLines.parseObject(file, no, line);
    String field = idAlias && !n.has("_id") && n.has("id") ? "id" : "_id";
    String id = JsonLines.requiredText(file, no, n, field);
    if (id.isEmpty()) {
      throw new MalformedDataException(file, no, "expected a non-empty \"" + field + "\"");
    }
    Ids.check(file, no, "an \"" + field + "\"", id);
    return new Document(id, JsonLines.optionalText(file, no, n, "title"), JsonLines.optionalText(file, no, n, "text"));
  }

  /** Where {@code id} first appeared ("on line N" or "in F on line N"), or null on a hash collision. */
  private String firstOccurrence(String id, long before) throws IOException {
    for (BeirCorpusReader r : seen.files) {
      try (LineReader again = new LineReader(r.file, r.opener.open())) {
        String line;
        while ((line = again.next()) != null && (r != this || again.lineNo() < before)) {
          if (!line.isBlank() && id.equals(parseLine(r.file, again.lineNo(), line, r.idAlias).id())) {
            return (r == this ? "" : "in " + r.file + " ") + "on line " + again.lineNo();
          }
        }
      }
      if (r == this) {
        break;
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }

  /**
   * The ids read so far, as 64-bit hashes in an open-addressing table (8 bytes a slot, at most 3/4
   * full), and the files they came from. Not thread-safe.
   */
  public static final class SeenIds {
    private final List<BeirCorpusReader> files = new ArrayList<>();
    private long[] slots = new long[1 << 10];
    private int size;

    /** @return the number of distinct id hashes held */
    public int size() {
      return size;
    }

    /** @return true when the id's hash was new */
    boolean add(String id) {
      if (size + 1 > slots.length / 4 * 3) {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long h : old) {
          if (h != 0) {
            insert(slots, h);
          }
        }
      }
      boolean added = insert(slots, hash(id));
      if (added) {
        size++;
      }
      return added;
    }

    private static boolean insert(long[] table, long h) {
      int mask = table.length - 1;
      for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
        if (table[i] == 0) {
          table[i] = h;
          return true;
        }
        if (table[i] == h) {
          return false;
        }
      }
    }

    /** FNV-1a over the UTF-16 units, then MurmurHash3's 64-bit finaliser; never 0 (the empty slot). */
    static long hash(String s) {
      long h = 0xcbf29ce484222325L;
      for (int i = 0; i < s.length(); i++) {
        h ^= s.charAt(i);
        h *= 0x100000001b3L;
      }
      h ^= h >>> 33;
      h *= 0xff51afd7ed558ccdL;
      h ^= h >>> 33;
      h *= 0xc4ceb93e53bd92c1L;
      h ^= h >>> 33;
      return h == 0 ? 1 : h;
    }
  }
}

package dev.embedlab.store;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.Float16;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * Embeds a corpus straight to a {@link VectorFile}, one batch at a time: the heap holds one batch
 * of texts and vectors, whatever the corpus size. Resumable: after every batch the rows and ids
 * are forced to disk and a checkpoint names how many texts are done, so a run killed at any moment
 * (SIGKILL included) restarts from the last complete batch and, with a deterministic embedder,
 * produces a file byte-identical to an uninterrupted run.
 *
 * <p>Files while running, next to the output {@code out}: {@code out.part} (header placeholder and
 * rows), {@code out.ids.part} (the id section), {@code out.ckpt} (checkpoint, replaced atomically).
 * On completion the id section is appended, the header written with counts and CRC-32Cs, and
 * {@code out.part} renamed to {@code out} atomically; then the others are deleted. A run refuses to
 * resume a checkpoint written with another embedder fingerprint, dimension, element type or batch
 * size (batches must line up: a real model's output can depend on what else is in its batch
 * through padding), and refuses to run while another process holds {@code out.part}'s lock.
 *
 * <p><b>Resuming checks what it resumes.</b> The checkpoint records the source's identity so far
 * (SHA-256 over the ids and texts already embedded) and the CRC-32C of the finished rows and ids.
 * A resumed run re-reads the first texts of the source and refuses to go on when they differ (a
 * different file with the same count used to complete silently with half the rows from the old
 * texts), and re-reads the finished rows and refuses them when their checksum differs (a damaged
 * {@code .part} row used to survive into a file with a valid CRC). The finished file's row checksum
 * is the one accumulated from the vectors as they were written, so a row damaged on disk during the
 * run is refused at the end rather than sealed in.
 *
 * <p>Every vector passes the library's vector policy ({@link VectorUtil#checkFinite}: finite
 * components, L2 norm at most 2^63) before it is written; one that breaks it (NaN, infinity, a
 * component of 3e38) stops the run with an {@link IllegalStateException} naming the document, its
 * index and the component. Truncation counts come from {@link UsageReporting} and cover this run's
 * texts only.
 */
public final class CorpusEmbedding {
  private final Embedder embedder;
  private final CorpusSource source;
  private final Path out;
  private final int batchSize;
  private final ElementType elementType;
  private final PrintStream console;

  private CorpusEmbedding(Builder b) {
    this.embedder = b.embedder;
    this.source = b.source;
    this.out = b.out;
    this.batchSize = b.batchSize;
    this.elementType = b.elementType;
    this.console = b.console;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What a run did.
   *
   * @param file the finished vector file
   * @param rows rows in the file
   * @param resumedFromRows rows found done by an earlier run (0 for a fresh run)
   * @param embeddedThisRun texts embedded by this run
   * @param truncatedThisRun texts this run's embedder truncated (-1 when it does not report usage)
   * @param seconds wall time of this run
   */
  public record Result(Path file, long rows, long resumedFromRows, long embeddedThisRun, long truncatedThisRun,
      double seconds) {}

  /** The checkpoint: how far a run got. */
  private record Checkpoint(String fingerprint, int dim, ElementType type, int batchSize, long rows, long idsBytes,
      String sourceSha256, int rowsCrc, int idsCrc) {
    void write(Path file) throws IOException {
      Properties p = new Properties();
      p.setProperty("fingerprint", fingerprint);
      p.setProperty("dim", Integer.toString(dim));
      p.setProperty("elementType", type.name());
      p.setProperty("batchSize", Integer.toString(batchSize));
      p.setProperty("rows", Long.toString(rows));
      p.setProperty("idsBytes", Long.toString(idsBytes));
      p.setProperty("sourceSha256", sourceSha256);
      p.setProperty("rowsCrc", Integer.toString(rowsCrc));
      p.setProperty("idsCrc", Integer.toString(idsCrc));
      java.io.StringWriter w = new java.io.StringWriter();
      p.store(w, null);
      // Properties.store writes a date comment; drop it so checkpoints carry no time
      String text = w.toString().lines().filter(l -> !l.startsWith("#")).reduce("", (a, l) -> a + l + "\n");
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    }

    static Checkpoint read(Path file) throws IOException {
      Properties p = new Properties();
      try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      try {
        return new Checkpoint(p.getProperty("fingerprint"), Integer.parseInt(p.getProperty("dim")),
            ElementType.valueOf(p.getProperty("elementType")), Integer.parseInt(p.getProperty("batchSize")),
            Long.parseLong(p.getProperty("rows")), Long.parseLong(p.getProperty("idsBytes")),
            java.util.Objects.requireNonNull(p.getProperty("sourceSha256"), "sourceSha256"),
            Integer.parseInt(p.getProperty("rowsCrc")), Integer.parseInt(p.getProperty("idsCrc")));
      } catch (RuntimeException e) {
        throw new IOException(file + ": expected a checkpoint with fingerprint, dim, elementType, batchSize, rows,"
            + " idsBytes, sourceSha256, rowsCrc and idsCrc, found " + p.keySet() + " (a checkpoint of an older"
            + " version cannot be checked: delete it and the .part files to start over)", e);
      }
    }
  }

  /**
   * Runs (or resumes) the embedding.
   *
   * @throws IOException on a file error, or when {@code out} exists and was written by another embedder
   * @throws IllegalStateException when a checkpoint from another configuration is found, another
   *     process is writing the same output, the source is shorter than the checkpoint says, or
   *     the embedder returns a bad vector
   */
  public Result run() throws IOException {
    long t0 = System.nanoTime();
    String fp = Fingerprinted.fingerprintOf(embedder);
    int dim = embedder.dimension();
    Path part = sibling(".part");
    Path idsPart = sibling(".ids.part");
    Path ckptFile = sibling(".ckpt");
    if (Files.exists(out)) {
      try (MappedVectors done = MappedVectors.open(out)) {
        if (!done.fingerprint().equals(fp) || done.dimension() != dim || done.header().elementType() != elementType) {
          throw new IOException(out + " exists and was written by '" + done.fingerprint() + "' (dim "
              + done.dimension() + ", " + done.header().elementType() + "); expected '" + fp + "' (dim " + dim
              + ", " + elementType + "). Delete it or choose another output.");
        }
        // finished earlier (perhaps killed while deleting the run files): tidy up
        Files.deleteIfExists(ckptFile);
        Files.deleteIfExists(idsPart);
        return new Result(out, done.count(), done.count(), 0, 0, (System.nanoTime() - t0) / 1e9);
      }
    }
    int headerBytes = VectorFile.headerBytesFor(fp);
    long rowBytes = (long) dim * elementType.bytes();
    Checkpoint ck = Files.exists(ckptFile) && Files.exists(part) && Files.exists(idsPart) ? Checkpoint.read(ckptFile) : null;
    if (ck != null) {
      checkSame("fingerprint", ck.fingerprint(), fp);
      checkSame("dim", ck.dim(), dim);
      checkSame("elementType", ck.type(), elementType);
      checkSame("batchSize", ck.batchSize(), batchSize);
    }
    UsageReporting.Usage usage0 = UsageReporting.usageOf(embedder).orElse(null);
    try (FileChannel rows = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.READ);
        FileLock lock = rows.tryLock();
        FileChannel ids = FileChannel.open(idsPart, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.READ)) {
      if (lock == null) {
        throw new IllegalStateException(part + " is locked by another process writing the same output");
      }
      long done;
      long idsBytes;
      if (ck == null) {
        rows.truncate(0);
        ids.truncate(0);
        ByteBuffer placeholder = VectorFile.encode(new VectorFile.Header(headerBytes, elementType, dim, fp, 0, 0, 0, 0));
        writeFully(rows, placeholder, 0);
        rows.force(false);
        done = 0;
        idsBytes = 0;
        new Checkpoint(fp, dim, elementType, batchSize, 0, 0, hex(sha256().digest()), 0, 0).write(ckptFile);
      } else {
        done = ck.rows();
        idsBytes = ck.idsBytes();
        // drop whatever a killed run wrote after its last checkpoint
        if (rows.size() < headerBytes + done * rowBytes || ids.size() < idsBytes) {
          throw new IllegalStateException(part + " is shorter than its checkpoint " + ckptFile + " says ("
              + done + " rows): the run files were changed; delete them to start over");
        }
        rows.truncate(headerBytes + done * rowBytes);
        ids.truncate(idsBytes);
      }
      // running checksums of what was written: CRC-32C cannot be resumed from a value, so a resumed
      // run reads the finished part once and checks it against the checkpoint before going on
      java.util.zip.CRC32C rowsCrc = new java.util.zip.CRC32C();
      java.util.zip.CRC32C idsCrc = new java.util.zip.CRC32C();
      VectorFile.updateCrc(rowsCrc, rows, headerBytes, headerBytes + done * rowBytes);
      VectorFile.updateCrc(idsCrc, ids, 0, idsBytes);
      if (ck != null) {
        checkCrc(ck.rowsCrc(), (int) rowsCrc.getValue(), part, done + " finished rows");
        checkCrc(ck.idsCrc(), (int) idsCrc.getValue(), idsPart, done + " finished ids");
      }
      MessageDigest sourceDigest = sha256();
      long resumed = done;
      OptionalLong total = source.size();
      ConsoleProgress progress = console == null ? null
          : new ConsoleProgress(console, out.getFileName().toString(), total.orElse(-1), done, System::nanoTime,
              200_000_000L);
      try (CorpusSource.Cursor cursor = source.open()) {
        for (long i = 0; i < done; i++) {
          if (!cursor.hasNext()) {
            throw new IllegalStateException(source.describe() + " has " + i + " texts; the checkpoint says "
                + done + " were already embedded: the source changed since the first run");
          }
          digest(sourceDigest, cursor.next());
        }
        if (ck != null && !ck.sourceSha256().equals(snapshot(sourceDigest))) {
          throw new IllegalStateException("cannot resume " + out + ": the first " + done + " texts of "
              + source.describe() + " differ from those the checkpoint " + ckptFile + " was written for (SHA-256 of"
              + " ids and texts " + ck.sourceSha256() + ", now " + snapshot(sourceDigest) + "): the"
              + " source changed since the first run. Use the same source, or delete " + ckptFile + " and " + part
              + " to start over");
        }
        List<CorpusSource.Text> batch = new ArrayList<>(batchSize);
        ByteBuffer rowBuf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE, rowBytes * batchSize))
            .order(ByteOrder.LITTLE_ENDIAN);
        while (cursor.hasNext()) {
          batch.clear();
          while (batch.size() < batchSize && cursor.hasNext()) {
            batch.add(cursor.next());
          }
          List<String> texts = new ArrayList<>(batch.size());
          for (CorpusSource.Text t : batch) {
            texts.add(t.text());
          }
          float[][] v = embedder.embed(texts, Embedder.Role.DOCUMENT);
          if (v == null || v.length != batch.size()) {
            throw new IllegalStateException(embedder.id() + " returned " + (v == null ? "null" : v.length + " vectors")
                + " for " + batch.size() + " texts");
          }
          rowBuf.clear();
          for (int r = 0; r < v.length; r++) {
            encodeRow(v[r], dim, batch.get(r).id(), done + r, rowBuf);
            digest(sourceDigest, batch.get(r));
          }
          rowBuf.flip();
          rowsCrc.update(rowBuf.duplicate());
          writeFully(rows, rowBuf, headerBytes + done * rowBytes);
          ByteBuffer idBuf = encodeIds(batch);
          int n = idBuf.remaining();
          idsCrc.update(idBuf.duplicate());
          writeFully(ids, idBuf, idsBytes);
          rows.force(false);
          ids.force(false);
          done += batch.size();
          idsBytes += n;
          new Checkpoint(fp, dim, elementType, batchSize, done, idsBytes, snapshot(sourceDigest),
              (int) rowsCrc.getValue(), (int) idsCrc.getValue()).write(ckptFile);
          if (progress != null) {
            progress.update(done);
          }
        }
      }
      if (progress != null) {
        progress.finish();
      }
      // finish: ids after rows, real header, rename
      long rowsEnd = headerBytes + done * rowBytes;
      // the checksums of what was written, checked against what the files now hold
      checkCrc((int) rowsCrc.getValue(), VectorFile.crc(rows, headerBytes, rowsEnd), part, done + " rows");
      checkCrc((int) idsCrc.getValue(), VectorFile.crc(ids, 0, idsBytes), idsPart, done + " ids");
      rows.truncate(rowsEnd);
      long copied = 0;
      while (copied < idsBytes) {
        copied += ids.transferTo(copied, idsBytes - copied, rows.position(rowsEnd + copied));
      }
      writeFully(rows, VectorFile.encode(new VectorFile.Header(headerBytes, elementType, dim, fp, done, idsBytes,
          (int) rowsCrc.getValue(), (int) idsCrc.getValue())), 0);
      rows.force(true);
      try {
        Files.move(part, out, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(part, out);
      }
      long truncated = -1;
      long embedded = done - resumed;
      if (usage0 != null) {
        truncated = UsageReporting.usageOf(embedder).orElseThrow().truncatedTexts() - usage0.truncatedTexts();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      if (console != null) {
        console.printf(Locale.ROOT, "%s: %,d rows (%,d embedded in this run, %,d resumed) in %.1f s, %,.0f texts/s;"
            + " truncated to the model's maximum length: %s%n", out.getFileName(), done, embedded, resumed, secs,
            embedded / Math.max(secs, 1e-9), truncated < 0 ? "not reported by " + embedder.id() : truncated + " texts");
      }
      Files.deleteIfExists(ckptFile);
      Files.deleteIfExists(idsPart);
      return new Result(out, done, resumed, embedded, truncated, secs);
    }
  }

  private void encodeRow(float[] v, int dim, String id, long index, ByteBuffer buf) {
    String doc = "document '" + id + "' (index " + index + ")";
    if (v == null || v.length != dim) {
      throw new IllegalStateException(embedder.id() + " returned a vector of length " + (v == null ? "null" : v.length)
          + " for " + doc + "; expected " + dim);
    }
    try {
      VectorUtil.checkFinite(v, "vector");
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(embedder.id() + " returned a vector outside the vector policy for " + doc + ": "
          + e.getMessage() + "; nothing non-finite is written", e);
    }
    for (int j = 0; j < dim; j++) {
      float f = v[j];
      if (elementType == ElementType.FLOAT32) {
        buf.putFloat(f);
      } else {
        short h = Float16.floatToHalf(f);
        if ((h & 0x7C00) == 0x7C00) {
          throw new IllegalStateException("component " + j + " of " + doc + " is " + f
              + ", beyond float16's range ±65504");
        }
        buf.putShort(h);
      }
    }
  }

  private static void digest(MessageDigest d, CorpusSource.Text t) {
    byte[] id = t.id().getBytes(StandardCharsets.UTF_8);
    byte[] text = t.text().getBytes(StandardCharsets.UTF_8);
    // length-prefixed, so that ("ab", "c") and ("a", "bc") differ
    d.update(ByteBuffer.allocate(8).putInt(id.length).putInt(text.length).array());
    d.update(id);
    d.update(text);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** The hex digest of what {@code d} has seen so far, leaving {@code d} able to go on. */
  private static String snapshot(MessageDigest d) {
    try {
      return hex(((MessageDigest) d.clone()).digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the SHA-256 implementation cannot be cloned", e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private void checkCrc(int expected, int found, Path file, String what) {
    if (expected != found) {
      throw new IllegalStateException(String.format(Locale.ROOT, "%s: the %s were changed on disk since they were"
          + " written (CRC-32C 0x%08X expected, 0x%08X found); delete %s and %s to start over", file, what, expected,
          found, sibling(".ckpt"), sibling(".part")));
    }
  }

  private static ByteBuffer encodeIds(List<CorpusSource.Text> batch) {
    int n = 0;
    List<byte[]> enc = new ArrayList<>(batch.size());
    for (CorpusSource.Text t : batch) {
      byte[] b = t.id().getBytes(StandardCharsets.UTF_8);
      enc.add(b);
      n += 4 + b.length;
    }
    ByteBuffer buf = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] b : enc) {
      buf.putInt(b.length).put(b);
    }
    return buf.flip();
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    long p = pos;
    while (b.hasRemaining()) {
      p += ch.write(b, p);
    }
  }

  private void checkSame(String what, Object inCheckpoint, Object now) {
    if (!inCheckpoint.equals(now)) {
      throw new IllegalStateException("cannot resume " + out + ": the checkpoint was written with " + what + " '"
          + inCheckpoint + "', this run has '" + now + "'. Use the same settings, or delete " + sibling(".ckpt")
          + " and " + sibling(".part") + " to start over");
    }
  }

  private Path sibling(String suffix) {
    return out.resolveSibling(out.getFileName() + suffix);
  }

  /** Builder of a {@link CorpusEmbedding}. */
  public static final class Builder {
    private Embedder embedder;
    private CorpusSource source;
    private Path out;
    private int batchSize = 256;
    private ElementType elementType = ElementType.FLOAT32;
    private PrintStream console;

    private Builder() {}

    /** The document embedder (required). Not closed by the run. */
    public Builder embedder(Embedder e) {
      this.embedder = e;
      return this;
    }

    /** The corpus (required). */
    public Builder source(CorpusSource s) {
      this.source = s;
      return this;
    }

    /** The vector file to write (required). */
    public Builder output(Path file) {
      this.out = file;
      return this;
    }

    /** Texts per embed call and per checkpoint; default 256. */
    public Builder batchSize(int n) {
      this.batchSize = Checks.atLeast("batchSize", n, 1);
      return this;
    }

    /** How components are stored; default float32. */
    public Builder elementType(ElementType t) {
      this.elementType = Checks.notNull("elementType", t);
      return this;
    }

    /** Where to draw the progress bar and the final summary (e.g. {@code System.err}); null: silent (default). */
    public Builder console(PrintStream p) {
      this.console = p;
      return this;
    }

    /** @throws IllegalArgumentException naming the first missing part */
    public CorpusEmbedding build() {
      if (embedder == null) {
        throw new IllegalArgumentException("embedder must be set");
      }
      if (source == null) {
        throw new IllegalArgumentException("source must be set");
      }
      if (out == null) {
        throw new IllegalArgumentException("output must be set");
      }
      return new CorpusEmbedding(this);
    }
  }
}

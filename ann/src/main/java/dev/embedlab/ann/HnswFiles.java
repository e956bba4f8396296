package dev.embedlab.ann;

import dev.embedlab.core.io.CorruptFileException;
import dev.embedlab.core.retrieval.Similarity;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.lucene.codecs.CodecUtil;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;

/**
 * The files of a saved {@link LuceneHnswRetriever}: the metadata file
 * {@value LuceneHnswRetriever#META_FILE} (core's checksummed framing, magic {@code "ELAH"}), the
 * checksum check of every Lucene file before an index is searched, and the copy of an index into
 * a new directory.
 */
final class HnswFiles {
  static final int META_VERSION = 1;

  private HnswFiles() {}

  /** What the metadata file holds. */
  record Meta(LuceneHnswRetriever.Params params, String[] ids, int dim, double buildMillis) {}

  static void writeMeta(Path file, Meta m) throws IOException {
    LuceneHnswRetriever.Params params = m.params();
    AnnFiles.write(file, AnnFiles.HNSW_META_MAGIC, META_VERSION, out -> {
      out.writeUTF(params.similarity().name());
      out.writeInt(m.dim());
      out.writeInt(params.maxConn());
      out.writeInt(params.beamWidth());
      out.writeInt(params.candidates());
      out.writeInt(params.scalarBits());
      out.writeFloat(params.confidenceInterval());
      out.writeBoolean(params.rescore());
      out.writeDouble(m.buildMillis());
      AnnFiles.writeIds(out, m.ids());
    });
  }

  /** Reads and checks the metadata of the index in {@code dir}; {@code threads} is the caller's. */
  static Meta readMeta(Path dir, int threads) throws IOException {
    Path meta = dir.resolve(LuceneHnswRetriever.META_FILE);
    try (DataInputStream in = AnnFiles.open(meta, AnnFiles.HNSW_META_MAGIC, META_VERSION, "an embedlab HNSW metadata")) {
      String simName = in.readUTF();
      Similarity sim;
      try {
        sim = Similarity.valueOf(simName);
      } catch (IllegalArgumentException e) {
        throw new CorruptFileException(meta, "expected a similarity, found '" + simName + "'");
      }
      int dim = in.readInt();
      int maxConn = in.readInt();
      int beam = in.readInt();
      int cand = in.readInt();
      int bits = in.readInt();
      float ci = in.readFloat();
      boolean rescore = in.readBoolean();
      double buildMs = in.readDouble();
      String[] ids = AnnFiles.readIds(in, meta);
      if (dim < 1 || maxConn < 1 || beam < 1 || cand < 1 || (bits != 0 && bits != 4 && bits != 7)) {
        throw new CorruptFileException(meta, "expected positive parameters, found dim=" + dim + " maxConn=" + maxConn
            + " beamWidth=" + beam + " candidates=" + cand + " bits=" + bits);
      }
      return new Meta(new LuceneHnswRetriever.Params(sim, maxConn, beam, cand, bits, ci, rescore, threads), ids, dim,
          buildMs);
    } catch (EOFException e) {
      throw AnnFiles.truncated(meta, e, "the HNSW metadata");
    }
  }

  /** Whether {@code f} is one of Lucene's index files (not the metadata, a temporary or the lock). */
  static boolean isIndexFile(String f) {
    return !f.equals(LuceneHnswRetriever.META_FILE) && !f.endsWith(".tmp") && !f.equals(IndexWriter.WRITE_LOCK_NAME);
  }

  /** Reads every Lucene file of {@code d} through its checksum footer; names the file that fails. */
  static void verifyChecksums(Directory d, Path dir) throws IOException {
    for (String f : d.listAll()) {
      if (!isIndexFile(f)) {
        continue;
      }
      try (IndexInput in = d.openInput(f, IOContext.READONCE)) {
        CodecUtil.checksumEntireFile(in);
      } catch (IOException e) {
        CorruptFileException c = new CorruptFileException(dir.resolve(f), "Lucene index file failed its checksum: "
            + e.getMessage());
        c.initCause(e);
        throw c;
      }
    }
  }

  /** Creates {@code dir} and checks that it is empty; {@code purpose} completes "must be empty to ...". */
  static void requireEmpty(Path dir, String purpose) throws IOException {
    Files.createDirectories(dir);
    try (var s = Files.list(dir)) {
      if (s.findAny().isPresent()) {
        throw new IllegalArgumentException("directory must be empty to " + purpose + "; directory=" + dir);
      }
    }
  }

  /** Copies the Lucene files of {@code source} into the empty directory {@code dir} and syncs them. */
  static void copyIndex(Directory source, Path dir) throws IOException {
    requireEmpty(dir, "save an index into");
    try (Directory target = FSDirectory.open(dir)) {
      for (String f : source.listAll()) {
        if (!f.equals(IndexWriter.WRITE_LOCK_NAME) && !f.equals(LuceneHnswRetriever.META_FILE)) {
          target.copyFrom(source, f, f, IOContext.DEFAULT);
        }
      }
      target.sync(Arrays.asList(target.listAll()));
    }
  }
}

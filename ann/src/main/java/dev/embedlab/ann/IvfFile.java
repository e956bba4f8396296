package dev.embedlab.ann;

import dev.embedlab.compress.ProductQuantizer;
import dev.embedlab.compress.VectorCompressor;
import dev.embedlab.core.Checks;
import dev.embedlab.core.io.CorruptFileException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The file of a saved {@link IvfRetriever}: core's checksummed framing (magic {@code "ELAI"}) over
 * the parameters, ids, centroids, list offsets and members, the float vectors when kept, and the
 * product quantiser with each list's codes; every count and offset is checked on reading.
 */
final class IvfFile {
  private IvfFile() {}

  static void write(IvfRetriever r, Path path) throws IOException {
    byte[] pqBytes = null;
    if (r.pq != null) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      r.pq.write(b);
      pqBytes = b.toByteArray();
    }
    byte[] pqb = pqBytes;
    AnnFiles.write(path, AnnFiles.IVF_MAGIC, IvfRetriever.VERSION, out -> {
      out.writeInt(r.dim);
      out.writeInt(r.nlist);
      out.writeInt(r.nprobe);
      out.writeInt(r.pqM);
      out.writeInt(r.rescore);
      out.writeLong(r.seed);
      out.writeDouble(r.buildMillis);
      AnnFiles.writeIds(out, r.ids);
      float[] flatC = new float[r.nlist * r.dim];
      for (int c = 0; c < r.nlist; c++) {
        System.arraycopy(r.centroids[c], 0, flatC, c * r.dim, r.dim);
      }
      AnnFiles.writeFloats(out, flatC);
      for (int o : r.offsets) {
        out.writeInt(o);
      }
      for (int o : r.ords) {
        out.writeInt(o);
      }
      out.writeBoolean(r.vectors != null);
      if (r.vectors != null) {
        float[] flat = new float[r.ids.length * r.dim];
        for (int i = 0; i < r.ids.length; i++) {
          System.arraycopy(r.vectors[i], 0, flat, i * r.dim, r.dim);
        }
        AnnFiles.writeFloats(out, flat);
      }
      if (pqb != null) {
        out.writeInt(pqb.length);
        out.write(pqb);
        for (byte[] c : r.listCodes) {
          out.writeInt(c.length);
          out.write(c);
        }
      }
    });
  }

  static IvfRetriever read(Path path, int threads) throws IOException {
    Checks.atLeast("threads", threads, 1);
    try (DataInputStream in = AnnFiles.open(path, AnnFiles.IVF_MAGIC, IvfRetriever.VERSION, "an embedlab IVF index")) {
      int dim = in.readInt();
      int nlist = in.readInt();
      int nprobe = in.readInt();
      int pqM = in.readInt();
      int rescore = in.readInt();
      long seed = in.readLong();
      double ms = in.readDouble();
      if (dim < 1 || nlist < 1 || nprobe < 1 || pqM < 0 || rescore < 0 || (pqM > 0 && dim % pqM != 0)) {
        throw new CorruptFileException(path, "expected valid parameters, found dim=" + dim + " nlist=" + nlist
            + " nprobe=" + nprobe + " pqSubspaces=" + pqM + " rescore=" + rescore);
      }
      String[] ids = AnnFiles.readIds(in, path);
      int n = ids.length;
      float[] flatC = AnnFiles.readFloats(in, path, nlist * dim, "centroids");
      float[][] cents = new float[nlist][dim];
      for (int c = 0; c < nlist; c++) {
        System.arraycopy(flatC, c * dim, cents[c], 0, dim);
      }
      int[] offsets = new int[nlist + 1];
      for (int c = 0; c <= nlist; c++) {
        offsets[c] = in.readInt();
        if (c > 0 && offsets[c] < offsets[c - 1] || offsets[0] != 0) {
          throw new CorruptFileException(path, "expected non-decreasing list offsets from 0, found " + offsets[c]
              + " at list " + c);
        }
      }
      if (offsets[nlist] != n) {
        throw new CorruptFileException(path, "expected lists to hold " + n + " documents, found " + offsets[nlist]);
      }
      int[] ords = new int[n];
      boolean[] seen = new boolean[n];
      for (int p = 0; p < n; p++) {
        ords[p] = in.readInt();
        if (ords[p] < 0 || ords[p] >= n || seen[ords[p]]) {
          throw new CorruptFileException(path, "expected each document once in the lists, found ord " + ords[p]);
        }
        seen[ords[p]] = true;
      }
      float[][] vectors = null;
      if (in.readBoolean()) {
        float[] flat = AnnFiles.readFloats(in, path, n * dim, "vectors");
        vectors = new float[n][dim];
        for (int i = 0; i < n; i++) {
          System.arraycopy(flat, i * dim, vectors[i], 0, dim);
        }
      } else if (pqM == 0 || rescore > 0) {
        throw new CorruptFileException(path, "expected float vectors (flat lists or rescoring), found none");
      }
      ProductQuantizer pq = null;
      byte[][] codes = null;
      if (pqM > 0) {
        byte[] pqb = new byte[AnnFiles.checkLength(in.readInt(), path, "PQ length")];
        in.readFully(pqb);
        VectorCompressor vc = VectorCompressor.read(new ByteArrayInputStream(pqb));
        if (!(vc instanceof ProductQuantizer p) || p.subspaces() != pqM || p.dimension() != dim) {
          throw new CorruptFileException(path, "expected a product quantiser with " + pqM + " sub-spaces of dimension "
              + dim + ", found " + vc);
        }
        pq = p;
        codes = new byte[nlist][];
        for (int c = 0; c < nlist; c++) {
          int len = AnnFiles.checkLength(in.readInt(), path, "code length");
          if (len != (offsets[c + 1] - offsets[c]) * pq.bytesPerVector()) {
            throw new CorruptFileException(path, "expected " + (offsets[c + 1] - offsets[c]) * pq.bytesPerVector()
                + " code bytes in list " + c + ", found " + len);
          }
          codes[c] = new byte[len];
          in.readFully(codes[c]);
        }
      }
      return new IvfRetriever(ids, dim, nlist, nprobe, pqM, rescore, threads, seed, ms, cents, offsets, ords,
          vectors, codes, pq);
    } catch (EOFException e) {
      throw AnnFiles.truncated(path, e, "the IVF index");
    }
  }
}

package dev.embedlab.compress;

import dev.embedlab.core.Checks;
import dev.embedlab.core.retrieval.Similarity;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Product quantisation (Jégou, Douze, Schmid, "Product quantization for nearest neighbor search",
 * TPAMI 2011; FAISS {@code ProductQuantizer}). A vector of {@code d} components is cut into {@code m}
 * contiguous sub-vectors of {@code d/m} components; each is replaced by the index of its nearest of
 * {@code k = 2^bits} centroids learned by k-means on that sub-space. A code is {@code m·bits} bits,
 * packed least-significant-bit first into {@code ceil(m·bits/8)} bytes; decoding concatenates the
 * chosen centroids.
 *
 * <p>Training per sub-space: k-means++ seeding (Arthur and Vassilvitskii 2007; one D²-weighted draw
 * per centroid from a {@link Random} seeded with {@code seed + 1_000_003·s}, so results do not depend on
 * the thread count) followed by Lloyd iterations until no assignment changes or
 * {@code iterations} (default 25, FAISS's {@code niter}) is reached. An empty cluster takes the point
 * farthest from its centroid. As in FAISS, at most {@code maxPointsPerCentroid·k} training vectors are
 * used (a seeded sample), and fewer than {@code k} training vectors is an error. Distances in the
 * assignment step use {@code ||c||² - 2x·c} over a centroid table stored dimension-major, so the inner
 * loop runs over centroids and vectorises.
 *
 * <p>Search is asymmetric (ADC): per query, a table {@code T[s][j] = q_s·c_{s,j}} (dot product) or
 * {@code -||q_s - c_{s,j}||²} (Euclidean) is built once, and a code scores {@code Σ_s T[s][code_s]}, i.e.
 * exactly the similarity of the query with the decoded vector, in {@code m} lookups.
 *
 * <p>With as many centroids as (distinct) training vectors, every vector is its own centroid and
 * reconstruction is exact.
 *
 * <p>Optional OPQ ({@link Builder#opqIterations}; Ge, He, Ke, Sun, "Optimized product quantization",
 * TPAMI 2014, non-parametric variant as FAISS {@code OPQMatrix}): an orthogonal {@code d×d} rotation
 * {@code R} is learned so that {@code x·R} is cut into sub-spaces that quantise better; codes are of
 * {@code x·R}, decoding returns {@code ŷ·Rᵀ}, and the ADC table is built from the rotated query, which
 * leaves inner products and distances unchanged. The rotation is saved with the codebooks.
 */
public final class ProductQuantizer implements TrainableCompressor, BatchQueryScoring {
  private final int dim;
  private final int m;
  private final int bits;
  private final int ksub;
  private final int dsub;
  private final int iterations;
  private final long seed;
  private final int threads;
  private final int maxPointsPerCentroid;
  private final int opqIterations;
  private final int seedingSample;
  private final double stopFraction;
  /** OPQ rotation R, [dim][dim] row-major (codes are of x·R); null without OPQ. */
  private float[] rotation;
  /** [m][ksub][dsub] flattened; null until trained. */
  private float[] centroids;
  /** [m][dsub][ksub] flattened (dimension-major copy for assignment). */
  private float[] transposed;
  /** [m][ksub] squared norms of the centroids. */
  private float[] norms;

  private ProductQuantizer(Builder b) {
    this.dim = b.dimension;
    this.m = b.subspaces;
    this.bits = b.bits;
    this.ksub = 1 << b.bits;
    this.dsub = b.dimension / b.subspaces;
    this.iterations = b.iterations();
    this.seed = b.seed();
    this.threads = b.threads();
    this.maxPointsPerCentroid = b.maxPointsPerCentroid;
    this.opqIterations = b.opqIterations;
    this.seedingSample = b.seedingSample();
    this.stopFraction = b.stopFraction();
  }

  /** A builder for vectors of {@code dimension} components. */
  public static Builder builder(int dimension) {
    return new Builder(dimension);
  }

  /**
   * Builder; {@code subspaces} must divide the dimension. The k-means options (iterations, seed,
   * threads) are {@link KMeansBuilder}'s.
   */
  public static final class Builder extends KMeansBuilder<Builder> {
    private final int dimension;
    private int subspaces = -1;
    private int bits = 8;
    private int maxPointsPerCentroid = 256;
    private int opqIterations;

    private Builder(int dimension) {
      CompressorFormat.checkDimension(dimension);
      this.dimension = dimension;
    }

    /** Number of sub-spaces {@code m}; must divide the dimension. Required. */
    public Builder subspaces(int m) {
      if (m < 1 || dimension % m != 0) {
        throw new IllegalArgumentException("subspaces must be >= 1 and divide dimension " + dimension
            + "; subspaces=" + m);
      }
      this.subspaces = m;
      return this;
    }

    /** Bits per sub-space code, 1..8 ({@code 2^bits} centroids); default 8. */
    public Builder bits(int b) {
      if (b < 1 || b > 8) {
        throw new IllegalArgumentException("bits must be in [1, 8]; bits=" + b);
      }
      this.bits = b;
      return this;
    }

    /** Training sample cap per centroid (FAISS's {@code max_points_per_centroid}); default 256. */
    public Builder maxPointsPerCentroid(int n) {
      this.maxPointsPerCentroid = Checks.atLeast("maxPointsPerCentroid", n, 1);
      return this;
    }

    /**
     * Learn an OPQ rotation with this many alternations (0 = plain PQ, the default; FAISS's
     * {@code OPQMatrix} uses 50, 10 gets most of the gain).
     */
    public Builder opqIterations(int n) {
      this.opqIterations = Checks.atLeast("opqIterations", n, 0);
      return this;
    }

    /** An untrained quantizer. */
    public ProductQuantizer build() {
      if (subspaces < 0) {
        throw new IllegalStateException("subspaces must be set (a divisor of " + dimension + ")");
      }
      return new ProductQuantizer(this);
    }
  }

  @Override public CodecKind kind() { return CodecKind.PRODUCT_QUANTIZATION; }
  @Override public String id() {
    return (opqIterations > 0 ? "opq" : "pq") + "(m=" + m + ",bits=" + bits + ")";
  }
  @Override public int dimension() { return dim; }
  @Override public int bytesPerVector() { return (m * bits + 7) >>> 3; }
  @Override public boolean isTrained() { return centroids != null; }

  /** Number of sub-spaces {@code m}. */
  public int subspaces() { return m; }

  /** Bits per sub-space code. */
  public int bits() { return bits; }

  /** Size of the codebooks (and OPQ rotation) in bytes, the per-index overhead. */
  public long codebookBytes() { return 4L * m * ksub * dsub + (opqIterations > 0 ? 4L * dim * dim : 0); }

  @Override public long fixedBytes() { return codebookBytes(); }

  /** A copy of centroid {@code j} of sub-space {@code s}. */
  public float[] centroid(int s, int j) {
    CompressorFormat.checkTrained(this);
    float[] c = new float[dsub];
    System.arraycopy(centroids, (s * ksub + j) * dsub, c, 0, dsub);
    return c;
  }

  @Override
  public void fit(float[][] training) {
    CompressorFormat.checkMatrix(training, dim, "training");
    if (training.length < ksub) {
      throw new IllegalArgumentException("training must hold >= 2^bits=" + ksub
          + " vectors for " + id() + "; training.length=" + training.length);
    }
    float[][] data = training;
    long cap = (long) maxPointsPerCentroid * ksub;
    if (training.length > cap) {
      data = sample(training, (int) cap, new Random(seed));
    }
    if (opqIterations == 0) {
      this.rotation = null;
      install(trainAll(data, iterations));
      return;
    }
    // OPQ (non-parametric, Ge et al. 2013): alternate PQ training on X·R with the orthogonal
    // Procrustes update R = argmin ||X·R - Ŷ||_F = U·Vᵀ for Xᵀ·Ŷ = U·S·Vᵀ; FAISS's OPQMatrix schedule
    // (full Lloyd iterations on the first round, 4 afterwards).
    float[] r = Rotation.identity(dim);
    for (int it = 0; it < opqIterations; it++) {
      float[][] xr = Rotation.apply(data, r, dim);
      this.rotation = null;
      install(trainAll(xr, it == 0 ? iterations : Math.min(iterations, 4)));
      float[][] y = new float[xr.length][dim];
      byte[] code = new byte[bytesPerVector()];
      for (int i = 0; i < xr.length; i++) {
        encode(xr[i], code, 0);
        decode(code, 0, y[i]);
      }
      r = Rotation.procrustes(data, y, dim);
    }
    float[][] xr = Rotation.apply(data, r, dim);
    float[] c = trainAll(xr, iterations);
    this.rotation = r;
    install(c);
  }

  private float[] trainAll(float[][] rows, int iters) {
    float[] newCentroids = new float[m * ksub * dsub];
    if (threads == 1 || m == 1) {
      for (int s = 0; s < m; s++) {
        trainSubspace(rows, s, newCentroids, iters);
      }
      return newCentroids;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, m));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int s = 0; s < m; s++) {
        final int sub = s;
        futures.add(pool.submit(() -> trainSubspace(rows, sub, newCentroids, iters)));
      }
      KMeans.awaitAll(futures, "PQ training");
    } finally {
      pool.shutdownNow();
    }
    return newCentroids;
  }

  private static float[][] sample(float[][] rows, int count, Random rnd) {
    int[] idx = new int[rows.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    for (int i = 0; i < count; i++) { // partial Fisher-Yates
      int j = i + rnd.nextInt(idx.length - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    float[][] out = new float[count][];
    for (int i = 0; i < count; i++) {
      out[i] = rows[idx[i]];
    }
    return out;
  }

  private void trainSubspace(float[][] rows, int s, float[] out, int iters) {
    int n = rows.length;
    float[] x = new float[n * dsub];
    for (int i = 0; i < n; i++) {
      System.arraycopy(rows[i], s * dsub, x, i * dsub, dsub);
    }
    // one sub-space trains on all the threads (point ranges); several train side by side, one thread each
    int seedRows = seedingSample == 0 ? n : (int) Math.min(n, (long) seedingSample * ksub);
    float[] c = KMeans.fit(x, n, dsub, ksub, iters, new Random(seed + 1_000_003L * s), m == 1 ? threads : 1, true,
        seedRows, (int) (stopFraction * n));
    System.arraycopy(c, 0, out, s * ksub * dsub, ksub * dsub);
  }

  private void install(float[] c) {
    float[] t = new float[m * dsub * ksub];
    float[] nn = new float[m * ksub];
    for (int s = 0; s < m; s++) {
      KMeans.transpose(c, s * ksub * dsub, ksub, dsub, t, s * dsub * ksub);
      for (int j = 0; j < ksub; j++) {
        double sum = 0;
        for (int k = 0; k < dsub; k++) {
          float v = c[(s * ksub + j) * dsub + k];
          sum += v * v;
        }
        nn[s * ksub + j] = (float) sum;
      }
    }
    this.transposed = t;
    this.norms = nn;
    this.centroids = c;
  }

  @Override
  public void encode(float[] vector, byte[] dest, int offset) {
    CompressorFormat.checkTrained(this);
    CompressorFormat.checkVector(vector, dim, "vector");
    CompressorFormat.checkRange(dest, offset, bytesPerVector());
    if (rotation != null) {
      vector = Rotation.apply(vector, rotation, dim);
    }
    float[] dist = new float[ksub];
    if (bits != 8) {
      java.util.Arrays.fill(dest, offset, offset + bytesPerVector(), (byte) 0);
    }
    for (int s = 0; s < m; s++) {
      int best = KMeans.nearest(vector, s * dsub, dsub, transposed, s * dsub * ksub, norms, s * ksub,
          ksub, dist);
      writeCode(dest, offset, s, best);
    }
  }

  private void writeCode(byte[] dest, int offset, int s, int code) {
    if (bits == 8) {
      dest[offset + s] = (byte) code;
      return;
    }
    int bitPos = s * bits;
    int b = offset + (bitPos >>> 3);
    int shift = bitPos & 7;
    dest[b] |= (byte) (code << shift);
    if (shift + bits > 8) {
      dest[b + 1] |= (byte) (code >>> (8 - shift));
    }
  }

  private int readCode(byte[] codes, int offset, int s) {
    if (bits == 8) {
      return codes[offset + s] & 0xFF;
    }
    int bitPos = s * bits;
    int b = offset + (bitPos >>> 3);
    int shift = bitPos & 7;
    int v = (codes[b] & 0xFF) >>> shift;
    if (shift + bits > 8) {
      v |= (codes[b + 1] & 0xFF) << (8 - shift);
    }
    return v & (ksub - 1);
  }

  @Override
  public void decode(byte[] codes, int offset, float[] dest) {
    CompressorFormat.checkTrained(this);
    CompressorFormat.checkRange(codes, offset, bytesPerVector());
    float[] target = rotation == null ? dest : new float[dim];
    for (int s = 0; s < m; s++) {
      int j = readCode(codes, offset, s);
      System.arraycopy(centroids, (s * ksub + j) * dsub, target, s * dsub, dsub);
    }
    if (rotation != null) { // x̂ = ŷ·Rᵀ
      Rotation.applyTranspose(target, rotation, dim, dest);
    }
  }

  /**
   * The ADC table for {@code query}: {@code [m][2^bits]} flattened, entry {@code q_s·c_{s,j}} for
   * dot product or {@code -||q_s - c_{s,j}||²} for Euclidean.
   */
  public float[] distanceTable(float[] query, Similarity similarity) {
    CompressorFormat.checkTrained(this);
    CompressorFormat.checkVector(query, dim, "query");
    if (rotation != null) { // q·x̂ = (q·R)·ŷ and ||q - x̂|| = ||q·R - ŷ|| for orthogonal R
      query = Rotation.apply(query, rotation, dim);
    }
    float[] table = new float[m * ksub];
    // q_s·c_{s,j} for all j at once over the dimension-major centroid copy (vectorisable);
    // Euclidean: -(||q_s||² - 2 q_s·c + ||c||²)
    for (int s = 0; s < m; s++) {
      int to = s * ksub;
      double qq = 0;
      for (int t = 0; t < dsub; t++) {
        float qv = query[s * dsub + t];
        qq += (double) qv * qv;
        int row = (s * dsub + t) * ksub;
        for (int j = 0; j < ksub; j++) {
          table[to + j] += qv * transposed[row + j];
        }
      }
      if (similarity == Similarity.NEGATIVE_SQUARED_L2) {
        float qf = (float) qq;
        for (int j = 0; j < ksub; j++) {
          table[to + j] = -(qf - 2f * table[to + j] + norms[to + j]);
        }
      }
    }
    return table;
  }

  @Override
  public QueryScorer scorer(float[] query, Similarity similarity) {
    float[] table = distanceTable(query, similarity);
    if (bits == 8) {
      return new QueryScorer() {
        @Override
        public float score(byte[] codes, int offset) {
          return adc8(table, codes, offset, m);
        }

        @Override
        public void scoreAll(byte[] codes, int bytesPerVector, int count, float[] out) {
          for (int i = 0, o = 0; i < count; i++, o += bytesPerVector) {
            out[i] = adc8(table, codes, o, m);
          }
        }
      };
    }
    return (codes, offset) -> {
      float acc = 0f;
      for (int s = 0; s < m; s++) {
        acc += table[s * ksub + readCode(codes, offset, s)];
      }
      return acc;
    };
  }

  @Override
  public void scoreBatch(float[][] queries, Similarity similarity, byte[] codes, int count, float[][] out) {
    if (queries.length != BatchQueryScoring.GROUP || bits != 8) {
      for (int q = 0; q < queries.length; q++) {
        scorer(queries[q], similarity).scoreAll(codes, bytesPerVector(), count, out[q]);
      }
      return;
    }
    float[] t0 = distanceTable(queries[0], similarity);
    float[] t1 = distanceTable(queries[1], similarity);
    float[] t2 = distanceTable(queries[2], similarity);
    float[] t3 = distanceTable(queries[3], similarity);
    float[] o0 = out[0];
    float[] o1 = out[1];
    float[] o2 = out[2];
    float[] o3 = out[3];
    // same summation order as adc8 (chains by s mod 4, tail into chain 0), so scores are bitwise equal
    int bound = m & ~3;
    for (int i = 0, o = 0; i < count; i++, o += m) {
      float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
      float b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f;
      float c0 = 0f, c1 = 0f, c2 = 0f, c3 = 0f;
      float d0 = 0f, d1 = 0f, d2 = 0f, d3 = 0f;
      int s = 0;
      for (; s < bound; s += 4) {
        int i0 = (s << 8) + (codes[o + s] & 0xFF);
        int i1 = ((s + 1) << 8) + (codes[o + s + 1] & 0xFF);
        int i2 = ((s + 2) << 8) + (codes[o + s + 2] & 0xFF);
        int i3 = ((s + 3) << 8) + (codes[o + s + 3] & 0xFF);
        a0 += t0[i0];
        a1 += t0[i1];
        a2 += t0[i2];
        a3 += t0[i3];
        b0 += t1[i0];
        b1 += t1[i1];
        b2 += t1[i2];
        b3 += t1[i3];
        c0 += t2[i0];
        c1 += t2[i1];
        c2 += t2[i2];
        c3 += t2[i3];
        d0 += t3[i0];
        d1 += t3[i1];
        d2 += t3[i2];
        d3 += t3[i3];
      }
      for (; s < m; s++) {
        int idx = (s << 8) + (codes[o + s] & 0xFF);
        a0 += t0[idx];
        b0 += t1[idx];
        c0 += t2[idx];
        d0 += t3[idx];
      }
      o0[i] = (a0 + a1) + (a2 + a3);
      o1[i] = (b0 + b1) + (b2 + b3);
      o2[i] = (c0 + c1) + (c2 + c3);
      o3[i] = (d0 + d1) + (d2 + d3);
    }
  }

  /** {@code Σ_s T[s·256 + code_s]} for 8-bit codes; four chains hide the lookup latency. */
  private static float adc8(float[] table, byte[] codes, int offset, int m) {
    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
    int s = 0;
    for (int bound = m & ~3; s < bound; s += 4) {
      s0 += table[(s << 8) + (codes[offset + s] & 0xFF)];
      s1 += table[((s + 1) << 8) + (codes[offset + s + 1] & 0xFF)];
      s2 += table[((s + 2) << 8) + (codes[offset + s + 2] & 0xFF)];
      s3 += table[((s + 3) << 8) + (codes[offset + s + 3] & 0xFF)];
    }
    for (; s < m; s++) {
      s0 += table[(s << 8) + (codes[offset + s] & 0xFF)];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public void write(OutputStream out) throws IOException {
    CompressorFormat.writeTrained(out, this, data -> {
      data.writeInt(m);
      data.writeInt(bits);
      data.writeInt(iterations);
      data.writeLong(seed);
      data.writeInt(maxPointsPerCentroid);
      data.writeInt(opqIterations);
      data.writeBoolean(rotation != null);
      if (rotation != null) {
        CompressorFormat.writeFloats(data, rotation);
      }
      CompressorFormat.writeFloats(data, centroids);
    });
  }

  static ProductQuantizer readPayload(DataInputStream in, int dim) throws IOException {
    int m = in.readInt();
    int bits = in.readInt();
    int iters = in.readInt();
    long seed = in.readLong();
    int maxPts = in.readInt();
    int opq = in.readInt();
    ProductQuantizer pq = builder(dim).subspaces(m).bits(bits).iterations(iters).seed(seed)
        .maxPointsPerCentroid(maxPts).opqIterations(opq).build();
    if (in.readBoolean()) {
      pq.rotation = CompressorFormat.readFloats(in, dim * dim, "OPQ rotation");
    }
    pq.install(CompressorFormat.readFloats(in, m * (1 << bits) * (dim / m), "PQ centroids"));
    return pq;
  }

  /** Checks the meaning of loaded codebooks and rotation (the CRC only proves the bytes are intact). */
  void checkLoaded() throws IOException {
    if ((opqIterations > 0) != (rotation != null)) {
      throw new IOException("corrupt compressor file: an OPQ rotation must be present exactly when "
          + "opqIterations > 0; opqIterations=" + opqIterations + ", rotation "
          + (rotation != null ? "present" : "absent"));
    }
    CompressorFormat.checkFinite(centroids, "PQ centroids");
    if (rotation != null) {
      CompressorFormat.checkOrthonormalRows(rotation, dim, dim, "OPQ rotation");
    }
  }

  @Override public String toString() { return id() + "[dim=" + dim + ", trained=" + isTrained() + "]"; }
}

package dev.embedlab.compress;

import dev.embedlab.core.Checks;
import dev.embedlab.core.retrieval.ExactScan;
import dev.embedlab.core.retrieval.Similarity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Measures {@link CompressionQuality} of a (trained) codec on a set of document vectors and,
 * optionally, query vectors.
 *
 * <ul>
 *   <li>Spearman: {@code pairs} pairs {@code (i, j)}, {@code i ≠ j}, drawn uniformly with a seeded
 *       {@link Random}; Spearman's ρ (average ranks for ties, as scipy's {@code spearmanr}; commons-math
 *       {@link SpearmansCorrelation}) between the float32 cosine and the cosine of the decoded vectors.
 *       A comparison of mean vector norms cannot see this: a codec may keep norms and still
 *       reorder neighbours.</li>
 *   <li>Recall@k retained: for each query, {@code |top_k(codec) ∩ top_k(exact)| / k}, averaged; exact
 *       is float32 brute force under the same {@link Similarity}. Without queries, up to
 *       {@code sampleQueries} documents (seeded sample) serve as queries and each is removed from both
 *       its own lists.</li>
 * </ul>
 */
public final class QualityMeter {
  private final int pairs;
  private final int k;
  private final int oversampling;
  private final int sampleQueries;
  private final long seed;
  private final Similarity similarity;

  private QualityMeter(Builder b) {
    this.pairs = b.pairs;
    this.k = b.k;
    this.oversampling = b.oversampling;
    this.sampleQueries = b.sampleQueries;
    this.seed = b.seed;
    this.similarity = b.similarity;
  }

  /** A builder with defaults: 20,000 pairs, k = 10, oversampling 4, 200 sampled queries, seed 42. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link QualityMeter}. */
  public static final class Builder {
    private int pairs = 20_000;
    private int k = 10;
    private int oversampling = 4;
    private int sampleQueries = 200;
    private long seed = 42;
    private Similarity similarity = Similarity.DOT_PRODUCT;

    private Builder() {}

    /** Pairs sampled for Spearman; default 20,000. */
    public Builder pairs(int n) {
      this.pairs = Checks.atLeast("pairs", n, 3);
      return this;
    }

    /** Recall cut-off; default 10. */
    public Builder k(int k) {
      this.k = Checks.atLeast("k", k, 1);
      return this;
    }

    /** Rescoring candidate factor; default 4. */
    public Builder oversampling(int f) {
      this.oversampling = Checks.atLeast("oversampling", f, 1);
      return this;
    }

    /** Documents used as queries when none are given; default 200. */
    public Builder sampleQueries(int n) {
      this.sampleQueries = Checks.atLeast("sampleQueries", n, 1);
      return this;
    }

    /** Seed for pair and query sampling; default 42. */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Similarity for search; default dot product. */
    public Builder similarity(Similarity s) {
      this.similarity = ExactScan.requireVectorSimilarity(s);
      return this;
    }

    /** The meter. */
    public QualityMeter build() {
      return new QualityMeter(this);
    }
  }

  /**
   * Measures {@code codec} (trained) on {@code docs}; {@code queries} may be null (documents are then
   * sampled as queries).
   */
  public CompressionQuality measure(VectorCompressor codec, float[][] docs, float[][] queries) {
    CompressorFormat.checkMatrix(docs, codec.dimension(), "docs");
    if (docs.length < 2) {
      throw new IllegalArgumentException("docs must hold >= 2 vectors; docs.length=" + docs.length);
    }
    if (queries != null) {
      CompressorFormat.checkMatrix(queries, codec.dimension(), "queries");
    }
    int n = docs.length;
    int d = codec.dimension();
    int bpv = codec.bytesPerVector();
    byte[] codes = new byte[n * bpv];
    float[][] decoded = new float[n][d];
    double mse = 0;
    double energy = 0;
    for (int i = 0; i < n; i++) {
      codec.encode(docs[i], codes, i * bpv);
      codec.decode(codes, i * bpv, decoded[i]);
      for (int t = 0; t < d; t++) {
        double e = (double) docs[i][t] - decoded[i][t];
        mse += e * e;
        energy += (double) docs[i][t] * docs[i][t];
      }
    }
    mse /= n;
    energy /= n;

    Random rnd = new Random(seed);
    double[] a = new double[pairs];
    double[] b = new double[pairs];
    for (int p = 0; p < pairs; p++) {
      int i = rnd.nextInt(n);
      int j = rnd.nextInt(n - 1);
      if (j >= i) {
        j++;
      }
      a[p] = cosine(docs[i], docs[j]);
      b[p] = cosine(decoded[i], decoded[j]);
    }
    double rho = new SpearmansCorrelation().correlation(a, b);

    List<String> ids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ids.add(Integer.toString(i));
    }
    CompressedIndex index = CompressedIndex.builder(codec).vectors(ids, docs).similarity(similarity)
        .keepFullVectors(true).build();
    float[][] qs;
    int[] self;
    if (queries != null) {
      qs = queries;
      self = null;
    } else {
      int m = Math.min(sampleQueries, n);
      self = sampleWithoutReplacement(n, m, new Random(seed + 1));
      qs = new float[m][];
      for (int i = 0; i < m; i++) {
        qs[i] = docs[self[i]];
      }
    }
    int kk = Math.min(k, n - (self == null ? 0 : 1));
    int extra = self == null ? 0 : 1;
    double recall = 0;
    double recallRescored = 0;
    for (int q = 0; q < qs.length; q++) {
      String skip = self == null ? null : Integer.toString(self[q]);
      Set<String> truth = top(CompressedIndex.exactSearch(ids, docs, qs[q], kk + extra, similarity), skip, kk);
      Set<String> got = top(index.search(qs[q], kk + extra, CompressedIndex.Rescoring.none()), skip, kk);
      Set<String> gotR = top(index.search(qs[q], kk + extra, CompressedIndex.Rescoring.oversample(oversampling)), skip, kk);
      recall += overlap(truth, got) / (double) kk;
      recallRescored += overlap(truth, gotR) / (double) kk;
    }
    return new CompressionQuality(codec.id(), d, bpv, 4.0 * d / bpv, mse,
        energy > 0 ? mse / energy : 0, rho, pairs, kk, recall / qs.length, oversampling,
        recallRescored / qs.length, qs.length);
  }

  private static Set<String> top(dev.embedlab.core.retrieval.Ranking hits, String skip, int k) {
    Set<String> out = new HashSet<>();
    for (String id : hits.docIds()) {
      if (out.size() == k) {
        break;
      }
      if (!id.equals(skip)) {
        out.add(id);
      }
    }
    return out;
  }

  private static int overlap(Set<String> a, Set<String> b) {
    int c = 0;
    for (String s : b) {
      if (a.contains(s)) {
        c++;
      }
    }
    return c;
  }

  static int[] sampleWithoutReplacement(int n, int m, Random rnd) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    for (int i = 0; i < m; i++) {
      int j = i + rnd.nextInt(n - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return java.util.Arrays.copyOf(idx, m);
  }

  static double cosine(float[] x, float[] y) {
    double dot = 0;
    double nx = 0;
    double ny = 0;
    for (int i = 0; i < x.length; i++) {
      dot += (double) x[i] * y[i];
      nx += (double) x[i] * x[i];
      ny += (double) y[i] * y[i];
    }
    return nx == 0 || ny == 0 ? 0 : dot / Math.sqrt(nx * ny);
  }
}

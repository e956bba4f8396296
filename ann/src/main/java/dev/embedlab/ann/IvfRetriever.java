package dev.embedlab.ann;

import dev.embedlab.compress.KMeansBuilder;
import dev.embedlab.compress.ProductQuantizer;
import dev.embedlab.compress.QueryScorer;
import dev.embedlab.core.Checks;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.io.CorruptFileException;
import dev.embedlab.core.retrieval.ExactScan;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.Similarity;
import dev.embedlab.core.retrieval.TopK;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An inverted-file index (Sivic and Zisserman 2003; Jégou, Douze, Schmid, TPAMI 2011, FAISS
 * {@code IndexIVFFlat} / {@code IndexIVFPQ}) scored by dot product.
 *
 * <p><b>Coarse quantiser.</b> {@code nlist} centroids learned by compress's seeded k-means, trained
 * as FAISS's {@code IndexIVF} trains its coarse quantiser: on a seeded random sample of at most 256
 * documents per list ({@link Builder#trainingSample}), at most 10 Lloyd iterations
 * ({@link Builder#iterations}), here with an early stop once at most 0.5% of the sample changes
 * list ({@link Builder#stopFraction}); its first centres by k-means++ over 16 sample rows per list
 * ({@link Builder#seedingSample}; FAISS takes {@code nlist} random rows). Every document is then
 * assigned to its nearest centroid. The k-means is reached through its public
 * surface: a {@link ProductQuantizer} with one sub-space and {@code log2(nlist)} bits is exactly a
 * k-means codebook over whole vectors, so {@code nlist} is a power of two in [2, 256]. Each
 * document goes to the list of its nearest centroid in Euclidean distance (the Voronoi cells
 * k-means optimises); a query probes the {@code nprobe} lists whose centroids are nearest to it
 * by the same measure (largest {@code q·c - ||c||²/2}), so with {@code nprobe = nlist} every list is
 * scanned.
 *
 * <p><b>Lists.</b> Either the float32 vectors (flat: scores are
 * {@link VectorUtil#dotUnchecked} of the stored vector, so with {@code nprobe = nlist} the result
 * is exact search's, ties included; held in list order so that a probed list is one run of memory,
 * scanned with core's {@code ExactScan} kernel, or on Java 20+ with {@code jdk.incubator.vector}
 * with jvector's SIMD kernel screening rows for an exact rescoring, the same scores either way
 * ({@link #scanKernel()} names it)), or PQ codes of the <em>residual</em> {@code x - c} (FAISS's
 * {@code by_residual}) from compress's {@link ProductQuantizer} with {@code m} sub-spaces: as the
 * dot product is linear, {@code q·(c + r̂) = q·c + ADC(q, code)}, so one ADC table per query serves
 * every list. Optional exact rescoring ({@code rescore > 0}, FAISS's {@code IndexRefineFlat})
 * keeps the float vectors too and re-ranks the best {@code max(rescore, k)} ADC candidates by their
 * exact dot product.
 *
 * <p>Every selection (lists to probe, candidates, final hits) goes through core's {@link TopK}, in
 * trec_eval order. Saved as one file in core's checksummed framing (magic {@code "ELAI"}).
 * Immutable after build and thread-safe.
 */
public final class IvfRetriever implements AnnRetriever {
  static final int VERSION = 1;
  /** {@link Builder#trainingSample}'s default. */
  public static final int DEFAULT_TRAINING_SAMPLE = 256;
  /** {@link Builder#seedingSample}'s default. */
  public static final int DEFAULT_SEEDING_SAMPLE = 16;
  /** {@link Builder}'s default {@code iterations}: FAISS's {@code IndexIVF} trains with {@code niter = 10}. */
  public static final int DEFAULT_ITERATIONS = 10;
  /** {@link Builder#pqIterations}'s default: the product quantiser's own, 25. */
  public static final int DEFAULT_PQ_ITERATIONS = 25;
  /** {@link Builder#stopFraction}'s default. */
  public static final double DEFAULT_STOP_FRACTION = 0.005;

  final String[] ids;
  final int dim;
  final int nlist;
  final int nprobe;
  final int pqM;
  final int rescore;
  final int threads;
  final long seed;
  final double buildMillis;
  /** [nlist][dim] centroids and their squared norms halved. */
  final float[][] centroids;
  private final double[] halfNorms;
  private final String[] centroidNames;
  /** list l holds positions offsets[l]..offsets[l+1] of {@code ords}. */
  final int[] offsets;
  final int[] ords;
  /** Flat, or PQ with rescoring: the float vectors in corpus order (the rows of listRows); else null. */
  final float[][] vectors;
  /** The ids in list order: position p of the lists is document ords[p]. */
  private final String[] listIds;
  /** The float vectors in list order, allocated one after another (null where vectors is). */
  private final float[][] listRows;
  /** The flat lists' scan (null for PQ lists). */
  private final IvfScan scan;
  /** PQ: the residual codes per list; else null. */
  final byte[][] listCodes;
  final ProductQuantizer pq;
  private volatile LatencyStats lastLatency = LatencyStats.NONE;

  IvfRetriever(String[] ids, int dim, int nlist, int nprobe, int pqM, int rescore, int threads, long seed,
      double buildMillis, float[][] centroids, int[] offsets, int[] ords, float[][] vectors, byte[][] listCodes,
      ProductQuantizer pq) {
    this.ids = ids;
    this.dim = dim;
    this.nlist = nlist;
    this.nprobe = nprobe;
    this.pqM = pqM;
    this.rescore = rescore;
    this.threads = threads;
    this.seed = seed;
    this.buildMillis = buildMillis;
    this.centroids = centroids;
    this.halfNorms = new double[nlist];
    this.centroidNames = new String[nlist];
    for (int c = 0; c < nlist; c++) {
      double s = 0;
      for (float x : centroids[c]) {
        s += (double) x * x;
      }
      halfNorms[c] = s / 2;
      // zero-padded descending-comparable names: on a tie TopK keeps the larger name, i.e. the later list
      centroidNames[c] = String.format("%05d", c);
    }
    this.offsets = offsets;
    this.ords = ords;
    this.listIds = new String[ords.length];
    for (int p = 0; p < ords.length; p++) {
      listIds[p] = ids[ords[p]];
    }
    if (vectors != null) {
      // copied in list order, so that each list's rows lie one after another in memory
      this.listRows = new float[ords.length][];
      this.vectors = new float[ords.length][];
      for (int p = 0; p < ords.length; p++) {
        listRows[p] = vectors[ords[p]].clone();
        this.vectors[ords[p]] = listRows[p];
      }
    } else {
      this.listRows = null;
      this.vectors = null;
    }
    this.scan = vectors != null && pq == null ? new IvfScan(listRows) : null;
    this.listCodes = listCodes;
    this.pq = pq;
  }

  /**
   * A builder: nlist=64, nprobe=8, flat lists, no rescoring, seed 42, one thread; the coarse k-means
   * on at most 256 documents per list, k-means++ over 16 of them per list, at most 10 iterations,
   * stopping once at most 0.5% of the sample changes list.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Configures and builds an {@link IvfRetriever}. The k-means options (iterations, seed, threads) are
   * {@link KMeansBuilder}'s: {@code iterations} caps the coarse quantiser's Lloyd iterations, default
   * {@value #DEFAULT_ITERATIONS} (FAISS's {@code IndexIVF}), and the PQ lists train with
   * {@link #pqIterations} (default {@value #DEFAULT_PQ_ITERATIONS}, as FAISS's product quantiser); both
   * quantisers take the seed (PQ {@code seed + 1}) and the threads, and a batch is searched with the
   * threads. The sample, seeding and early-stop options are the coarse quantiser's. The same options,
   * seed and thread count give the same index.
   */
  public static final class Builder extends KMeansBuilder<Builder> {
    private int nlist = 64;
    private int nprobe = 8;
    private int pqM;
    private int pqBits = 8;
    private int rescore;
    private int trainingSample = DEFAULT_TRAINING_SAMPLE;
    private int pqIterations = DEFAULT_PQ_ITERATIONS;

    private Builder() {
      iterations(DEFAULT_ITERATIONS).seedingSample(DEFAULT_SEEDING_SAMPLE).stopFraction(DEFAULT_STOP_FRACTION);
    }

    /**
     * Training vectors per list: the coarse k-means trains on a seeded random sample of at most
     * {@code perList · nlist} documents (all of them when there are fewer; FAISS's
     * {@code max_points_per_centroid}, 256 there), every document is then assigned to its nearest
     * centroid; default {@value #DEFAULT_TRAINING_SAMPLE}.
     */
    public Builder trainingSample(int perList) {
      this.trainingSample = Checks.atLeast("trainingSample", perList, 1);
      return this;
    }

    /**
     * Lloyd iterations of the PQ lists' quantiser (0 = k-means++ seeding only); default
     * {@value #DEFAULT_PQ_ITERATIONS}. Flat lists have none.
     */
    public Builder pqIterations(int n) {
      this.pqIterations = Checks.atLeast("pqIterations", n, 0);
      return this;
    }

    /** Number of lists: a power of two in [2, 256]; default 64. */
    public Builder nlist(int n) {
      if (n < 2 || n > 256 || Integer.bitCount(n) != 1) {
        throw new IllegalArgumentException("nlist must be a power of two in [2, 256]; nlist=" + n);
      }
      this.nlist = n;
      return this;
    }

    /** Default lists probed per query, >= 1 (capped at nlist); default 8. */
    public Builder nprobe(int n) {
      this.nprobe = Checks.atLeast("nprobe", n, 1);
      return this;
    }

    /** PQ sub-spaces {@code m} (must divide the dimension), or 0 for flat float32 lists; default 0. */
    public Builder pqSubspaces(int m) {
      this.pqM = Checks.atLeast("pqSubspaces", m, 0);
      return this;
    }

    /** Bits per PQ sub-space code, 1..8 ({@code 2^bits} centroids each); default 8. */
    public Builder pqBits(int b) {
      if (b < 1 || b > 8) {
        throw new IllegalArgumentException("pqBits must be in [1, 8]; pqBits=" + b);
      }
      this.pqBits = b;
      return this;
    }

    /** With PQ, re-rank the best {@code max(n, k)} ADC candidates exactly (keeps float vectors); 0 = off. */
    public Builder rescore(int n) {
      this.rescore = Checks.atLeast("rescore", n, 0);
      return this;
    }

    /**
     * Trains the coarse quantiser (and PQ), assigns and encodes {@code vectors} (row {@code i} is
     * {@code ids[i]}); the arrays are copied.
     *
     * @throws IllegalArgumentException on mismatched lengths, duplicate ids, non-finite vectors,
     *     fewer documents than {@code nlist} (or than {@code 2^pqBits} with PQ), or {@code m} not dividing the dimension
     */
    public IvfRetriever build(String[] ids, float[][] vectors) {
      int dim = AnnFiles.checkCorpus(ids, vectors);
      int n = vectors.length;
      if (n < nlist) {
        throw new IllegalArgumentException("nlist must be <= the number of documents; nlist=" + nlist
            + " documents=" + n);
      }
      if (pqM > 0 && dim % pqM != 0) {
        throw new IllegalArgumentException("pqSubspaces must divide the dimension; pqSubspaces=" + pqM
            + " dimension=" + dim);
      }
      if (pqM > 0 && n < (1 << pqBits)) {
        throw new IllegalArgumentException("PQ with pqBits=" + pqBits + " needs >= " + (1 << pqBits)
            + " documents to train on; documents=" + n);
      }
      long t0 = System.nanoTime();
      ProductQuantizer coarse = ProductQuantizer.builder(dim).subspaces(1)
          .bits(Integer.numberOfTrailingZeros(nlist)).kMeansOf(this).maxPointsPerCentroid(trainingSample)
          .seedingSample(seedingSample()).stopFraction(stopFraction()).build();
      coarse.fit(vectors);
      float[][] cents = new float[nlist][];
      for (int c = 0; c < nlist; c++) {
        cents[c] = coarse.centroid(0, c);
      }
      IvfRetriever shape = new IvfRetriever(ids, dim, nlist, 1, 0, 0, 1, seed(), 0, cents, new int[nlist + 1],
          new int[0], null, null, null);
      int[] assign = shape.nearestLists(vectors, threads());
      int[] counts = new int[nlist];
      for (int i = 0; i < n; i++) {
        counts[assign[i]]++;
      }
      int[] offsets = new int[nlist + 1];
      for (int c = 0; c < nlist; c++) {
        offsets[c + 1] = offsets[c] + counts[c];
      }
      int[] fill = offsets.clone();
      int[] ords = new int[n];
      for (int i = 0; i < n; i++) {
        ords[fill[assign[i]]++] = i;
      }
      float[][] kept = pqM == 0 || rescore > 0 ? vectors : null; // the constructor copies them
      byte[][] codes = null;
      ProductQuantizer pq = null;
      if (pqM > 0) {
        float[][] residuals = new float[n][dim];
        for (int i = 0; i < n; i++) {
          float[] c = cents[assign[i]];
          for (int j = 0; j < dim; j++) {
            residuals[i][j] = vectors[i][j] - c[j];
          }
        }
        pq = ProductQuantizer.builder(dim).subspaces(pqM).bits(pqBits).kMeansOf(this).iterations(pqIterations)
            .seed(seed() + 1).build();
        pq.fit(residuals);
        int bpv = pq.bytesPerVector();
        codes = new byte[nlist][];
        for (int c = 0; c < nlist; c++) {
          codes[c] = new byte[counts[c] * bpv];
          for (int p = offsets[c]; p < offsets[c + 1]; p++) {
            pq.encode(residuals[ords[p]], codes[c], (p - offsets[c]) * bpv);
          }
        }
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      return new IvfRetriever(ids.clone(), dim, nlist, Math.min(nprobe, nlist), pqM, pqM > 0 ? rescore : 0,
          threads(), seed(), ms, cents, offsets, ords, kept, codes, pq);
    }
  }

  /**
   * Per row, the list whose centroid is nearest (largest {@code v·c - ||c||²/2}, lowest index on a
   * tie); the products equal to {@link VectorUtil#dotUnchecked}'s, four rows at a time by
   * {@link CentroidTable}, ranges of rows on {@code threads} threads.
   */
  private int[] nearestLists(float[][] rows, int threads) {
    int[] out = new int[rows.length];
    CentroidTable table = new CentroidTable(centroids, halfNorms);
    QueryRanges.run(rows.length, threads, "embedlab-ivf-assign", (from, to) -> table.nearest(rows, from, to, out));
    return out;
  }

  @Override
  public List<Ranking> search(Queries queries, int k) {
    return search(queries, k, nprobe);
  }

  /** The top {@code k} of each query probing {@code nprobe} lists (capped at nlist). */
  @Override
  public List<Ranking> search(Queries queries, int k, int nprobe) {
    Retriever.checkK(k);
    Checks.atLeast("nprobe", nprobe, 1);
    float[][] qv = queries.vectors("IvfRetriever");
    AnnFiles.checkQueryDim(qv, dim);
    int np = Math.min(nprobe, nlist);
    Ranking[] out = new Ranking[qv.length];
    long[] nanos = new long[qv.length];
    QueryRanges.run(qv.length, threads, "embedlab-ivf-search", (from, to) -> searchRange(queries, qv, k, np, rescore, from, to, out, nanos));
    lastLatency = LatencyStats.ofNanos(nanos);
    return List.of(out);
  }

  private void searchRange(Queries queries, float[][] qv, int k, int np, int rescore, int from, int to,
      Ranking[] out, long[] nanos) {
    TopK lists = new TopK(np, centroidNames);
    TopK top = new TopK(k, listIds);
    boolean refine = pq != null && rescore > 0;
    // PQ: candidates by ADC score (the final hits without rescoring); flat: the SIMD screening heap
    TopK first = refine ? new TopK(Math.max(rescore, k), listIds) : pq != null ? top : new TopK(k, listIds);
    IvfScan.Scratch scratch = scan == null ? null : new IvfScan.Scratch(maxListSize());
    float[] buf = new float[Math.max(nlist, pq == null ? 0 : maxListSize())];
    float[][] one = new float[1][];
    int bpv = pq == null ? 0 : pq.bytesPerVector();
    for (int q = from; q < to; q++) {
      long t0 = System.nanoTime();
      float[] x = qv[q];
      one[0] = x;
      lists.clear();
      ExactScan.scoreBlock(Similarity.DOT_PRODUCT, one, 0, 0, 1, centroids, 0, nlist, buf);
      for (int c = 0; c < nlist; c++) {
        lists.offer(c, buf[c] - halfNorms[c]);
      }
      int[] probed = lists.indices();
      top.clear();
      if (scan != null) {
        scan.scan(x, probed, offsets, top, first, scratch);
      } else {
        first.clear();
        QueryScorer scorer = pq.scorer(x, Similarity.DOT_PRODUCT);
        for (int c : probed) {
          int start = offsets[c];
          int size = offsets[c + 1] - start;
          double qc = VectorUtil.dotUnchecked(x, centroids[c]);
          scorer.scoreAll(listCodes[c], bpv, size, buf);
          for (int i = 0; i < size; i++) {
            first.offer(start + i, qc + buf[i]);
          }
        }
        if (refine) {
          for (int p : first.indices()) {
            top.offer(p, VectorUtil.dotUnchecked(x, listRows[p]));
          }
        }
      }
      out[q] = top.toRanking(queries.id(q));
      nanos[q] = System.nanoTime() - t0;
    }
  }

  private int maxListSize() {
    int m = 0;
    for (int c = 0; c < nlist; c++) {
      m = Math.max(m, offsets[c + 1] - offsets[c]);
    }
    return m;
  }

  @Override
  public int defaultEffort() {
    return nprobe;
  }

  /** PQ: ADC over every list, no rescoring; flat: {@code null} (flat lists are the float vectors). */
  @Override
  public List<Ranking> exactOnCompressed(Queries queries, int k) {
    Retriever.checkK(k);
    if (pq == null) {
      return null;
    }
    float[][] qv = queries.vectors("IvfRetriever");
    AnnFiles.checkQueryDim(qv, dim);
    Ranking[] out = new Ranking[qv.length];
    searchRange(queries, qv, k, nlist, 0, 0, qv.length, out, new long[qv.length]);
    return List.of(out);
  }

  @Override
  public LatencyStats lastLatency() {
    return lastLatency;
  }

  /**
   * PQ: each document as the index scores it, {@code c + decode(code)}, in corpus order; flat:
   * {@code null}.
   */
  @Override
  public float[][] reconstructedVectors() {
    if (pq == null) {
      return null;
    }
    float[][] out = new float[ids.length][];
    int bpv = pq.bytesPerVector();
    for (int c = 0; c < nlist; c++) {
      for (int p = offsets[c]; p < offsets[c + 1]; p++) {
        float[] r = new float[dim];
        pq.decode(listCodes[c], (p - offsets[c]) * bpv, r);
        for (int j = 0; j < dim; j++) {
          r[j] += centroids[c][j];
        }
        out[ords[p]] = r;
      }
    }
    return out;
  }

  /** The kernel the flat lists are scanned with on this JVM. */
  public static String scanKernel() {
    return IvfScan.kernel();
  }

  /** Number of lists. */
  public int nlist() {
    return nlist;
  }

  /** Documents in each list (a copy). */
  public int[] listSizes() {
    int[] s = new int[nlist];
    for (int c = 0; c < nlist; c++) {
      s[c] = offsets[c + 1] - offsets[c];
    }
    return s;
  }

  /** Milliseconds spent training, assigning and encoding (as saved for an opened index). */
  public double buildMillis() {
    return buildMillis;
  }

  /**
   * Bytes held for search: centroids, list entries (4-byte ords), codes or float vectors, PQ
   * codebooks.
   */
  public long memoryBytes() {
    long b = 4L * nlist * dim + 4L * (nlist + 1) + 4L * ids.length;
    if (vectors != null) {
      b += 4L * ids.length * dim;
    }
    if (pq != null) {
      b += (long) ids.length * pq.bytesPerVector() + pq.codebookBytes();
    }
    return b;
  }

  @Override
  public Description describe() {
    String name = "ivf" + (pqM > 0 ? "-pq" + pqM : "-flat") + "(nlist=" + nlist + ",nprobe=" + nprobe
        + (rescore > 0 ? ",rescore=" + rescore : "") + ")";
    Map<String, Object> pm = new LinkedHashMap<>();
    pm.put("nlist", nlist);
    pm.put("nprobe", nprobe);
    pm.put("pqSubspaces", pqM);
    pm.put("pqBits", pq != null ? pq.bits() : 0);
    pm.put("rescore", rescore);
    pm.put("seed", seed);
    pm.put("dimension", dim);
    pm.put("assignment", "l2-nearest-centroid");
    long perDocBytes = 4L + (vectors != null ? 4L * dim : 0) + (pq != null ? pq.bytesPerVector() : 0);
    return new Description(name, Similarity.DOT_PRODUCT, ids.length, memoryBytes(), perDocBytes, buildMillis,
        Provenance.of("ivf", pm));
  }

  /** Saves to file {@code path} (created or replaced, atomically). */
  @Override
  public void save(Path path) throws IOException {
    IvfFile.write(this, path);
  }

  /**
   * Opens a file written by {@link #save(Path)}.
   *
   * @param threads threads one batch is searched with
   * @throws IOException naming the file when it is missing, not an IVF index, of another version,
   *     cut off or changed ({@link CorruptFileException})
   */
  public static IvfRetriever open(Path path, int threads) throws IOException {
    return IvfFile.read(path, threads);
  }
}

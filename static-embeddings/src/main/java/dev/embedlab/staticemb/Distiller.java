package dev.embedlab.staticemb;

import dev.embedlab.core.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distils any teacher {@link Embedder} into a {@link StaticModel} over the teacher's own tokenizer —
 * model2vec's recipe ({@code distill_from_model}):
 *
 * <ol>
 *   <li>Embed every vocabulary token with the teacher, each as a one-token text (the token's surface:
 *       WordPiece {@code ##} and SentencePiece {@code ▁} removed), so the teacher adds its own special
 *       tokens and pooling. Special tokens and tokens matching {@link Builder#removePattern} (BERT's
 *       {@code [unusedN]}) get a zero row: model2vec drops them from the vocabulary, here the
 *       tokenizer is kept byte for byte and they never contribute, the unknown token being dropped
 *       at pooling and special tokens never added.</li>
 *   <li>PCA to {@link Builder#pcaDims} dimensions (centred, as scikit-learn's {@code PCA}).</li>
 *   <li>Zipf/SIF weighting: with token rank {@code r} = id (vocabularies are roughly frequency
 *       ordered), {@code p(r) = (1/(r+2)) / Σ_r' 1/(r'+2)} and row {@code r} is scaled by
 *       {@code a / (a + p(r))}, {@code a} = {@link Builder#sifCoefficient} (model2vec's
 *       {@code compute_weights}); frequent tokens weigh less.</li>
 * </ol>
 * A teacher that differs from model2vec's by taking text (not token ids) sees a subword token
 * {@code ##ing} as the word {@code ing}; the result is deterministic for a deterministic teacher.
 */
public final class Distiller {
  private static final Logger LOG = LoggerFactory.getLogger(Distiller.class);

  private final Embedder teacher;
  private final byte[] tokenizerJson;
  private final int pcaDims;
  private final Double sif;
  private final Pattern remove;
  private final boolean normalize;
  private final int batchSize;
  private final long[] tokenCounts;

  private Distiller(Builder b) {
    this.teacher = b.teacher;
    this.tokenizerJson = b.tokenizerJson;
    this.pcaDims = b.pcaDims;
    this.sif = b.sifCoefficient;
    this.remove = b.removePattern;
    this.normalize = b.normalize;
    this.batchSize = b.batchSize;
    this.tokenCounts = b.tokenCounts;
    if (tokenCounts != null && tokenCounts.length != vocab().size()) {
      throw new IllegalArgumentException("tokenCounts must have one count per token id (" + vocab().size()
          + "); length=" + tokenCounts.length);
    }
  }

  /** A distiller for {@code teacher} whose tokenizer is {@code tokenizerJson}. */
  public static Builder builder(Embedder teacher, byte[] tokenizerJson) {
    return new Builder(teacher, tokenizerJson);
  }

  /** Runs the distillation. */
  public StaticModel distill() {
    return fromTeacherRows(embedVocabulary());
  }

  /**
   * Step 1: the teacher's vector of every token, row-major {@code [vocab, teacher dim]}; skipped
   * tokens (special, unknown, removed, empty surface) have a zero row.
   */
  public float[] embedVocabulary() {
    TokenizerVocab vocab = vocab();
    int n = vocab.size();
    int d = teacher.dimension();
    List<Integer> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String tok = vocab.tokens().get(i);
      if (tok == null || vocab.specialIds().contains(i) || i == vocab.unkId()
          || (remove != null && remove.matcher(tok).matches())) {
        continue;
      }
      String s = vocab.surface(i);
      if (s.isEmpty()) {
        continue;
      }
      ids.add(i);
      texts.add(s);
    }
    long t0 = System.nanoTime();
    float[] table = new float[n * d];
    for (int from = 0; from < texts.size(); from += batchSize) {
      int to = Math.min(texts.size(), from + batchSize);
      float[][] v = teacher.embed(texts.subList(from, to), Embedder.Role.DOCUMENT);
      for (int i = 0; i < v.length; i++) {
        if (v[i].length != d) {
          throw new IllegalStateException("teacher " + teacher.id() + " returned a vector of length "
              + v[i].length + ", expected " + d);
        }
        System.arraycopy(v[i], 0, table, ids.get(from + i) * d, d);
      }
      if ((from / batchSize) % 10 == 0) {
        LOG.info("distilling {}: {}/{} tokens embedded", teacher.id(), to, texts.size());
      }
    }
    LOG.info("distilling {}: {} tokens embedded in {} s", teacher.id(), texts.size(),
        String.format("%.1f", (System.nanoTime() - t0) / 1e9));
    return table;
  }

  private TokenizerVocab vocab() {
    try {
      return TokenizerVocab.parse(tokenizerJson, "teacher tokenizer of " + teacher.id());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Steps 2 and 3: PCA and SIF weighting of the teacher's rows from {@link #embedVocabulary()}. */
  public StaticModel fromTeacherRows(float[] table) {
    TokenizerVocab vocab = vocab();
    int n = vocab.size();
    int d = teacher.dimension();
    if (table.length != n * d) {
      throw new IllegalArgumentException("teacher rows must be " + n + " x " + d + "; length=" + table.length);
    }
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean nonZero = false;
      for (int j = 0; j < d && !nonZero; j++) {
        nonZero = table[i * d + j] != 0f;
      }
      if (nonZero) {
        ids.add(i);
      }
    }
    // PCA over the embedded rows only (zero rows would pull the mean).
    int k = pcaDims <= 0 ? d : Math.min(pcaDims, d);
    float[] dense = new float[ids.size() * d];
    for (int r = 0; r < ids.size(); r++) {
      System.arraycopy(table, ids.get(r) * d, dense, r * d, d);
    }
    Pca.Result pca = Pca.fitTransform(dense, d, k);
    LOG.info("distilling {}: PCA {} -> {} dims keeps {} of the variance", teacher.id(), d, k,
        String.format("%.3f", pca.explainedVarianceRatio()));
    float[] out = new float[n * k];
    for (int r = 0; r < ids.size(); r++) {
      System.arraycopy(pca.projected(), r * k, out, ids.get(r) * k, k);
    }
    if (sif != null) {
      double[] w = tokenCounts != null ? sifWeights(tokenCounts, sif) : sifWeights(n, sif);
      for (int i = 0; i < n; i++) {
        float wi = (float) w[i];
        for (int j = 0; j < k; j++) {
          out[i * k + j] *= wi;
        }
      }
    }
    return StaticModel.builder(tokenizerJson, out, k).normalize(normalize)
        .config("tokenizer_name", teacher.id())
        .config("apply_pca", k)
        .config("sif_coefficient", sif)
        .config("sif_frequencies", tokenCounts != null ? "corpus" : "zipf")
        .source("distilled from " + teacher.id())
        .build();
  }

  /**
   * Counts how often each token id of {@code tokenizerJson} occurs in {@code texts} (no special
   * tokens), for {@link Builder#tokenCounts}.
   */
  public static long[] countTokens(byte[] tokenizerJson, java.util.List<String> texts) {
    int n;
    try {
      n = TokenizerVocab.parse(tokenizerJson, "tokenizer").size();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    long[] counts = new long[n];
    try (TokenIdEncoder enc = new TokenIdEncoder(tokenizerJson, "tokenizer")) {
      for (int from = 0; from < texts.size(); from += 2048) {
        int to = Math.min(texts.size(), from + 2048);
        for (long[] ids : enc.encode(texts.subList(from, to).toArray(new String[0]))) {
          for (long id : ids) {
            if (id >= 0 && id < n) {
              counts[(int) id]++;
            }
          }
        }
      }
    }
    return counts;
  }

  /** model2vec's {@code compute_weights}: {@code a / (a + p(r))} with Zipf {@code p(r) ∝ 1/(r+2)}. */
  static double[] sifWeights(int n, double a) {
    double z = 0;
    for (int r = 0; r < n; r++) {
      z += 1.0 / (r + 2);
    }
    double[] w = new double[n];
    for (int r = 0; r < n; r++) {
      double p = (1.0 / (r + 2)) / z;
      w[r] = a / (a + p);
    }
    return w;
  }

  /**
   * SIF weights from observed token counts: {@code a / (a + p(t))}, {@code p(t) = c(t) / Σ c}
   * (a token never seen weighs 1).
   */
  static double[] sifWeights(long[] counts, double a) {
    double total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] w = new double[counts.length];
    for (int t = 0; t < counts.length; t++) {
      double p = total > 0 ? counts[t] / total : 0;
      w[t] = a / (a + p);
    }
    return w;
  }

  /** Options of a {@link Distiller}. */
  public static final class Builder {
    private final Embedder teacher;
    private final byte[] tokenizerJson;
    private int pcaDims = 256;
    private Double sifCoefficient = 1e-4;
    private Pattern removePattern = Pattern.compile("\\[unused\\d+\\]");
    private boolean normalize = true;
    private int batchSize = 256;
    private long[] tokenCounts;

    private Builder(Embedder teacher, byte[] tokenizerJson) {
      this.teacher = Objects.requireNonNull(teacher, "teacher");
      this.tokenizerJson = Objects.requireNonNull(tokenizerJson, "tokenizerJson").clone();
    }

    /** Output dimensions (PCA); {@code 0} keeps the teacher's (still rotated and centred). Default 256. */
    public Builder pcaDims(int k) {
      if (k < 0) {
        throw new IllegalArgumentException("pcaDims must be >= 0; pcaDims=" + k);
      }
      this.pcaDims = k;
      return this;
    }

    /** SIF coefficient {@code a} in (0, 1), or null for no weighting. Default 1e-4 (model2vec's). */
    public Builder sifCoefficient(Double a) {
      if (a != null && !(a > 0 && a < 1)) {
        throw new IllegalArgumentException("sifCoefficient must be in (0, 1) or null; sifCoefficient=" + a);
      }
      this.sifCoefficient = a;
      return this;
    }

    /** Tokens matching this get a zero row; null keeps all. Default {@code \[unused\d+\]}. */
    public Builder removePattern(String regex) {
      this.removePattern = regex == null ? null : Pattern.compile(regex);
      return this;
    }

    /** Whether the model L2-normalises pooled vectors. Default true. */
    public Builder normalize(boolean n) {
      this.normalize = n;
      return this;
    }

    /** Tokens per teacher call. Default 256. */
    public Builder batchSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1; batchSize=" + n);
      }
      this.batchSize = n;
      return this;
    }

    /**
     * Token counts from a corpus (one per token id, e.g. {@link #countTokens}) for the SIF weights
     * instead of model2vec's Zipf-by-id estimate. Default: none (Zipf).
     */
    public Builder tokenCounts(long[] counts) {
      this.tokenCounts = counts == null ? null : counts.clone();
      return this;
    }

    /** The distiller. */
    public Distiller build() {
      return new Distiller(this);
    }
  }
}

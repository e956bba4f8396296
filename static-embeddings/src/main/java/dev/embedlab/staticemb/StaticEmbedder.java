package dev.embedlab.staticemb;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.NamedEmbedder;
import dev.embedlab.core.TokenCounting;
import dev.embedlab.core.UsageCounter;
import dev.embedlab.core.UsageReporting;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An {@link Embedder} over a {@link StaticModel}: tokenize (no special tokens), drop the unknown
 * token, average the tokens' weighted rows, L2-normalise — model2vec's {@code StaticModel.encode}.
 * The {@link Embedder.Role} does not change the vector (static models have no prefixes).
 *
 * <p>Texts are tokenized in batches of {@value #BATCH} through the HuggingFace tokenizer's native
 * batch call, and at most {@link #maxTokens()} tokens of a text are used (model2vec's
 * {@code max_length}, 512 by default); {@link #usage()} counts the texts cut. Owns the native
 * tokenizer: {@link #close()} releases it, is idempotent, and any later call throws
 * {@link IllegalStateException}. Thread-safe.
 */
public final class StaticEmbedder extends NamedEmbedder implements UsageReporting, Fingerprinted, TokenCounting {
  /** Texts per native tokenizer call. */
  static final int BATCH = 2048;
  /** model2vec's default {@code max_length}. */
  public static final int DEFAULT_MAX_TOKENS = 512;

  private final StaticModel model;
  private final TokenIdEncoder encoder;
  private final int maxTokens;
  private final int unkId;
  private final String fingerprint;
  private final UsageCounter counter = new UsageCounter();
  private final CharNgrams ngrams;
  private final ChunkedWorkers workers;
  private static final int[] NO_NGRAMS = new int[0];
  private volatile boolean closed;

  /** An embedder over {@code model} named {@code id}, using up to {@code maxTokens} tokens per text. */
  public StaticEmbedder(StaticModel model, String id, int maxTokens) {
    this(model, id, maxTokens, 1);
  }

  /**
   * As {@link #StaticEmbedder(StaticModel, String, int)}, pooling each batch's texts on {@code threads}
   * threads that this embedder owns (stopped by {@link #close()}); the vectors do not depend on it.
   */
  public StaticEmbedder(StaticModel model, String id, int maxTokens, int threads) {
    super(id, Objects.requireNonNull(model, "model").dimension());
    this.model = model;
    this.maxTokens = Checks.atLeast("maxTokens", maxTokens, 1);
    this.unkId = model.vocab().unkId();
    this.encoder = new TokenIdEncoder(model.tokenizerView(), id);
    this.fingerprint = "static/v1;model=sha256:" + model.sha256() + ";maxTokens=" + maxTokens;
    this.ngrams = model.charNgrams();
    this.workers = new ChunkedWorkers(threads, "static-embedder-" + id);
  }

  /** An embedder over {@code model} with the default token limit. */
  public StaticEmbedder(StaticModel model, String id) {
    this(model, id, DEFAULT_MAX_TOKENS);
  }

  /** Loads a model2vec / sentence-transformers static model folder; the id is the folder's name. */
  public static StaticEmbedder open(Path folder) throws IOException {
    return new StaticEmbedder(StaticModel.read(folder), "static:" + folder.getFileName());
  }

  /**
   * Loads a static model shipped as classpath resources {@code <base>/model.safetensors},
   * {@code tokenizer.json}, {@code config.json} and (optional) {@code modules.json}, e.g. from a
   * model artifact jar. The files are copied to a temporary folder, read, and deleted.
   */
  public static StaticEmbedder openResource(ClassLoader loader, String base, String id) throws IOException {
    return openResource(loader, base, id, 1);
  }

  /** As {@link #openResource(ClassLoader, String, String)}, pooling on {@code threads} threads. */
  public static StaticEmbedder openResource(ClassLoader loader, String base, String id, int threads) throws IOException {
    Path tmp = java.nio.file.Files.createTempDirectory("embedlab-static-");
    try {
      for (String f : java.util.List.of("model.safetensors", "tokenizer.json", "config.json", "modules.json")) {
        try (java.io.InputStream in = loader.getResourceAsStream(base + "/" + f)) {
          if (in == null) {
            if (f.equals("modules.json")) {
              continue;
            }
            throw new IOException("classpath resource " + base + "/" + f + " not found; is the model artifact on the classpath?");
          }
          java.nio.file.Files.copy(in, tmp.resolve(f));
        }
      }
      return new StaticEmbedder(StaticModel.read(tmp), id, DEFAULT_MAX_TOKENS, threads);
    } finally {
      try (var files = java.nio.file.Files.list(tmp)) {
        for (Path p : files.toList()) {
          java.nio.file.Files.deleteIfExists(p);
        }
      }
      java.nio.file.Files.deleteIfExists(tmp);
    }
  }

  /** The model this embedder pools. */
  public StaticModel model() {
    return model;
  }

  /** Most tokens of one text that are used. */
  public int maxTokens() {
    return maxTokens;
  }

  /** {@link #maxTokens()}: the most tokens of one text that are pooled. */
  @Override
  public int maxLength() {
    return maxTokens;
  }

  /**
   * Known tokens of each text (the tokenizer's unknown token is not pooled), at most
   * {@link #maxTokens()}; the role changes nothing (a static model has no prefixes). Pools nothing
   * and touches no usage counter.
   */
  @Override
  public int[] tokenCounts(List<String> texts, Role role) {
    checkOpen();
    Checks.notNull("texts", texts);
    int[] out = new int[texts.size()];
    for (int from = 0; from < out.length; from += BATCH) {
      int to = Math.min(out.length, from + BATCH);
      String[] chunk = new String[to - from];
      for (int i = from; i < to; i++) {
        chunk[i - from] = Checks.notNull("texts[" + i + "]", texts.get(i));
      }
      long[][] ids = encoder.encode(chunk);
      for (int i = 0; i < ids.length; i++) {
        out[from + i] = Math.min(countRealTokens(ids[i]), maxTokens);
      }
    }
    return out;
  }

  @Override
  public float[][] embed(List<String> input, Role role) {
    checkOpen();
    Checks.notNull("texts", input);
    int n = input.size();
    String[] all = new String[n];
    for (int i = 0; i < n; i++) {
      String t = input.get(i);
      if (t == null) {
        throw new IllegalArgumentException("texts[" + i + "] is null");
      }
      all[i] = t;
    }
    float[][] out = new float[n][];
    for (int from = 0; from < n; from += BATCH) {
      int to = Math.min(n, from + BATCH);
      String[] chunk = java.util.Arrays.copyOfRange(all, from, to);
      long[][] ids = encoder.encode(chunk);
      long[][] tallies = new long[workers.threads()][2]; // per chunk: tokens pooled, texts cut at maxTokens
      int base = from;
      workers.forChunks(ids.length, (k, a, b) -> {
        for (int i = a; i < b; i++) {
          out[base + i] = pool(ids[i], ngrams == null ? NO_NGRAMS : ngrams.buckets(chunk[i]), tallies[k]);
        }
      });
      long pooled = 0;
      long cut = 0;
      for (long[] t : tallies) {
        pooled += t[0];
        cut += t[1];
      }
      counter.addBatch(ids.length, pooled, cut);
    }
    return out;
  }

  /** Token ids of {@code text} as this embedder sees them (no special tokens; unknown kept). */
  public long[] tokenIds(String text) {
    checkOpen();
    return encoder.encode(new String[] {Objects.requireNonNull(text, "text")})[0];
  }

  /** Token ids of many texts in one native call. */
  long[][] tokenIds(String[] texts) {
    checkOpen();
    return encoder.encode(texts);
  }

  /**
   * Pools one text's tokens and n-gram buckets; adds its pooled tokens to {@code tally[0]} and, when
   * it was cut, 1 to {@code tally[1]}.
   */
  private float[] pool(long[] ids, int[] buckets, long[] tally) {
    int dim = model.dimension();
    float[] table = model.vectorsView();
    float[] weights = model.weightsView();
    int[] mapping = model.mappingView();
    // Rows are summed in float (a loop the JIT vectorises) in runs of FLUSH rows, each run then added
    // into double: a mean over hundreds of rows keeps its digits at a fraction of an all-double loop's cost.
    double[] acc = new double[dim];
    float[] part = new float[dim];
    int inPart = 0;
    int used = 0;
    for (int k = 0; k < ids.length && used < maxTokens; k++) {
      int t = (int) ids[k];
      if (t == unkId) {
        continue;
      }
      if (t < 0 || t >= model.vocab().size()) {
        throw new IllegalStateException(id() + ": tokenizer returned id " + t + " outside the table of "
            + model.vocab().size() + " ids");
      }
      int row = (mapping == null ? t : mapping[t]) * dim;
      float w = weights == null ? 1f : weights[t];
      for (int j = 0; j < dim; j++) {
        part[j] += w * table[row + j];
      }
      used++;
      if (++inPart == FLUSH) {
        flush(part, acc);
        inPart = 0;
      }
    }
    tally[0] += used;
    if (used == maxTokens && countRealTokens(ids) > maxTokens) {
      tally[1]++;
    }
    // Hashed character n-grams (rows after the vocabulary's), weight 1; as many as the tokens' budget.
    int base = model.vocab().size();
    for (int k = 0; k < buckets.length && k < maxTokens; k++) {
      int row = (base + buckets[k]) * dim;
      for (int j = 0; j < dim; j++) {
        part[j] += table[row + j];
      }
      used++;
      if (++inPart == FLUSH) {
        flush(part, acc);
        inPart = 0;
      }
    }
    flush(part, acc);
    float[] v = new float[dim];
    if (used == 0) {
      return v;
    }
    double norm = 0;
    for (int j = 0; j < dim; j++) {
      acc[j] /= used;
      norm += acc[j] * acc[j];
    }
    double scale = model.normalize() ? (norm > 0 ? 1.0 / Math.sqrt(norm) : 0) : 1.0;
    for (int j = 0; j < dim; j++) {
      v[j] = (float) (acc[j] * scale);
    }
    return v;
  }

  /** Rows summed in float before their run is added into the double sum. */
  private static final int FLUSH = 16;

  private static void flush(float[] part, double[] acc) {
    for (int j = 0; j < part.length; j++) {
      acc[j] += part[j];
      part[j] = 0;
    }
  }

  private int countRealTokens(long[] ids) {
    int c = 0;
    for (long t : ids) {
      if (t != unkId) {
        c++;
      }
    }
    return c;
  }

  @Override
  public String fingerprint() {
    return fingerprint;
  }

  @Override
  public Usage usage() {
    return counter.usage();
  }

  @Override
  public void resetUsage() {
    counter.reset();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(id() + " is closed");
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      workers.close();
      encoder.close();
    }
  }

  @Override
  public String toString() {
    return "StaticEmbedder[" + id() + ", " + model.rows() + "x" + model.dimension() + "]";
  }
}

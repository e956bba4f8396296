package dev.embedlab.models;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.UsageReporting;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * A sentence-transformer exported to ONNX, run in-process with ONNX Runtime and a HuggingFace
 * {@code tokenizer.json} (DJL tokenizers).
 *
 * <p>Pipeline for {@code embed(texts, role)}: prepend the role's prefix; tokenize with explicit
 * options (special tokens added, no padding, truncation at {@link #maxLength()}, whatever the
 * {@code tokenizer.json} pins); sort the texts by token count (longest first) and cut the order into
 * batches whose padded size {@code batch * longest} stays within the token budget; run the graph
 * once per batch; pool {@code last_hidden_state [batch, seq, hidden]} over the real tokens only
 * (the attention mask excludes padding, so a text's vector does not depend on its batch mates);
 * optionally L2-normalise {@code v / ||v||}; write each vector back at its input position.
 *
 * <p>Mean pooling is {@code v = (1/T) sum_{t: mask[t]=1} h[t]} as in sentence-transformers'
 * {@code Pooling(pooling_mode_mean_tokens=True)}; CLS is {@code h[0]}; max is the per-dimension max.
 * An empty string becomes {@code [CLS] [SEP]} and embeds like sentence-transformers does.
 *
 * <p>Load-time validation: inputs {@code input_ids} and {@code attention_mask} (INT64, rank 2) must
 * be declared; {@code token_type_ids} is fed only when declared (XLM-R exports lack it); any other
 * input is an error; output {@code last_hidden_state} must be FLOAT of rank 3 with hidden size equal
 * to the expected dimension. Errors name the file and what was expected.
 *
 * <p><b>Same text, same vector.</b> By default a text's vector is a function of the text alone,
 * bit for bit, whatever its batch mates, their order or the token budget. Batching is exact for
 * fp32 graphs (200 STS/SciFact texts in length-sorted batches, shuffled batches and one at a time
 * give bit-identical vectors on all-MiniLM-L6-v2). Dynamic-int8 graphs ({@code -q}) are not: each
 * {@code DynamicQuantizeLinear} node picks one activation scale per tensor, i.e. per batch, so a
 * batched text's int8 vector moves with its batch mates (measured on all-minilm-l6-v2-q: 200 of
 * 200 vectors differ from one-at-a-time, minimum cosine 0.988; on a 4,927-pair STS set a pair's
 * cosine moved by up to 0.063). So when the graph contains {@code DynamicQuantizeLinear} (found
 * at load by scanning the model file), each text runs alone: measured on all-minilm-l6-v2-q over
 * the same 200 texts, one-at-a-time took 0.98x the time of token-budget batches (int8 kernels gain
 * little from batching on 2 cores), so determinism costs nothing measurable there. The batch-
 * dependent mode stays available as an explicit opt-in, {@link Builder#batchDependentInt8(boolean)},
 * and is part of the {@link #fingerprint()} so a cache never mixes the two.
 *
 * <p>One instance is safe to share between threads (ONNX Runtime sessions and the tokenizer are
 * thread-safe; counters are atomic). {@link #close()} waits for running calls, is idempotent, and
 * later calls throw {@code IllegalStateException("<id> is closed")}. No network: DJL's usage
 * tracking is switched off ({@code OPT_OUT_TRACKING=true}) and the tokenizer is loaded from a file.
 */
public final class OnnxEmbedder implements Embedder, UsageReporting, Fingerprinted,
    dev.embedlab.core.retrieval.ProvenanceSource {

  /** Name of the output holding per-token hidden states in sentence-transformer exports. */
  public static final String HIDDEN_STATE_OUTPUT = "last_hidden_state";

  private static final int TOKENIZE_CHUNK = 1024;

  private final String id;
  private final String fingerprint;
  private final String modelSha256;
  private final int dimension;
  private final int maxLength;
  private final int tokenBudget;
  private final Pooling pooling;
  private final boolean normalize;
  private final String queryPrefix;
  private final String documentPrefix;
  private final boolean feedTokenTypeIds;
  private final long padTokenId;
  private final boolean dynamicQuantized;
  private final boolean perTextRuns;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final Set<String> requestedOutputs = Set.of(HIDDEN_STATE_OUTPUT);
  private final List<String> configNotes;

  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LongAdder texts = new LongAdder();
  private final LongAdder tokens = new LongAdder();
  private final LongAdder truncated = new LongAdder();
  private final LongAdder batches = new LongAdder();

  private OnnxEmbedder(Builder b, Path modelPath, Path tokenizerPath, String modelSha,
      String tokenizerSha) {
    this.pooling = b.pooling;
    this.normalize = b.normalize;
    this.maxLength = b.maxLength;
    this.tokenBudget = b.tokenBudget;
    this.queryPrefix = b.queryPrefix;
    this.documentPrefix = b.documentPrefix;
    this.configNotes = List.copyOf(b.configNotes);
    this.modelSha256 = modelSha;
    this.dynamicQuantized = fileContains(modelPath, "DynamicQuantizeLinear");
    this.perTextRuns = dynamicQuantized && !b.batchDependentInt8;
    this.env = OrtEnvironment.getEnvironment();
    OrtSession s = null;
    HuggingFaceTokenizer tok = null;
    try {
      s = openSession(modelPath, b.intraOpThreads, b.sessionConfig);
      GraphShape shape = validateGraph(s, modelPath, b.expectedDimension, b.config);
      this.feedTokenTypeIds = shape.hasTokenTypeIds;
      this.dimension = shape.hiddenSize;
      TokenizerJsonInfo info = checkTokenizer(tokenizerPath, b.config);
      this.padTokenId = info.padId() >= 0 ? info.padId() : 0L;
      OrtSupport.probeVocabulary(env, s, requestedOutputs, modelPath, tokenizerPath, info.maxId(), shape.hasTokenTypeIds);
      tok = openTokenizer(tokenizerPath, b.maxLength, b.maxPositions);
    } catch (RuntimeException e) {
      closeQuietly(s, e);
      throw e;
    }
    this.session = s;
    this.tokenizer = tok;
    this.id = b.id != null ? b.id : b.defaultId;
    this.fingerprint = "onnx-st/v1;model=sha256:" + modelSha + ";tokenizer=sha256:" + tokenizerSha
        + ";pooling=" + pooling + ";normalize=" + normalize + ";maxLength=" + maxLength
        + ";queryPrefix=" + sha256Hex(queryPrefix) .substring(0, 16)
        + ";documentPrefix=" + sha256Hex(documentPrefix).substring(0, 16)
        + ";dim=" + dimension
        // Only graphs whose vectors depend on batching carry the mode, so fp32 fingerprints (and
        // the caches keyed by them) are unchanged.
        + (dynamicQuantized ? ";batching=" + (perTextRuns ? "per-text" : "batch-dependent") : "");
  }

  // ------------------------------------------------------------------ factories

  /** A builder for a catalog model whose jar (see {@link KnownModel#mavenCoordinates()}) is on the classpath. */
  public static Builder builder(KnownModel model) {
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    return new Builder(model, null, null);
  }

  /**
   * A builder for a {@link KnownConfig} model whose export the user put in {@code folder}: the
   * graph is {@code model.onnx} (or {@code onnx/model.onnx}, or the folder's only {@code *.onnx}),
   * the tokenizer {@code tokenizer.json}. The catalog's pooling, maximum length, position limit,
   * prefixes and normalisation apply (they win over the folder's {@code sentence_bert_config.json}
   * and {@code 1_Pooling/config.json}, which ONNX exports often lack); every setting can still be
   * overridden on the builder. {@link Builder#build()} checks that the graph's hidden size is the
   * catalogued {@link KnownConfig#dimension()} and that {@code tokenizer.json} is a
   * {@link KnownConfig#tokenizerModelType()} tokenizer, with errors naming the config and the file;
   * {@link Builder#expectedDimension(int) expectedDimension(0)} accepts any hidden size (e.g. a
   * distilled or test model with the same tokenizer and settings). The id defaults to the folder
   * name.
   */
  public static Builder builder(KnownConfig config, Path folder) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null; folder=" + folder);
    }
    if (folder == null || !Files.isDirectory(folder)) {
      throw new UncheckedIOException(new NoSuchFileException(String.valueOf(folder), null,
          "expected a folder with model.onnx and tokenizer.json (an export of "
              + config.huggingFaceName() + ")"));
    }
    Path model = OrtSupport.findOnnx(folder);
    Builder b = new Builder(null, model, folder.resolve("tokenizer.json"));
    b.applyConfig(config);
    Path name = folder.toAbsolutePath().normalize().getFileName();
    return b.id(name == null ? config.id() : name.toString());
  }

  /** {@code builder(config, folder).build()}. */
  public static OnnxEmbedder fromFolder(KnownConfig config, Path folder) {
    return builder(config, folder).build();
  }

  /** A builder for an ONNX sentence-transformer export and its HuggingFace {@code tokenizer.json}. */
  public static Builder builder(Path modelOnnx, Path tokenizerJson) {
    if (modelOnnx == null || tokenizerJson == null) {
      throw new IllegalArgumentException("modelOnnx and tokenizerJson must not be null; modelOnnx="
          + modelOnnx + ", tokenizerJson=" + tokenizerJson);
    }
    return new Builder(null, modelOnnx, tokenizerJson);
  }

  /**
   * A builder preconfigured from a sentence-transformers folder: the graph is {@code model.onnx}
   * (or {@code onnx/model.onnx}, or the folder's only {@code *.onnx}), the tokenizer
   * {@code tokenizer.json}; pooling comes from {@code 1_Pooling/config.json} and the maximum length
   * from {@code sentence_bert_config.json} when present (else mean pooling, 512), bounded by the
   * position table of {@code config.json}'s {@code max_position_embeddings} (else 512).
   *
   * @throws UncheckedIOException when the folder or a file is missing, or a configuration file
   *     asks for something embedlab cannot honour: a pooling mode other than CLS, mean or max,
   *     several modes at once, or a {@code max_seq_length} that is not an integer >= 2 (the message
   *     names the file and the value). A {@code max_seq_length} above the position table is lowered
   *     to it with a WARN and a note in {@link OnnxEmbedder#configNotes()}.
   */
  public static Builder builderFromFolder(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UncheckedIOException(new NoSuchFileException(String.valueOf(dir), null,
          "expected a folder with model.onnx and tokenizer.json"));
    }
    Path model = OrtSupport.findOnnx(dir);
    Path tok = dir.resolve("tokenizer.json");
    Builder b = builder(model, tok).id(dir.getFileName().toString());
    SentenceTransformersConfig.Settings cfg = SentenceTransformersConfig.read(dir);
    b.maxPositions(cfg.maxPositions());
    b.maxLength(cfg.maxLength() > 0 ? cfg.maxLength() : Math.min(512, cfg.maxPositions()));
    if (cfg.pooling() != null) {
      b.pooling(cfg.pooling());
    }
    b.configNotes.addAll(cfg.notes());
    return b;
  }

  /** {@code builderFromFolder(dir).build()}. */
  public static OnnxEmbedder fromFolder(Path dir) {
    return builderFromFolder(dir).build();
  }

  
  // ------------------------------------------------------------------ Embedder

  @Override
  public float[][] embed(List<String> input, Role role) {
    Embedders.checkTexts(input, role);
    ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
    lock.lock();
    try {
      ensureOpen();
      int n = input.size();
      float[][] out = new float[n][];
      if (n == 0) {
        return out;
      }
      String prefix = role == Role.QUERY ? queryPrefix : documentPrefix;
      for (int from = 0; from < n; from += TOKENIZE_CHUNK) {
        int to = Math.min(n, from + TOKENIZE_CHUNK);
        embedChunk(input, from, to, prefix, out);
      }
      texts.add(n);
      return out;
    } finally {
      lock.unlock();
    }
  }

  private void embedChunk(List<String> input, int from, int to, String prefix, float[][] out) {
    int m = to - from;
    String[] batchText = new String[m];
    for (int i = 0; i < m; i++) {
      String t = input.get(from + i);
      batchText[i] = prefix.isEmpty() ? t : prefix + t;
    }
    Encoding[] enc = tokenizer.batchEncode(batchText, true, false);
    long[][] ids = new long[m][];
    Integer[] order = new Integer[m];
    long tok = 0;
    long cut = 0;
    for (int i = 0; i < m; i++) {
      ids[i] = enc[i].getIds();
      if (ids[i].length > maxLength) {
        // Defensive: the tokenizer truncates, but never feed more than the model's positions.
        ids[i] = Arrays.copyOf(ids[i], maxLength);
      }
      if (enc[i].exceedMaxLength()) {
        cut++;
      }
      tok += ids[i].length;
      order[i] = i;
    }
    tokens.add(tok);
    truncated.add(cut);
    // Longest first: each batch's first text fixes its padded length.
    Arrays.sort(order, (a, b) -> Integer.compare(ids[b].length, ids[a].length));
    int capacity = Math.max(tokenBudget, maxLength);
    LongBuffer idBuf = OrtSupport.directLongs(capacity);
    LongBuffer maskBuf = OrtSupport.directLongs(capacity);
    LongBuffer typeBuf = feedTokenTypeIds ? OrtSupport.directLongs(capacity) : null; // zeros, never written
    int start = 0;
    while (start < m) {
      int seq = ids[order[start]].length;
      int size = perTextRuns ? 1 : Math.max(1, Math.min(m - start, tokenBudget / seq));
      runBatch(order, start, size, seq, ids, idBuf, maskBuf, typeBuf, from, out);
      start += size;
    }
  }

  private void runBatch(Integer[] order, int start, int size, int seq, long[][] ids,
      LongBuffer idBuf, LongBuffer maskBuf, LongBuffer typeBuf, int outOffset, float[][] out) {
    int cells = size * seq;
    idBuf.clear();
    maskBuf.clear();
    int[] lengths = new int[size];
    for (int r = 0; r < size; r++) {
      long[] row = ids[order[start + r]];
      lengths[r] = row.length;
      idBuf.put(row);
      for (int t = 0; t < row.length; t++) {
        maskBuf.put(1L);
      }
      for (int t = row.length; t < seq; t++) {
        idBuf.put(padTokenId); // the tokenizer's <pad>/[PAD]; masked out
        maskBuf.put(0L);
      }
    }
    long[] shape = {size, seq};
    Map<String, OnnxTensor> inputs = new HashMap<>(4);
    OnnxTensor idT = null;
    OnnxTensor maskT = null;
    OnnxTensor typeT = null;
    try {
      idT = OnnxTensor.createTensor(env, OrtSupport.window(idBuf, cells), shape);
      maskT = OnnxTensor.createTensor(env, OrtSupport.window(maskBuf, cells), shape);
      inputs.put("input_ids", idT);
      inputs.put("attention_mask", maskT);
      if (typeBuf != null) {
        typeT = OnnxTensor.createTensor(env, OrtSupport.window(typeBuf, cells), shape);
        inputs.put("token_type_ids", typeT);
      }
      try (OrtSession.Result result = session.run(inputs, requestedOutputs)) {
        OnnxTensor hidden = (OnnxTensor) result.get(0);
        FloatBuffer fb = hidden.getFloatBuffer();
        float[] h;
        int base;
        if (fb.hasArray()) {
          h = fb.array();
          base = fb.arrayOffset() + fb.position();
        } else {
          h = new float[fb.remaining()];
          fb.get(h);
          base = 0;
        }
        for (int r = 0; r < size; r++) {
          float[] v = pool(h, base + r * seq * dimension, lengths[r]);
          if (normalize) {
            l2normalize(v);
          }
          out[outOffset + order[start + r]] = v;
        }
      }
      batches.increment();
    } catch (OrtException e) {
      throw new IllegalStateException(id + ": ONNX Runtime failed on a batch of " + size
          + " texts x " + seq + " tokens: " + e.getMessage(), e);
    } finally {
      for (OnnxTensor t : new OnnxTensor[] {idT, maskT, typeT}) {
        if (t != null) {
          t.close();
        }
      }
    }
  }

  /** Pools one text's rows {@code h[off + t*dim + j]} for {@code t < len} (its real tokens). */
  private float[] pool(float[] h, int off, int len) {
    int d = dimension;
    float[] v = new float[d];
    switch (pooling) {
      case CLS -> System.arraycopy(h, off, v, 0, d);
      case MEAN -> {
        // Accumulate in double: up to 512 terms per dimension, keeps the mean exact to float.
        double[] acc = new double[d];
        for (int t = 0; t < len; t++) {
          int row = off + t * d;
          for (int j = 0; j < d; j++) {
            acc[j] += h[row + j];
          }
        }
        for (int j = 0; j < d; j++) {
          v[j] = (float) (acc[j] / len);
        }
      }
      case MAX -> {
        System.arraycopy(h, off, v, 0, d);
        for (int t = 1; t < len; t++) {
          int row = off + t * d;
          for (int j = 0; j < d; j++) {
            v[j] = Math.max(v[j], h[row + j]);
          }
        }
      }
      default -> throw new IllegalStateException("unknown pooling " + pooling);
    }
    return v;
  }

  private static void l2normalize(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    // sentence-transformers' Normalize: x / max(||x||, 1e-12)
    double inv = 1.0 / Math.max(Math.sqrt(s), 1e-12);
    for (int j = 0; j < v.length; j++) {
      v[j] = (float) (v[j] * inv);
    }
  }

  
  
  /**
   * Tokens each text would feed the model for {@code role}: prefix and special tokens included,
   * after truncation at {@link #maxLength()} (so a value equal to {@code maxLength()} may mean the
   * text was cut). Does not run the model or touch the usage counters.
   */
  public int[] tokenCounts(List<String> input, Role role) {
    Embedders.checkTexts(input, role);
    ReentrantReadWriteLock.ReadLock lock = lifecycle.readLock();
    lock.lock();
    try {
      ensureOpen();
      String prefix = role == Role.QUERY ? queryPrefix : documentPrefix;
      int[] out = new int[input.size()];
      for (int from = 0; from < out.length; from += TOKENIZE_CHUNK) {
        int to = Math.min(out.length, from + TOKENIZE_CHUNK);
        String[] chunk = new String[to - from];
        for (int i = from; i < to; i++) {
          chunk[i - from] = prefix + input.get(i);
        }
        Encoding[] enc = tokenizer.batchEncode(chunk, true, false);
        for (int i = 0; i < enc.length; i++) {
          out[from + i] = Math.min(enc[i].getIds().length, maxLength);
        }
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String fingerprint() {
    return fingerprint;
  }

  /** Kind {@code onnx-embedder} with the id and every part of the {@link #fingerprint()}. */
  @Override
  public dev.embedlab.core.retrieval.Provenance provenance() {
    java.util.Map<String, Object> p = new java.util.TreeMap<>();
    p.put("id", id);
    for (String part : fingerprint.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        p.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    // numbers and flags stay typed (the canonical form renders them as the fingerprint does)
    p.put("maxLength", maxLength);
    p.put("dim", dimension);
    p.put("normalize", normalize);
    return new dev.embedlab.core.retrieval.Provenance("onnx-embedder", p, List.of());
  }

  /**
   * What the model folder's configuration asked for but did not get as is, e.g.
   * {@code "…/sentence_bert_config.json: max_seq_length=100000 is above the model's 512 positions
   * (config.json); using max_seq_length=512"} (provenance; empty when everything was used as read).
   */
  public List<String> configNotes() {
    return configNotes;
  }

  /** Hex SHA-256 of the ONNX model file's bytes (provenance). */
  public String modelSha256() {
    return modelSha256;
  }

  /** Maximum tokens per text, special tokens included; longer texts are truncated and counted. */
  public int maxLength() {
    return maxLength;
  }

  /** Maximum padded tokens ({@code batch size * longest text}) per model call. */
  public int tokenBudget() {
    return tokenBudget;
  }

  /** The pooling in use. */
  public Pooling pooling() {
    return pooling;
  }

  /** Whether vectors are L2-normalised. */
  public boolean normalize() {
    return normalize;
  }

  /**
   * Id fed at padded positions: the padding token of {@code tokenizer.json} ({@code <pad>} = 1 for
   * XLM-R/SentencePiece vocabularies, {@code [PAD]} = 0 for BERT), or 0 when it names none.
   * Padded positions are masked out, but XLM-R graphs derive position ids from
   * {@code input_ids != pad}, so the right id keeps padded rows what the model was trained on.
   */
  public long padTokenId() {
    return padTokenId;
  }

  /** Whether the graph declares, and so is fed, {@code token_type_ids}. */
  public boolean feedsTokenTypeIds() {
    return feedTokenTypeIds;
  }

  @Override
  public Usage usage() {
    return new Usage(texts.sum(), tokens.sum(), truncated.sum(), batches.sum());
  }

  @Override
  public void resetUsage() {
    texts.reset();
    tokens.reset();
    truncated.reset();
    batches.reset();
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return closed.get();
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException(id + " is closed");
    }
  }

  /** Waits for running calls, then releases the ONNX session and the tokenizer. Idempotent. */
  @Override
  public void close() {
    ReentrantReadWriteLock.WriteLock lock = lifecycle.writeLock();
    lock.lock();
    try {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        tokenizer.close();
      } finally {
        try {
          session.close();
        } catch (OrtException e) {
          throw new IllegalStateException(id + ": failed to close the ONNX session", e);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "OnnxEmbedder[" + id + ", dim=" + dimension + ", pooling=" + pooling + ", maxLength="
        + maxLength + ", normalize=" + normalize
        + (configNotes.isEmpty() ? "" : ", config notes: " + String.join("; ", configNotes)) + "]";
  }

  // ------------------------------------------------------------------ loading

  private record GraphShape(boolean hasTokenTypeIds, int hiddenSize) {}

  private OrtSession openSession(Path modelPath, int threads, Map<String, String> config) {
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(threads);
      for (Map.Entry<String, String> c : config.entrySet()) {
        opts.addConfigEntry(c.getKey(), c.getValue());
      }
      opts.setInterOpNumThreads(1);
      opts.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      return env.createSession(modelPath.toString(), opts);
    } catch (OrtException e) {
      throw new UncheckedIOException(new IOException("cannot load ONNX model " + modelPath
          + ": expected a valid ONNX graph (a sentence-transformer export with output "
          + HIDDEN_STATE_OUTPUT + "); ONNX Runtime said: " + e.getMessage(), e));
    }
  }

  private static GraphShape validateGraph(OrtSession s, Path modelPath, int expectedDim,
      KnownConfig config) {
    Map<String, NodeInfo> in;
    Map<String, NodeInfo> outs;
    try {
      in = s.getInputInfo();
      outs = s.getOutputInfo();
    } catch (OrtException e) {
      throw new IllegalArgumentException("model " + modelPath + ": cannot read graph inputs/outputs", e);
    }
    for (String required : List.of("input_ids", "attention_mask")) {
      if (!in.containsKey(required)) {
        throw new IllegalArgumentException("model " + modelPath + ": expected input '" + required
            + "' (INT64 [batch, seq]); found inputs " + in.keySet());
      }
    }
    for (Map.Entry<String, NodeInfo> e : in.entrySet()) {
      String name = e.getKey();
      if (!Set.of("input_ids", "attention_mask", "token_type_ids").contains(name)) {
        throw new IllegalArgumentException("model " + modelPath + ": unexpected input '" + name
            + "'; expected only input_ids, attention_mask and optionally token_type_ids");
      }
      OrtSupport.checkTensor(modelPath, "input", name, e.getValue().getInfo(), OnnxJavaType.INT64, 2);
    }
    NodeInfo hidden = outs.get(HIDDEN_STATE_OUTPUT);
    if (hidden == null) {
      throw new IllegalArgumentException("model " + modelPath + ": expected output '"
          + HIDDEN_STATE_OUTPUT + "' (FLOAT [batch, seq, hidden]); found outputs " + outs.keySet());
    }
    TensorInfo ti = OrtSupport.checkTensor(modelPath, "output", HIDDEN_STATE_OUTPUT, hidden.getInfo(),
        OnnxJavaType.FLOAT, 3);
    long h = ti.getShape()[2];
    if (h <= 0 && expectedDim <= 0) {
      throw new IllegalArgumentException("model " + modelPath + ": hidden size of "
          + HIDDEN_STATE_OUTPUT + " is dynamic; set the builder's expectedDimension");
    }
    if (h > 0 && expectedDim > 0 && h != expectedDim) {
      if (config != null && expectedDim == config.dimension()) {
        throw new IllegalArgumentException("model " + modelPath + ": config " + config.id() + " ("
            + config.huggingFaceName() + ") has hidden size " + expectedDim + ", but "
            + HIDDEN_STATE_OUTPUT + " has hidden size " + h + "; is the folder an export of another"
            + " model? (expectedDimension(0) accepts the graph's size)");
      }
      throw new IllegalArgumentException("model " + modelPath + ": expected hidden size "
          + expectedDim + " in " + HIDDEN_STATE_OUTPUT + ", found " + h);
    }
    return new GraphShape(in.containsKey("token_type_ids"), (int) (h > 0 ? h : expectedDim));
  }

  
  /**
   * Reads the padding id from {@code tokenizer.json} and, for a {@link KnownConfig}, checks the
   * tokenizer model type (an XLM-R config given a BERT WordPiece tokenizer would embed garbage).
   */
  private static TokenizerJsonInfo checkTokenizer(Path tokenizerPath, KnownConfig config) {
    TokenizerJsonInfo info;
    try {
      info = TokenizerJsonInfo.read(tokenizerPath);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + tokenizerPath
          + ": expected a HuggingFace tokenizer.json", e);
    }
    if (config != null && !config.tokenizerModelType().equals(info.modelType())) {
      throw new IllegalArgumentException("tokenizer " + tokenizerPath + ": config " + config.id()
          + " expects a " + config.tokenizerModelType() + " (SentencePiece, XLM-R) tokenizer.json, found"
          + " model type " + info.modelType() + "; is the folder an export of another model?");
    }
    return info;
  }

  private static HuggingFaceTokenizer openTokenizer(Path tokenizerPath, int maxLength,
      int maxPositions) {
    // DJL: no usage tracking, the bundled CPU tokenizer build, no CUDA-probe warning (see DjlDefaults).
    DjlDefaults.apply();
    Map<String, String> opts = new HashMap<>();
    opts.put("addSpecialTokens", "true");
    opts.put("truncation", "LONGEST_FIRST");
    opts.put("padding", "false");
    opts.put("maxLength", Integer.toString(maxLength));
    opts.put("modelMaxLength", Integer.toString(maxPositions));
    opts.put("stride", "0");
    opts.put("padToMultipleOf", "0");
    try {
      return HuggingFaceTokenizer.newInstance(tokenizerPath, opts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read tokenizer " + tokenizerPath
          + ": expected a HuggingFace tokenizer.json", e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot load tokenizer " + tokenizerPath
          + ": expected a HuggingFace tokenizer.json; " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(OrtSession s, RuntimeException primary) {
    if (s != null) {
      try {
        s.close();
      } catch (OrtException e) {
        primary.addSuppressed(e);
      }
    }
  }

  static String sha256Hex(String s) {
    return HexFormat.of().formatHex(sha256().digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * Whether the file's bytes contain {@code ascii} (an ONNX operator type is stored as a plain
   * string in the protobuf, so this finds {@code DynamicQuantizeLinear} nodes without parsing).
   */
  static boolean fileContains(Path p, String ascii) {
    byte[] needle = ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] buf = new byte[1 << 16];
    int keep = needle.length - 1;
    try (InputStream in = Files.newInputStream(p)) {
      int filled = 0;
      int n;
      while ((n = in.read(buf, filled, buf.length - filled)) > 0) {
        int end = filled + n;
        for (int i = 0; i + needle.length <= end; i++) {
          if (buf[i] == needle[0] && Arrays.equals(buf, i, i + needle.length, needle, 0, needle.length)) {
            return true;
          }
        }
        // Carry the last needle-1 bytes over so a match across two reads is found.
        int carry = Math.min(keep, end);
        System.arraycopy(buf, end - carry, buf, 0, carry);
        filled = carry;
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
  }

  /**
   * Whether this graph quantises activations dynamically ({@code DynamicQuantizeLinear}), whose
   * batched vectors would depend on batch mates.
   */
  public boolean dynamicallyQuantized() {
    return dynamicQuantized;
  }

  /**
   * Whether a text's vector is independent of its batch mates: true for every graph unless
   * {@link Builder#batchDependentInt8(boolean)} was switched on for a dynamic-int8 graph.
   */
  public boolean batchIndependent() {
    return !dynamicQuantized || perTextRuns;
  }

  static String fileSha256(Path p) {
    MessageDigest md = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(new NoSuchFileException(p.toString(), null,
          "file not found; expected an ONNX model or tokenizer.json here"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p, e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  // ------------------------------------------------------------------ builder

  /**
   * Session configuration keys that ONNX Runtime reads, as listed in its
   * {@code include/onnxruntime/core/session/onnxruntime_session_options_config_keys.h}
   * (1.20 line); execution-provider keys ({@code ep.*}) are accepted by prefix.
   */
  public static final Set<String> KNOWN_SESSION_CONFIG_KEYS = Set.of(
      "session.disable_prepacking", "session.use_env_allocators", "session.load_model_format",
      "session.save_model_format", "session.set_denormal_as_zero", "session.disable_quant_qdq",
      "session.disable_double_qdq_remover", "session.enable_quant_qdq_cleanup",
      "optimization.enable_gelu_approximation", "session.disable_aot_function_inlining",
      "optimization.memory_optimizer_config", "optimization.enable_memory_probe_recompute_config",
      "optimization.disable_specified_optimizers", "session.use_device_allocator_for_initializers",
      "session.inter_op.allow_spinning", "session.intra_op.allow_spinning",
      "session.use_ort_model_bytes_directly", "session.use_ort_model_bytes_for_initializers",
      "session.qdqisint8allowed", "session.x64quantprecision", "optimization.minimal_build_optimizations",
      "session.dynamic_block_base", "session.force_spinning_stop", "session.strict_shape_type_inference",
      "session.allow_released_opsets_only", "session.node_partition_config_file",
      "session.intra_op_thread_affinities", "session.debug_layout_transformation",
      "session.disable_cpu_ep_fallback", "session.optimized_model_external_initializers_file_name",
      "session.optimized_model_external_initializers_min_size_in_bytes",
      "session.model_external_initializers_file_folder_path",
      "session.save_external_prepacked_constant_initializers", "session.collect_node_memory_stats_to_file",
      "session.resource_cuda_partitioning_settings", "mlas.enable_gemm_fastmath_arm64_bfloat16",
      "session.qdq_matmulnbits_accuracy_level");

  /** Levenshtein distance, for "did you mean" in error messages. */
  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * Options for an {@link OnnxEmbedder}. Defaults come from the {@link KnownModel} or
   * {@link KnownConfig} (or mean pooling, max length 512 for a file): normalisation on, token budget 1024 (fastest of 256..16384
   * on all-MiniLM-L6-v2, 2 cores: activations stay in cache), intra-op threads =
   * available processors.
   */
  public static final class Builder {
    private final KnownModel known;
    private KnownConfig config;
    private final Path modelPath;
    private final Path tokenizerPath;
    private final String defaultId;
    private Pooling pooling;
    private boolean normalize = true;
    private int maxLength;
    private int maxPositions;
    private int tokenBudget = 1024;
    private boolean batchDependentInt8;
    private int intraOpThreads = Runtime.getRuntime().availableProcessors();
    private final Map<String, String> sessionConfig = new java.util.LinkedHashMap<>();
    private int expectedDimension;
    private String id;
    private String queryPrefix;
    private String documentPrefix;
    /** What configuration files asked for but did not get as is (folder loading). */
    private final List<String> configNotes = new ArrayList<>();

    private Builder(KnownModel known, Path modelPath, Path tokenizerPath) {
      this.known = known;
      this.modelPath = modelPath;
      this.tokenizerPath = tokenizerPath;
      if (known != null) {
        this.defaultId = known.id();
        this.pooling = known.pooling();
        this.maxLength = known.defaultMaxLength();
        this.maxPositions = known.maxPositions();
        this.expectedDimension = known.dimension();
        this.queryPrefix = known.queryPrefix();
        this.documentPrefix = known.documentPrefix();
      } else {
        String name = modelPath.getFileName() == null ? "model" : modelPath.getFileName().toString();
        this.defaultId = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        this.pooling = Pooling.MEAN;
        this.maxLength = 512;
        this.maxPositions = 512;
        this.queryPrefix = "";
        this.documentPrefix = "";
      }
    }

    private void applyConfig(KnownConfig c) {
      this.config = c;
      this.pooling = c.pooling();
      this.normalize = c.normalize();
      this.maxLength = c.defaultMaxLength();
      this.maxPositions = c.maxPositions();
      this.expectedDimension = c.dimension();
      this.queryPrefix = c.queryPrefix();
      this.documentPrefix = c.documentPrefix();
    }

    /** Pooling of token states into one vector. */
    public Builder pooling(Pooling p) {
      if (p == null) {
        throw new IllegalArgumentException("pooling must not be null");
      }
      this.pooling = p;
      return this;
    }

    /** Whether to L2-normalise vectors (default true). */
    public Builder normalize(boolean n) {
      this.normalize = n;
      return this;
    }

    /** Maximum tokens per text including {@code [CLS]}/{@code [SEP]}; 2..maxPositions. */
    public Builder maxLength(int n) {
      this.maxLength = n;
      return this;
    }

    /** Size of the model's position table (default 512): the hard bound for {@link #maxLength}. */
    public Builder maxPositions(int n) {
      if (n < 2) {
        throw new IllegalArgumentException("maxPositions must be >= 2; maxPositions=" + n);
      }
      this.maxPositions = n;
      return this;
    }

    /** Maximum padded tokens ({@code batch * longest}) per model call; >= 1. */
    public Builder tokenBudget(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("tokenBudget must be >= 1; tokenBudget=" + n);
      }
      this.tokenBudget = n;
      return this;
    }

    /**
     * An ONNX Runtime session configuration entry (e.g. {@code session.intra_op.allow_spinning} =
     * {@code "0"}), passed to {@code SessionOptions.addConfigEntry}. ONNX Runtime itself accepts any
     * key and ignores the ones it does not know, so a typo would silently do nothing: the key must
     * be one of {@link #KNOWN_SESSION_CONFIG_KEYS} (the keys of ONNX Runtime's
     * {@code onnxruntime_session_options_config_keys.h}) or an execution-provider key
     * ({@code ep.*}); use {@link #sessionConfigUnchecked} for a key newer than that list.
     *
     * @throws IllegalArgumentException for an unknown key, naming the closest known keys
     */
    public Builder sessionConfig(String key, String value) {
      checkConfigEntry(key, value);
      if (!KNOWN_SESSION_CONFIG_KEYS.contains(key) && !key.startsWith("ep.")) {
        List<String> close = KNOWN_SESSION_CONFIG_KEYS.stream()
            .filter(k -> editDistance(k, key) <= Math.max(3, key.length() / 5))
            .sorted(java.util.Comparator.comparingInt((String k) -> editDistance(k, key))
                .thenComparing(java.util.Comparator.naturalOrder()))
            .toList();
        throw new IllegalArgumentException("sessionConfig: unknown ONNX Runtime session config key '" + key
            + "' (ONNX Runtime would ignore it silently)"
            + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?")
            + "; for a key newer than ONNX Runtime 1.20's list use sessionConfigUnchecked");
      }
      sessionConfig.put(key, value);
      return this;
    }

    /** As {@link #sessionConfig}, without checking the key against the known list. */
    public Builder sessionConfigUnchecked(String key, String value) {
      checkConfigEntry(key, value);
      sessionConfig.put(key, value);
      return this;
    }

    private static void checkConfigEntry(String key, String value) {
      if (key == null || key.isBlank() || value == null) {
        throw new IllegalArgumentException("sessionConfig needs a non-blank key and a value; key=" + key
            + ", value=" + value);
      }
    }

    /**
     * Opt-in: run dynamic-int8 graphs in token-budget batches although a text's vector then
     * depends on its batch mates (see the class doc for the measured size of the effect and the
     * speed it buys). Default false: each text runs alone and vectors are a function of the text.
     * No effect on graphs without {@code DynamicQuantizeLinear}, which batch exactly.
     */
    public Builder batchDependentInt8(boolean allow) {
      this.batchDependentInt8 = allow;
      return this;
    }

    /** ONNX Runtime intra-op threads; >= 1. */
    public Builder intraOpThreads(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("intraOpThreads must be >= 1; intraOpThreads=" + n);
      }
      this.intraOpThreads = n;
      return this;
    }

    /** Expected hidden size, checked against the graph ({@code 0}: take the graph's). */
    public Builder expectedDimension(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("expectedDimension must be >= 0; expectedDimension=" + n);
      }
      this.expectedDimension = n;
      return this;
    }

    /** The {@link Embedder#id()} (default: the catalog id or the model file name). */
    public Builder id(String id) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("id must not be blank; id=" + id);
      }
      this.id = id;
      return this;
    }

    /** Prefix/instruction prepended to {@link Role#QUERY} texts. */
    public Builder queryPrefix(String p) {
      this.queryPrefix = p == null ? "" : p;
      return this;
    }

    /** Prefix prepended to {@link Role#DOCUMENT} texts. */
    public Builder documentPrefix(String p) {
      this.documentPrefix = p == null ? "" : p;
      return this;
    }

    /**
     * Loads and validates the model.
     *
     * @throws UncheckedIOException if a file is missing, unreadable or not a valid ONNX graph (the
     *     message names the path and what was expected)
     * @throws IllegalArgumentException if the graph's inputs/outputs/hidden size are not those of a
     *     sentence-transformer export, or an option is out of range
     */
    public OnnxEmbedder build() {
      if (maxLength < 2 || maxLength > maxPositions) {
        throw new IllegalArgumentException("maxLength must be in [2, " + maxPositions
            + "] (the model's position table); maxLength=" + maxLength);
      }
      if (known == null) {
        for (Path p : List.of(modelPath, tokenizerPath)) {
          if (!Files.isRegularFile(p)) {
            throw new UncheckedIOException(new NoSuchFileException(p.toString(), null,
                "file not found; expected " + (p == modelPath ? "an ONNX sentence-transformer export"
                    : "a HuggingFace tokenizer.json")));
          }
        }
        return new OnnxEmbedder(this, modelPath, tokenizerPath, fileSha256(modelPath),
            fileSha256(tokenizerPath));
      }
      return buildFromClasspath();
    }

    private OnnxEmbedder buildFromClasspath() {
      Path tmp = null;
      try {
        Path[] files = new Path[2];
        String[] shas = new String[2];
        String[] names = {known.modelResource(), known.tokenizerResource()};
        for (int i = 0; i < 2; i++) {
          URL url = resource(names[i]);
          if (url == null) {
            throw new UncheckedIOException(new NoSuchFileException(names[i], null,
                "classpath resource not found; add the dependency dev.embedlab:" + known.artifactId()
                    + " (embedlab-models plus the weights jar " + known.mavenCoordinates()
                    + "), or put that weights jar on the classpath with all its dependencies excluded"));
          }
          if ("file".equals(url.getProtocol())) {
            files[i] = Path.of(url.toURI());
            shas[i] = fileSha256(files[i]);
          } else {
            if (tmp == null) {
              tmp = Files.createTempDirectory("embedlab-" + known.id() + "-");
            }
            files[i] = tmp.resolve(names[i]);
            MessageDigest md = sha256();
            try (InputStream in = new DigestInputStream(url.openStream(), md)) {
              Files.copy(in, files[i]);
            }
            shas[i] = HexFormat.of().formatHex(md.digest());
          }
        }
        return new OnnxEmbedder(this, files[0], files[1], shas[0], shas[1]);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot extract " + known + " from the classpath", e);
      } catch (URISyntaxException e) {
        throw new IllegalStateException("bad classpath URL for " + known, e);
      } finally {
        // ONNX Runtime and the tokenizer have read the files: the extracted copies can go now.
        deleteTree(tmp);
      }
    }

    private static URL resource(String name) {
      URL u = OnnxEmbedder.class.getClassLoader().getResource(name);
      if (u == null && Thread.currentThread().getContextClassLoader() != null) {
        u = Thread.currentThread().getContextClassLoader().getResource(name);
      }
      return u;
    }

    private static void deleteTree(Path dir) {
      if (dir == null) {
        return;
      }
      try (Stream<Path> s = Files.walk(dir)) {
        List<Path> all = new ArrayList<>(s.toList());
        java.util.Collections.reverse(all);
        for (Path p : all) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        dir.toFile().deleteOnExit();
      }
    }
  }
}

package dev.embedlab.staticemb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A static embedding model as data: one vector per token id of a {@code tokenizer.json}, optional
 * per-token weights, and whether pooled vectors are L2-normalised. Immutable.
 *
 * <h2>Files (round-trip with model2vec and sentence-transformers)</h2>
 * {@link #write} produces model2vec's {@code save_pretrained} layout, which sentence-transformers'
 * {@code StaticEmbedding} also loads:
 * <ul>
 *   <li>{@code model.safetensors}: tensor {@code embeddings [vocab, dim]} (F32 or F16), plus
 *       {@code weights [vocab]} (F32) when the model has per-token weights (model2vec ≥ 0.5);</li>
 *   <li>{@code tokenizer.json}: the HuggingFace tokenizer, byte for byte as given;</li>
 *   <li>{@code config.json}: {@code model_type "model2vec"}, {@code architectures ["StaticModel"]},
 *       {@code hidden_dim}, {@code seq_length}, {@code normalize}, {@code embedding_dtype} and the
 *       distillation settings ({@code tokenizer_name}, {@code apply_pca}, {@code sif_coefficient});</li>
 *   <li>{@code modules.json}: sentence-transformers' pipeline, {@code StaticEmbedding} at {@code "."}
 *       and {@code Normalize} when normalising.</li>
 * </ul>
 * {@link #read} accepts that layout, sentence-transformers' own ({@code embedding.weight} in
 * {@code model.safetensors} at the root or under {@code 0_StaticEmbedding/}, normalisation from a
 * {@code Normalize} module in {@code modules.json}), and model2vec's vocabulary-quantised files (a
 * {@code mapping} tensor from token id to row).
 *
 * <h2>Hashed character n-grams (an embedlab extension)</h2>
 * A model may pool {@link CharNgrams} beside its tokens: its table then has {@code vocab + buckets}
 * rows, stored as {@code embeddings [vocab, dim]} (so model2vec and sentence-transformers still load the
 * token part) and {@code char_ngram_embeddings [buckets, dim]}, and {@code config.json} says so under
 * {@value CharNgrams#CONFIG_KEY}. {@link #read} refuses an n-gram entry it cannot honour and an n-gram
 * tensor without that entry; other loaders ignore both and pool the tokens only.
 *
 * <h2>Pooling</h2>
 * model2vec's: {@code v(text) = (1/n) Σ_i w[t_i] · E[map(t_i)]} over the {@code n} token ids of the
 * text (special tokens not added, the unknown token dropped; with {@link #charNgrams()} the text's
 * n-gram rows {@code vocab + bucket} join the mean with weight 1), then divided by its L2 norm when
 * {@link #normalize()}. A text with no tokens gets the zero vector.
 */
public final class StaticModel {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** The safetensors name of the character n-gram rows. */
  static final String NGRAM_TENSOR = "char_ngram_embeddings";

  private final int rows;
  private final int dim;
  private final float[] vectors;
  private final float[] tokenWeights;
  private final int[] mapping;
  private final byte[] tokenizerJson;
  private final TokenizerVocab vocab;
  private final boolean normalize;
  private final Map<String, JsonNode> config;
  private final CharNgrams charNgrams;

  private StaticModel(Builder b) {
    this.dim = b.dim;
    this.vectors = b.vectors;
    this.rows = vectors.length / dim;
    this.tokenWeights = b.tokenWeights;
    this.mapping = b.mapping;
    this.tokenizerJson = b.tokenizerJson;
    this.normalize = b.normalize;
    this.config = Map.copyOf(b.config);
    this.charNgrams = b.charNgrams;
    try {
      this.vocab = TokenizerVocab.parse(tokenizerJson, b.source);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    int ids = vocab.size();
    if (charNgrams != null && mapping != null) {
      throw new IllegalArgumentException(b.source + ": character n-grams with a vocabulary-quantised table are not supported");
    }
    int extra = charNgrams == null ? 0 : charNgrams.buckets();
    if (mapping == null && rows != ids + extra) {
      throw new IllegalArgumentException(b.source + ": " + rows + " vectors for a tokenizer of " + ids
          + " ids" + (extra == 0 ? "" : " and " + extra + " n-gram buckets")
          + "; expected one vector per id" + (extra == 0 ? " (or a token mapping)" : " and bucket"));
    }
    if (mapping != null) {
      if (mapping.length != ids) {
        throw new IllegalArgumentException(b.source + ": mapping has " + mapping.length + " entries for "
            + ids + " token ids");
      }
      for (int i = 0; i < mapping.length; i++) {
        if (mapping[i] < 0 || mapping[i] >= rows) {
          throw new IllegalArgumentException(b.source + ": mapping[" + i + "]=" + mapping[i] + " outside 0.." + (rows - 1));
        }
      }
    }
    if (tokenWeights != null && tokenWeights.length != ids) {
      throw new IllegalArgumentException(b.source + ": " + tokenWeights.length + " token weights for "
          + ids + " token ids");
    }
    checkFinite(vectors, "vectors", b.source);
    // Then the rest of the library's one vector policy (L2 norm at most 2^63), row by row, so a
    // table row can never make a mean that overflows.
    for (int r = 0; r < rows; r++) {
      dev.embedlab.core.VectorUtil.checkFinite(java.util.Arrays.copyOfRange(vectors, r * dim, (r + 1) * dim),
          b.source + ": row " + r + " of the table");
    }
    if (tokenWeights != null) {
      checkFinite(tokenWeights, "weights", b.source);
    }
  }

  private static void checkFinite(float[] a, String what, String source) {
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        throw new IllegalArgumentException(source + ": " + what + "[" + i + "]=" + a[i] + " is not finite");
      }
    }
  }

  /**
   * A builder for a model of {@code vectors.length / dim} rows over the tokenizer {@code tokenizerJson}.
   *
   * @param vectors row-major table, one row per token id (not copied; do not change it afterwards)
   */
  public static Builder builder(byte[] tokenizerJson, float[] vectors, int dim) {
    return new Builder(tokenizerJson, vectors, dim);
  }

  /** Vector length. */
  public int dimension() {
    return dim;
  }

  /** Rows in the table (the vocabulary size unless the vocabulary is quantised). */
  public int rows() {
    return rows;
  }

  /** The tokenizer's vocabulary. */
  public TokenizerVocab vocab() {
    return vocab;
  }

  /** Whether pooled vectors are L2-normalised. */
  public boolean normalize() {
    return normalize;
  }

  /** A copy of the tokenizer.json bytes. */
  public byte[] tokenizerJson() {
    return tokenizerJson.clone();
  }

  /** Per-token weights (a copy), or null when every token weighs 1. */
  public float[] tokenWeights() {
    return tokenWeights == null ? null : tokenWeights.clone();
  }

  /** A copy of the row of token {@code id} (after the mapping, before the token's weight). */
  public float[] row(int id) {
    int r = mapping == null ? id : mapping[id];
    float[] out = new float[dim];
    System.arraycopy(vectors, r * dim, out, 0, dim);
    return out;
  }

  /** The hashed character n-grams pooled beside the tokens, or null (the model2vec case). */
  public CharNgrams charNgrams() {
    return charNgrams;
  }

  /** The extra {@code config.json} fields (distillation settings), read or given. */
  public Map<String, JsonNode> config() {
    return config;
  }

  // Package-private views for the embedder and trainer (no copies).
  float[] vectorsView() {
    return vectors;
  }

  float[] weightsView() {
    return tokenWeights;
  }

  int[] mappingView() {
    return mapping;
  }

  byte[] tokenizerView() {
    return tokenizerJson;
  }

  /**
   * SHA-256 over everything that determines the vectors: table, weights, mapping, tokenizer bytes,
   * normalisation.
   */
  public String sha256() {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
    ByteBuffer b = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
    md.update(("static/v1;dim=" + dim + ";rows=" + rows + ";normalize=" + normalize + ";").getBytes());
    for (int r = 0; r < rows; r++) {
      b.clear();
      b.asFloatBuffer().put(vectors, r * dim, dim);
      md.update(b.array());
    }
    if (tokenWeights != null) {
      md.update("weights".getBytes());
      for (float w : tokenWeights) {
        md.update(ByteBuffer.allocate(4).putFloat(w).array());
      }
    }
    if (mapping != null) {
      md.update("mapping".getBytes());
      for (int m : mapping) {
        md.update(ByteBuffer.allocate(4).putInt(m).array());
      }
    }
    md.update(tokenizerJson);
    if (charNgrams != null) {
      md.update(("char_ngrams=" + charNgrams.toConfig()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Writes the model2vec layout into {@code folder} (created if absent), table stored at {@code precision}. */
  public void write(Path folder, Precision precision) throws IOException {
    Objects.requireNonNull(precision, "precision");
    Files.createDirectories(folder);
    List<SafeTensors.Tensor> tensors = new ArrayList<>();
    if (charNgrams == null) {
      tensors.add(SafeTensors.Tensor.ofFloats("embeddings", precision.dtype(), vectors, rows, dim));
    } else {
      int ids = vocab.size();
      tensors.add(SafeTensors.Tensor.ofFloats("embeddings", precision.dtype(),
          java.util.Arrays.copyOfRange(vectors, 0, ids * dim), ids, dim));
      tensors.add(SafeTensors.Tensor.ofFloats(NGRAM_TENSOR, precision.dtype(),
          java.util.Arrays.copyOfRange(vectors, ids * dim, rows * dim), rows - ids, dim));
    }
    if (tokenWeights != null) {
      tensors.add(SafeTensors.Tensor.ofFloats("weights", SafeTensors.DType.F32, tokenWeights, tokenWeights.length));
    }
    if (mapping != null) {
      long[] m = new long[mapping.length];
      for (int i = 0; i < m.length; i++) {
        m[i] = mapping[i];
      }
      tensors.add(new SafeTensors.Tensor("mapping", SafeTensors.DType.I64, new int[] {m.length}, null, m));
    }
    SafeTensors.write(folder.resolve("model.safetensors"), tensors, null);
    Files.write(folder.resolve("tokenizer.json"), tokenizerJson);
    ObjectNode cfg = MAPPER.createObjectNode();
    cfg.put("model_type", "model2vec");
    cfg.putArray("architectures").add("StaticModel");
    cfg.set("tokenizer_name", config.getOrDefault("tokenizer_name", MAPPER.nullNode()));
    cfg.set("apply_pca", config.getOrDefault("apply_pca", MAPPER.nullNode()));
    cfg.set("sif_coefficient", config.getOrDefault("sif_coefficient", MAPPER.nullNode()));
    cfg.put("hidden_dim", dim);
    cfg.put("seq_length", 1_000_000);
    cfg.put("normalize", normalize);
    if (charNgrams != null) {
      cfg.set(CharNgrams.CONFIG_KEY, charNgrams.toConfig());
    }
    for (Map.Entry<String, JsonNode> e : new java.util.TreeMap<>(config).entrySet()) {
      if (!cfg.has(e.getKey()) && !e.getKey().equals("embedding_dtype") && !e.getKey().equals("vocabulary_quantization")
          && !e.getKey().equals(CharNgrams.CONFIG_KEY)) {
        cfg.set(e.getKey(), e.getValue());
      }
    }
    cfg.put("embedding_dtype", precision.numpyName());
    if (mapping != null) {
      cfg.put("vocabulary_quantization", rows);
    }
    Files.writeString(folder.resolve("config.json"), MAPPER.writeValueAsString(cfg) + "\n");
    var modules = MAPPER.createArrayNode();
    modules.addObject().put("idx", 0).put("name", "0").put("path", ".")
        .put("type", "sentence_transformers.models.StaticEmbedding");
    if (normalize) {
      modules.addObject().put("idx", 1).put("name", "1").put("path", "1_Normalize")
          .put("type", "sentence_transformers.models.Normalize");
    }
    Files.writeString(folder.resolve("modules.json"), MAPPER.writeValueAsString(modules) + "\n");
  }

  /**
   * Reads a model2vec or sentence-transformers static model folder.
   *
   * @throws IOException when files are missing or malformed (the message names the file)
   */
  public static StaticModel read(Path folder) throws IOException {
    Path base = folder;
    if (!Files.exists(base.resolve("model.safetensors")) && Files.exists(base.resolve("0_StaticEmbedding/model.safetensors"))) {
      base = base.resolve("0_StaticEmbedding");
    }
    Path st = base.resolve("model.safetensors");
    Path tok = base.resolve("tokenizer.json");
    if (!Files.isRegularFile(st) || !Files.isRegularFile(tok)) {
      throw new IOException(folder + ": expected model.safetensors and tokenizer.json (model2vec or"
          + " sentence-transformers StaticEmbedding layout), found " + (Files.isRegularFile(st) ? "" : "no ")
          + "model.safetensors and " + (Files.isRegularFile(tok) ? "" : "no ") + "tokenizer.json");
    }
    Map<String, SafeTensors.Tensor> tensors = SafeTensors.read(st);
    SafeTensors.Tensor emb = tensors.containsKey("embeddings") ? tensors.get("embeddings") : tensors.get("embedding.weight");
    if (emb == null || emb.floats() == null || emb.shape().length != 2) {
      throw new IOException(st + ": expected a 2-d float tensor \"embeddings\" (model2vec) or \"embedding.weight\""
          + " (sentence-transformers); found tensors " + tensors.keySet());
    }
    Map<String, JsonNode> config = new LinkedHashMap<>();
    Boolean normalize = null;
    Path cfgFile = folder.resolve("config.json");
    if (Files.isRegularFile(cfgFile)) {
      JsonNode cfg = MAPPER.readTree(cfgFile.toFile());
      if (cfg != null && cfg.isObject()) {
        cfg.fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue()));
        if (cfg.has("normalize")) {
          normalize = cfg.get("normalize").asBoolean();
        }
      }
    }
    Path modules = folder.resolve("modules.json");
    if (normalize == null && Files.isRegularFile(modules)) {
      normalize = MAPPER.readTree(modules.toFile()).findValuesAsText("type").stream()
          .anyMatch(t -> t.endsWith(".Normalize"));
    }
    float[] table = emb.floats();
    CharNgrams ngrams = null;
    SafeTensors.Tensor ng = tensors.get(NGRAM_TENSOR);
    if (config.containsKey(CharNgrams.CONFIG_KEY)) {
      ngrams = CharNgrams.fromConfig(config.remove(CharNgrams.CONFIG_KEY), cfgFile.toString());
      if (ng == null || ng.floats() == null || ng.shape().length != 2 || ng.shape()[0] != ngrams.buckets()
          || ng.shape()[1] != emb.shape()[1]) {
        throw new IOException(st + ": config.json promises " + ngrams.buckets() + " character n-gram buckets; expected a"
            + " tensor \"" + NGRAM_TENSOR + "\" [" + ngrams.buckets() + ", " + emb.shape()[1] + "], found "
            + (ng == null ? "none" : java.util.Arrays.toString(ng.shape()) + " " + ng.dtype()));
      }
      table = java.util.Arrays.copyOf(emb.floats(), emb.floats().length + ng.floats().length);
      System.arraycopy(ng.floats(), 0, table, emb.floats().length, ng.floats().length);
    } else if (ng != null) {
      throw new IOException(st + ": has a \"" + NGRAM_TENSOR + "\" tensor but " + cfgFile + " has no "
          + CharNgrams.CONFIG_KEY + " entry saying how to use it; refusing to pool the tokens only");
    }
    Builder b = builder(Files.readAllBytes(tok), table, emb.shape()[1])
        .normalize(normalize != null && normalize).source(folder.toString()).charNgrams(ngrams);
    config.remove("normalize");
    b.config.putAll(config);
    SafeTensors.Tensor w = tensors.get("weights");
    if (w != null) {
      if (w.floats() == null || w.shape().length != 1) {
        throw new IOException(st + ": tensor \"weights\" must be a 1-d float tensor; shape "
            + java.util.Arrays.toString(w.shape()) + " " + w.dtype());
      }
      b.tokenWeights(w.floats());
    }
    SafeTensors.Tensor m = tensors.get("mapping");
    if (m != null) {
      if (m.longs() == null || m.shape().length != 1) {
        throw new IOException(st + ": tensor \"mapping\" must be a 1-d integer tensor");
      }
      int[] map = new int[m.longs().length];
      for (int i = 0; i < map.length; i++) {
        map[i] = (int) Math.max(-1, Math.min(Integer.MAX_VALUE, m.longs()[i]));
      }
      b.mapping(map);
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Options of a {@link StaticModel}. */
  public static final class Builder {
    private final byte[] tokenizerJson;
    private final float[] vectors;
    private final int dim;
    private float[] tokenWeights;
    private int[] mapping;
    private boolean normalize = true;
    private String source = "static model";
    private final Map<String, JsonNode> config = new LinkedHashMap<>();
    private CharNgrams charNgrams;

    private Builder(byte[] tokenizerJson, float[] vectors, int dim) {
      this.tokenizerJson = Objects.requireNonNull(tokenizerJson, "tokenizerJson").clone();
      this.vectors = Objects.requireNonNull(vectors, "vectors");
      if (dim < 1 || vectors.length % dim != 0 || vectors.length == 0) {
        throw new IllegalArgumentException("dim must be >= 1 and divide vectors.length; dim=" + dim
            + ", vectors.length=" + vectors.length);
      }
      this.dim = dim;
    }

    /** Per-token weights, one per token id (copied). Default: none. */
    public Builder tokenWeights(float[] w) {
      this.tokenWeights = w == null ? null : w.clone();
      return this;
    }

    /** Token id to row (vocabulary quantisation, copied). Default: identity. */
    public Builder mapping(int[] m) {
      this.mapping = m == null ? null : m.clone();
      return this;
    }

    /**
     * Hashed character n-grams pooled beside the tokens (the table then has {@code buckets} more rows
     * after the vocabulary's). Default: none.
     */
    public Builder charNgrams(CharNgrams n) {
      this.charNgrams = n;
      return this;
    }

    /** Whether pooled vectors are L2-normalised. Default true. */
    public Builder normalize(boolean n) {
      this.normalize = n;
      return this;
    }

    /** A config.json field kept with the model (e.g. {@code apply_pca}, {@code sif_coefficient}). */
    public Builder config(String key, Object value) {
      config.put(key, MAPPER.valueToTree(value));
      return this;
    }

    /** Names the model's origin in error messages. */
    public Builder source(String s) {
      this.source = Objects.requireNonNull(s, "source");
      return this;
    }

    /** Validates and builds. */
    public StaticModel build() {
      return new StaticModel(this);
    }
  }
}

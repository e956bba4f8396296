package dev.embedlab.models;

import dev.embedlab.core.Checks;
import dev.embedlab.core.TokenCounting;
import ai.onnxruntime.OrtEnvironment;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * to the expected dimension. A graph without it that declares {@code sentence_embedding} (FLOAT
 * {@code [batch, hidden]}: a sentence-transformers export that includes its Pooling module) is run
 * for that output, whose rows are already pooled; they are still L2-normalised when
 * {@link #normalize()} is on. Errors name the file and what was expected.
 *
 * <p><b>Description.</b> {@link #provenance()} is built from typed fields (model and tokenizer
 * SHA-256, pooling, normalisation, maximum length and where it came from, prefix hashes,
 * dimension, graph output, int8 batching mode); {@link #fingerprint()}, which keys caches, is
 * derived from the parameters of it that change vectors, in a fixed order.
 *
 * <p><b>Same text, same vector.</b> By default a text's vector is a function of the text alone,
 * bit for bit, whatever its batch mates, their order or the token budget. Batching is exact for
 * fp32 graphs (200 STS/SciFact texts in length-sorted batches, shuffled batches and one at a time
 * give bit-identical vectors on all-MiniLM-L6-v2). Dynamic-int8 graphs ({@code -q}) are not: each
 * {@code DynamicQuantizeLinear} node picks one activation scale per tensor, i.e. per batch, so a
 * batched text's int8 vector moves with its batch mates (measured on all-minilm-l6-v2-q: 200 of
 * 200 vectors differ from one-at-a-time, minimum cosine 0.988; on a 4,927-pair STS set a pair's
 * cosine moved by up to 0.063). So when the graph contains {@code DynamicQuantizeLinear} (found
 * at load by scanning the model file), each text runs alone. That costs throughput: on
 * all-minilm-l6-v2-q a first 200-text run measured one-at-a-time at 0.98x the time of token-budget
 * batches, but interleaved rounds on a 2-core Zen 5 (AVX-512 VNNI) measured 152 texts/s alone
 * against 175.5 batched (1.15-1.22x), and on 2026-12-07, with ONNX Runtime's workers blocking
 * instead of spinning, 179.6-180.9 against 233.5-239.9 ({@code EmbedThroughputBenchmark
 * -Dbench.extra=true}, 400 SciFact texts at 128 tokens, quiet machine), and on 2026-12-08 on
 * another such machine 114.2 against 160.9: determinism costs 1.15-1.41x there, more on CPUs whose
 * int8 kernels gain more from batching. The batch-
 * dependent mode stays available as an explicit opt-in, {@link Builder#batchDependentInt8(boolean)},
 * and is part of the {@link #fingerprint()} so a cache never mixes the two. {@link StaticInt8}
 * removes the trade: it fixes the activation scales once, calibrated on texts you choose, and the
 * resulting graph batches with batch-independent vectors (159.3 texts/s on that run, 1.01x the
 * batched dynamic time).
 *
 * <p>One instance is safe to share between threads (ONNX Runtime sessions and the tokenizer are
 * thread-safe; counters are atomic). {@link #close()} waits for running calls, is idempotent, and
 * later calls throw {@code IllegalStateException("<id> is closed")}. No network: DJL's usage
 * tracking is switched off ({@code OPT_OUT_TRACKING=true}) and the tokenizer is loaded from a file.
 */
public final class OnnxEmbedder implements TokenIdEmbedder, TokenCounting, UsageReporting, Fingerprinted,
    ProvenanceSource {

  /** Name of the output holding per-token hidden states in sentence-transformer exports. */
  public static final String HIDDEN_STATE_OUTPUT = "last_hidden_state";

  /** Name of the pooled output of sentence-transformers exports that include the Pooling module. */
  public static final String SENTENCE_EMBEDDING_OUTPUT = "sentence_embedding";

  /** The ONNX Runtime 1.20 session configuration keys {@link Builder#sessionConfig} accepts (and {@code ep.*}). */
  public static final Set<String> KNOWN_SESSION_CONFIG_KEYS = SessionConfigKeys.KNOWN;

  private final String id;
  private final Provenance provenance;
  private final String fingerprint;
  private final String modelSha256;
  private final int dimension;
  private final int maxLength;
  private final String maxLengthSource;
  private final int tokenBudget;
  private final Pooling pooling;
  private final boolean normalize;
  private final String queryPrefix;
  private final String documentPrefix;
  private final boolean dynamicQuantized;
  private final boolean perTextRuns;
  private final EmbedderLoading.Shape shape;
  private final long padTokenId;
  private final EmbeddingRunner runner;
  private final List<String> configNotes;
  private final Lifecycle lifecycle;

  private OnnxEmbedder(Builder b, Path modelPath, Path tokenizerPath, String modelSha, String tokenizerSha) {
    this.id = b.id != null ? b.id : b.defaultId;
    this.pooling = b.pooling;
    this.normalize = b.normalize;
    this.maxLength = b.maxLength;
    this.maxLengthSource = b.maxLengthSource;
    this.tokenBudget = b.tokenBudget;
    this.queryPrefix = b.queryPrefix();
    this.documentPrefix = b.documentPrefix();
    this.configNotes = List.copyOf(b.configNotes);
    this.modelSha256 = modelSha;
    this.dynamicQuantized = ModelFiles.fileContains(modelPath, "DynamicQuantizeLinear");
    this.perTextRuns = dynamicQuantized && !b.batchDependentInt8;
    StaticInt8.sessionDefaults(modelPath, dynamicQuantized, b.sessionConfig);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    EmbedderLoading.Loaded loaded = EmbedderLoading.load(env, b, modelPath, tokenizerPath);
    this.shape = loaded.shape();
    this.padTokenId = loaded.padTokenId();
    this.dimension = shape.hiddenSize();
    this.lifecycle = new Lifecycle(id);
    this.runner = new EmbeddingRunner(id, env, loaded, pooling, normalize, maxLength, tokenBudget, perTextRuns);
    this.provenance = EmbedderDescription.describe(this, tokenizerSha);
    this.fingerprint = EmbedderDescription.fingerprint(provenance);
  }

  // ------------------------------------------------------------------ factories

  /** A builder for a catalog model whose jar (see {@link KnownModel#mavenCoordinates()}) is on the classpath. */
  public static Builder builder(KnownModel model) {
    Checks.notNull("model", model);
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
   * {@code tokenizer.json}; pooling comes from {@code 1_Pooling/config.json} (else mean). The
   * maximum length is {@code sentence_bert_config.json}'s {@code max_seq_length}; without it,
   * {@code tokenizer_config.json}'s {@code model_max_length} (what sentence-transformers falls back
   * to), else 512; always bounded by the position table of {@code config.json}'s
   * {@code max_position_embeddings} (else 512). A length not read from
   * {@code sentence_bert_config.json} is logged at WARN and noted in {@link #configNotes()};
   * {@link #maxLengthSource()} always says where the length came from.
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
    Builder b = builder(OrtSupport.findOnnx(dir), dir.resolve("tokenizer.json")).id(dir.getFileName().toString());
    SentenceTransformersConfig.Settings cfg = SentenceTransformersConfig.read(dir);
    b.maxPositions(cfg.maxPositions());
    b.maxLength = cfg.maxLength();
    b.maxLengthSource = cfg.maxLengthSource();
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
    return lifecycle.call(() -> runner.embed(input, role == Role.QUERY ? queryPrefix : documentPrefix));
  }

  /**
   * Token-id rows through the graph without the tokenizer: each row is fed as given (no prefix, no
   * special tokens added: pass {@code [CLS] id [SEP]} to get what the model sees for one token),
   * batched like texts, then pooled and normalised as {@link #embed} does. Type ids are 0.
   */
  @Override
  public float[][] embedTokenIds(long[][] ids) {
    Checks.notNull("ids", ids);
    return lifecycle.call(() -> runner.embedIds(ids));
  }

  /** The tokenizer's largest id + 1; the graph was probed at load to accept every id below it. */
  @Override
  public int vocabularySize() {
    return runner.vocabularySize();
  }

  /**
   * Tokens each text would feed the model for {@code role}: prefix and special tokens included,
   * after truncation at {@link #maxLength()} (so a value equal to {@code maxLength()} may mean the
   * text was cut). Does not run the model or touch the usage counters.
   */
  @Override
  public int[] tokenCounts(List<String> input, Role role) {
    Embedders.checkTexts(input, role);
    return lifecycle.call(() -> runner.tokenCounts(input, role == Role.QUERY ? queryPrefix : documentPrefix));
  }

  @Override
  public int dimension() {
    return dimension;
  }

  @Override
  public String id() {
    return id;
  }

  /**
   * {@code onnx-st/v1;model=sha256:…;tokenizer=sha256:…;pooling=…;normalize=…;maxLength=…;
   * queryPrefix=…;documentPrefix=…;dim=…} (plus {@code batching} for dynamic-int8 graphs and
   * {@code output} for pooled graphs): the {@link #provenance()} parameters that change vectors.
   */
  @Override
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * Kind {@code onnx-embedder}: id, model and tokenizer hashes, pooling ({@code graph} when the
   * graph pools), normalisation, maximum length and its source, prefix hashes, dimension,
   * whether the graph is dynamic-int8 and its batching mode, and the pooled output when used.
   */
  @Override
  public Provenance provenance() {
    return provenance;
  }

  /**
   * What the model folder's configuration asked for but did not get as is, e.g.
   * {@code "…/sentence_bert_config.json: max_seq_length=100000 is above the model's 512 positions
   * (config.json); using max_seq_length=512"}, or a maximum length that no
   * {@code sentence_bert_config.json} gave (provenance; empty when everything was used as read).
   */
  public List<String> configNotes() {
    return configNotes;
  }

  /** Hex SHA-256 of the ONNX model file's bytes (provenance). */
  public String modelSha256() {
    return modelSha256;
  }

  /** Maximum tokens per text, special tokens included; longer texts are truncated and counted. */
  @Override
  public int maxLength() {
    return maxLength;
  }

  /**
   * Where {@link #maxLength()} came from, for a console or report line: e.g.
   * {@code "catalog all-minilm-l6-v2"}, {@code "builder maxLength(128)"},
   * {@code "…/sentence_bert_config.json max_seq_length"}, {@code "…/tokenizer_config.json
   * model_max_length (no sentence_bert_config.json)"} or a default.
   */
  public String maxLengthSource() {
    return maxLengthSource;
  }

  /** Maximum padded tokens ({@code batch size * longest text}) per model call. */
  public int tokenBudget() {
    return tokenBudget;
  }

  /** The pooling configured (not applied when {@link #pooledByGraph()}: the graph pools). */
  public Pooling pooling() {
    return pooling;
  }

  /** Whether the graph's {@code sentence_embedding} output is read (pooling inside the graph). */
  public boolean pooledByGraph() {
    return shape.pooledByGraph();
  }

  String queryPrefix() {
    return queryPrefix;
  }

  String documentPrefix() {
    return documentPrefix;
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
    return shape.tokenTypeIds();
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

  @Override
  public Usage usage() {
    return runner.usage.snapshot();
  }

  @Override
  public void resetUsage() {
    runner.usage.reset();
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return lifecycle.isClosed();
  }

  /** Waits for running calls, then releases the ONNX session and the tokenizer. Idempotent. */
  @Override
  public void close() {
    lifecycle.close(() -> runner.release(id));
  }

  @Override
  public String toString() {
    return "OnnxEmbedder[" + id + ", dim=" + dimension + ", pooling=" + (pooledByGraph() ? "graph" : pooling)
        + ", maxLength=" + maxLength + " (" + maxLengthSource + "), normalize=" + normalize
        + (configNotes.isEmpty() ? "" : ", config notes: " + String.join("; ", configNotes)) + "]";
  }

  // ------------------------------------------------------------------ builder

  /**
   * Options for an {@link OnnxEmbedder}. Defaults come from the {@link KnownModel} or
   * {@link KnownConfig} (or mean pooling, max length 512 for a file): normalisation on, token budget 1024 (fastest of 256..16384
   * on all-MiniLM-L6-v2, 2 cores: activations stay in cache), intra-op threads =
   * available processors, {@code session.intra_op.allow_spinning = 0} (workers block instead of
   * spin-waiting: 1.5-2.6x faster on a shared 2-core machine, within 3% on an idle one, same
   * vectors bit for bit; set it to {@code "1"} with {@link #sessionConfig} to spin; docs/notes/fp32.md).
   */
  public static final class Builder extends PrefixedBuilder<Builder> {
    final KnownModel known;
    KnownConfig config;
    final Path modelPath;
    final Path tokenizerPath;
    final String defaultId;
    Pooling pooling;
    boolean normalize = true;
    int maxLength;
    String maxLengthSource;
    int maxPositions;
    int tokenBudget = 1024;
    boolean batchDependentInt8;
    int intraOpThreads = Runtime.getRuntime().availableProcessors();
    final Map<String, String> sessionConfig = new LinkedHashMap<>();
    int expectedDimension;
    String id;
    /** What configuration files asked for but did not get as is (folder loading). */
    final List<String> configNotes = new ArrayList<>();

    private Builder(KnownModel known, Path modelPath, Path tokenizerPath) {
      super(known == null ? "" : known.queryPrefix(), known == null ? "" : known.documentPrefix());
      sessionConfig.put(SessionConfigKeys.INTRA_OP_SPINNING, "0");
      this.known = known;
      this.modelPath = modelPath;
      this.tokenizerPath = tokenizerPath;
      if (known != null) {
        this.defaultId = known.id();
        this.pooling = known.pooling();
        this.maxLength = known.defaultMaxLength();
        this.maxLengthSource = "catalog " + known.id();
        this.maxPositions = known.maxPositions();
        this.expectedDimension = known.dimension();
      } else {
        String name = modelPath.getFileName() == null ? "model" : modelPath.getFileName().toString();
        this.defaultId = name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        this.pooling = Pooling.MEAN;
        this.maxLength = 512;
        this.maxLengthSource = "default 512 (no configuration read)";
        this.maxPositions = 512;
      }
    }

    private void applyConfig(KnownConfig c) {
      this.config = c;
      this.pooling = c.pooling();
      this.normalize = c.normalize();
      this.maxLength = c.defaultMaxLength();
      this.maxLengthSource = "catalog config " + c.id();
      this.maxPositions = c.maxPositions();
      this.expectedDimension = c.dimension();
      queryPrefix(c.queryPrefix());
      documentPrefix(c.documentPrefix());
    }

    /** Pooling of token states into one vector. */
    public Builder pooling(Pooling p) {
      this.pooling = Checks.notNull("pooling", p);
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
      this.maxLengthSource = "builder maxLength(" + n + ")";
      return this;
    }

    /** Size of the model's position table (default 512): the hard bound for {@link #maxLength}. */
    public Builder maxPositions(int n) {
      this.maxPositions = Checks.atLeast("maxPositions", n, 2);
      return this;
    }

    /** Maximum padded tokens ({@code batch * longest}) per model call; >= 1. */
    public Builder tokenBudget(int n) {
      this.tokenBudget = Checks.atLeast("tokenBudget", n, 1);
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
      SessionConfigKeys.checkEntry(key, value);
      SessionConfigKeys.checkKnown(key);
      sessionConfig.put(key, value);
      return this;
    }

    /** As {@link #sessionConfig}, without checking the key against the known list. */
    public Builder sessionConfigUnchecked(String key, String value) {
      SessionConfigKeys.checkEntry(key, value);
      sessionConfig.put(key, value);
      return this;
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
      this.intraOpThreads = Checks.atLeast("intraOpThreads", n, 1);
      return this;
    }

    /** Expected hidden size, checked against the graph ({@code 0}: take the graph's). */
    public Builder expectedDimension(int n) {
      this.expectedDimension = Checks.atLeast("expectedDimension", n, 0);
      return this;
    }

    /** The {@link Embedder#id()} (default: the catalog id or the model file name). */
    public Builder id(String id) {
      this.id = Checks.notBlank("id", id);
      return this;
    }

    /**
     * Loads and validates the model. A catalog model inside a jar is extracted to a temporary
     * folder that is deleted once loaded; folders left by killed processes are cleaned at the next
     * classpath load (see {@code ClasspathModel}).
     *
     * @throws UncheckedIOException if a file is missing, unreadable or not a valid ONNX graph (the
     *     message names the path and what was expected)
     * @throws IllegalArgumentException if the graph's inputs/outputs/hidden size are not those of a
     *     sentence-transformer export, or an option is out of range
     */
    public OnnxEmbedder build() {
      if (maxLength < 2 || maxLength > maxPositions) {
        throw new IllegalArgumentException("maxLength must be in [2, " + maxPositions
            + "] (the model's position table); maxLength=" + maxLength + " (from " + maxLengthSource + ")");
      }
      if (known == null) {
        for (Path p : List.of(modelPath, tokenizerPath)) {
          if (!Files.isRegularFile(p)) {
            throw new UncheckedIOException(new NoSuchFileException(p.toString(), null,
                "file not found; expected " + (p == modelPath ? "an ONNX sentence-transformer export"
                    : "a HuggingFace tokenizer.json")));
          }
        }
        return new OnnxEmbedder(this, modelPath, tokenizerPath, ModelFiles.fileSha256(modelPath),
            ModelFiles.fileSha256(tokenizerPath));
      }
      ClasspathModel.Located files = ClasspathModel.locate(known);
      try {
        return new OnnxEmbedder(this, files.model(), files.tokenizer(), files.modelSha(), files.tokenizerSha());
      } finally {
        // ONNX Runtime and the tokenizer have read the files: the extracted copies can go now.
        ClasspathModel.deleteTree(files.tmp());
      }
    }
  }
}

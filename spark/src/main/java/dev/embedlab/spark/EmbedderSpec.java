package dev.embedlab.spark;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.text.PreprocessingEmbedder;
import dev.embedlab.core.text.RuleFileException;
import dev.embedlab.core.text.TextPreprocessor;
import dev.embedlab.models.KnownConfig;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import dev.embedlab.models.PrefixedBuilder;
import dev.embedlab.models.Pooling;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * A serialisable recipe for an embedder, shipped to executors instead of the embedder itself (an
 * ONNX session cannot be serialised). Each executor JVM builds it once, lazily, on the first
 * non-empty partition it embeds ({@link ExecutorEmbedders}).
 *
 * <p>Three sources of weights:
 * <ul>
 *   <li>{@link #knownModel(KnownModel)}: a catalog model whose weights jar is on the executors'
 *       classpath ({@code --jars} or the application jar);</li>
 *   <li>{@link #folder(String)}: a sentence-transformers ONNX folder at a path every executor sees
 *       (shared file system, or baked into the executor image);</li>
 *   <li>{@link #sparkFile(String)}: a folder the driver distributed with
 *       {@link #distribute(SparkContext, Path)} ({@code SparkContext.addFile(folder, true)});
 *       executors read it from {@link SparkFiles#get(String)}.</li>
 * </ul>
 * Optional overrides (pooling, maximum length, token budget, prefixes, normalisation, ONNX Runtime
 * threads) and a preprocessing rule file (its text travels in the spec, so no second file needs
 * distributing) complete it. {@link #key()} names the whole recipe: two tasks with equal keys share
 * one embedder in an executor.
 *
 * <p>ONNX Runtime threads default to 1: an executor runs one task per core, all sharing the
 * executor's one embedder, so the cores are already busy; more intra-op threads would oversubscribe.
 */
public final class EmbedderSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Where the weights come from. */
  public enum Source {
    /** A {@link KnownModel} on the classpath. */
    KNOWN_MODEL,
    /** A folder path visible to every executor. */
    FOLDER,
    /** A folder distributed with {@code SparkContext.addFile(folder, true)}, by name. */
    SPARK_FILE
  }

  private final Source source;
  private final String model;
  private final String config;
  private final Pooling pooling;
  private final Integer maxLength;
  private final Integer tokenBudget;
  private final Boolean normalize;
  private final String queryPrefix;
  private final String documentPrefix;
  private final int intraOpThreads;
  private final String rulesSource;
  private final String rulesContent;

  private EmbedderSpec(Builder b) {
    this.source = b.source;
    this.model = b.model;
    this.config = b.config;
    this.pooling = b.pooling;
    this.maxLength = b.maxLength;
    this.tokenBudget = b.tokenBudget;
    this.normalize = b.normalize;
    this.queryPrefix = b.queryPrefix();
    this.documentPrefix = b.documentPrefix();
    this.intraOpThreads = b.intraOpThreads;
    this.rulesSource = b.rulesSource;
    this.rulesContent = b.rulesContent;
  }

  /** A catalog model whose weights jar is on every executor's classpath. */
  public static Builder knownModel(KnownModel m) {
    Checks.notNull("model", m);
    return new Builder(Source.KNOWN_MODEL, m.name());
  }

  /**
   * A catalog model by its id or enum name, case-insensitive ({@code all-minilm-l6-v2} or
   * {@code ALL_MINILM_L6_V2}).
   *
   * @throws IllegalArgumentException naming the known ids when none matches
   */
  public static Builder knownModel(String idOrName) {
    return knownModel(knownModelByName(idOrName));
  }

  /** A sentence-transformers ONNX folder at {@code path}, which every executor must see. */
  public static Builder folder(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("folder must not be blank; folder=" + path);
    }
    return new Builder(Source.FOLDER, path);
  }

  /** A folder the driver distributed with {@link #distribute}, by its file name. */
  public static Builder sparkFile(String name) {
    if (name == null || name.isBlank() || name.contains("/")) {
      throw new IllegalArgumentException("sparkFile must be a plain file name (what addFile gave); sparkFile=" + name);
    }
    return new Builder(Source.SPARK_FILE, name);
  }

  /**
   * Ships a local model folder to every executor ({@code addFile(folder, recursive = true)}) and
   * returns a builder that reads it there.
   *
   * @throws UncheckedIOException when the folder does not exist on the driver
   */
  public static Builder distribute(SparkContext sc, Path folder) {
    if (folder == null || !Files.isDirectory(folder)) {
      throw new UncheckedIOException(new NoSuchFileException(String.valueOf(folder), null,
          "model folder to distribute does not exist on the driver"));
    }
    Path abs = folder.toAbsolutePath().normalize();
    sc.addFile(abs.toUri().toString(), true);
    return sparkFile(abs.getFileName().toString());
  }

  /** The catalog model with this id or enum name. */
  static KnownModel knownModelByName(String idOrName) {
    if (idOrName != null) {
      String n = idOrName.trim();
      for (KnownModel m : KnownModel.values()) {
        if (m.id().equalsIgnoreCase(n) || m.name().equalsIgnoreCase(n)) {
          return m;
        }
      }
    }
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (KnownModel m : KnownModel.values()) {
      ids.add(m.id());
    }
    throw new IllegalArgumentException("model must be one of " + ids + "; model=" + idOrName);
  }

  /** Where the weights come from. */
  public Source source() {
    return source;
  }

  /** The model: a {@link KnownModel} name, a folder path or a SparkFiles name. */
  public String model() {
    return model;
  }

  /**
   * Everything that determines the embedder, as one string: tasks whose specs have equal keys
   * share one embedder per executor.
   */
  public String key() {
    return "spec/v1;source=" + source + ";model=" + model + ";config=" + config + ";pooling=" + pooling
        + ";maxLength=" + maxLength + ";tokenBudget=" + tokenBudget + ";normalize=" + normalize
        + ";queryPrefix=" + quote(queryPrefix) + ";documentPrefix=" + quote(documentPrefix)
        + ";threads=" + intraOpThreads + ";rules=" + (rulesContent == null ? "none"
            : rulesSource + "#sha256:" + sha256(rulesContent));
  }

  private static String sha256(String s) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String quote(String s) {
    return s == null ? "default" : "'" + s + "'";
  }

  /**
   * Builds the embedder in this JVM. On an executor this is called once per spec by
   * {@link ExecutorEmbedders}; the driver calls it to embed queries.
   *
   * @throws UncheckedIOException when the model folder is missing here, naming the path, the
   *     executor and how to ship the folder
   * @throws IllegalArgumentException when the rule text does not parse or an option is out of range
   */
  public Embedder create() {
    OnnxEmbedder.Builder b = switch (source) {
      case KNOWN_MODEL -> OnnxEmbedder.builder(KnownModel.valueOf(model));
      case FOLDER -> folderBuilder(Path.of(model), "model folder " + model
          + " is missing on executor " + executorId()
          + "; every executor must see it (shared storage), or ship it with EmbedderSpec.distribute");
      case SPARK_FILE -> {
        String local = SparkFiles.get(model);
        yield folderBuilder(Path.of(local), "model folder '" + model + "' is missing on executor "
            + executorId() + " at " + local + "; distribute it from the driver with "
            + "EmbedderSpec.distribute(sc, folder) (SparkContext.addFile(folder, true)) before the job");
      }
    };
    if (pooling != null) {
      b.pooling(pooling);
    }
    if (maxLength != null) {
      b.maxLength(maxLength);
    }
    if (tokenBudget != null) {
      b.tokenBudget(tokenBudget);
    }
    if (normalize != null) {
      b.normalize(normalize);
    }
    if (queryPrefix != null) {
      b.queryPrefix(queryPrefix);
    }
    if (documentPrefix != null) {
      b.documentPrefix(documentPrefix);
    }
    b.intraOpThreads(intraOpThreads);
    OnnxEmbedder onnx = b.build();
    if (rulesContent == null) {
      return onnx;
    }
    try {
      return PreprocessingEmbedder.owning(onnx, TextPreprocessor.parse(rulesSource, rulesContent));
    } catch (RuleFileException | RuntimeException e) {
      onnx.close();
      throw new IllegalArgumentException("preprocessing rules " + rulesSource + " do not parse: "
          + e.getMessage(), e);
    }
  }

  private OnnxEmbedder.Builder folderBuilder(Path dir, String missing) {
    if (!Files.isDirectory(dir)) {
      throw new UncheckedIOException(new NoSuchFileException(dir.toString(), null, missing));
    }
    return config == null ? OnnxEmbedder.builderFromFolder(dir)
        : OnnxEmbedder.builder(KnownConfig.byName(config), dir);
  }

  private static String executorId() {
    SparkEnv env = SparkEnv.get();
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown host";
    }
    return (env == null ? "(no SparkEnv)" : env.executorId()) + " on " + host;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmbedderSpec s && key().equals(s.key());
  }

  @Override
  public int hashCode() {
    return key().hashCode();
  }

  @Override
  public String toString() {
    return "EmbedderSpec[" + key() + "]";
  }

  /** Configures an {@link EmbedderSpec}; unset options keep the model's own defaults. */
  public static final class Builder extends PrefixedBuilder<Builder> {
    private final Source source;
    private final String model;
    private String config;
    private Pooling pooling;
    private Integer maxLength;
    private Integer tokenBudget;
    private Boolean normalize;
    private int intraOpThreads = 1;
    private String rulesSource;
    private String rulesContent;

    private Builder(Source source, String model) {
      super(null, null);
      this.source = source;
      this.model = model;
    }

    /** For folders: the {@link KnownConfig} whose settings apply (by id or HuggingFace name). */
    public Builder config(String knownConfig) {
      if (source == Source.KNOWN_MODEL) {
        throw new IllegalArgumentException("config applies to folders only; model=" + model);
      }
      this.config = KnownConfig.byName(knownConfig).id();
      return this;
    }

    /** Pooling of token states. */
    public Builder pooling(Pooling p) {
      this.pooling = Checks.notNull("pooling", p);
      return this;
    }

    /** Maximum tokens per text (checked against the model when built). */
    public Builder maxLength(int n) {
      this.maxLength = Checks.atLeast("maxLength", n, 2);
      return this;
    }

    /** Padded tokens per model call. */
    public Builder tokenBudget(int n) {
      this.tokenBudget = Checks.atLeast("tokenBudget", n, 1);
      return this;
    }

    /** Whether the model L2-normalises its vectors. */
    public Builder normalize(boolean n) {
      this.normalize = n;
      return this;
    }

    /** ONNX Runtime intra-op threads per executor embedder; default 1 (one task per core). */
    public Builder intraOpThreads(int n) {
      this.intraOpThreads = Checks.atLeast("intraOpThreads", n, 1);
      return this;
    }

    /**
     * Preprocessing rules in the rule-file format of {@link TextPreprocessor#parse}; checked here,
     * so a bad file fails on the driver before any task runs.
     *
     * @param source a name for messages (usually the file path)
     * @throws IllegalArgumentException when the text does not parse
     */
    public Builder rules(String source, String content) {
      if (source == null || content == null) {
        throw new IllegalArgumentException("rules source and content must not be null; source=" + source);
      }
      try {
        TextPreprocessor.parse(source, content);
      } catch (RuleFileException e) {
        throw new IllegalArgumentException("preprocessing rules " + source + " do not parse: " + e.getMessage(), e);
      }
      this.rulesSource = source;
      this.rulesContent = content;
      return this;
    }

    /** Reads a rule file on the driver; its text travels with the spec. */
    public Builder rulesFile(Path file) throws IOException {
      return rules(file.toString(), Files.readString(file));
    }

    /** The immutable spec. */
    public EmbedderSpec build() {
      return new EmbedderSpec(this);
    }
  }

  /** Lower-case role names for command lines. */
  static dev.embedlab.core.Embedder.Role role(String s) {
    try {
      return dev.embedlab.core.Embedder.Role.valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("role must be query or document; role=" + s, e);
    }
  }
}

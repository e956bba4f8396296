package dev.embedlab.models;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.PairList;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;
import dev.embedlab.core.retrieval.Reranker;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * A sentence-transformers {@code CrossEncoder} exported to ONNX, run in-process with ONNX Runtime
 * and a HuggingFace {@code tokenizer.json} (DJL tokenizers): scores (query, document) pairs for
 * reranking ({@link dev.embedlab.core.retrieval.RerankingRetriever}).
 *
 * <h2>Expected folder ({@link #fromFolder(Path)})</h2>
 * What {@code CrossEncoder.save_pretrained} writes plus an ONNX graph, e.g. an
 * {@code optimum}/sentence-transformers ({@code backend="onnx"}) export of
 * {@code cross-encoder/ms-marco-MiniLM-L6-v2}:
 * <pre>
 *   model.onnx                 (or onnx/model.onnx, or the folder's only *.onnx)
 *   tokenizer.json             HuggingFace fast-tokenizer file with a pair template
 *   config.json                *ForSequenceClassification config: num_labels or id2label,
 *                              max_position_embeddings, optionally the activation
 *                              (sentence_transformers.activation_fn, or the older
 *                              sbert_ce_default_activation_function)
 *   config_sentence_transformers.json   optional; its activation_fn wins (sentence-transformers v5)
 *   tokenizer_config.json      optional; model_max_length is the default maximum length
 * </pre>
 *
 * <h2>Graph</h2>
 * Inputs {@code input_ids} and {@code attention_mask} (INT64 {@code [batch, seq]}), and
 * {@code token_type_ids} when the graph declares it (BERT; RoBERTa/XLM-R exports lack it and are
 * not fed one); no other input. Output {@code logits}, FLOAT {@code [batch, num_labels]}. With one
 * label its column is the score; with more, {@link Builder#labelIndex(int)} must say which column
 * is the relevance score (e.g. the "entailment" column of an NLI model): there is no right default.
 * Everything is checked at load, and the graph is run once on the tokenizer's largest id so a
 * tokenizer from another model fails there, naming both files.
 *
 * <h2>Scoring {@code score(query, documents)}</h2>
 * <ol>
 *   <li>Each pair is tokenized as the tokenizer's pair template says; for BERT
 *       {@code [CLS] query [SEP] document [SEP]} with {@code token_type_ids} 0 over
 *       {@code [CLS] query [SEP]} and 1 over {@code document [SEP]}, fed as the tokenizer
 *       returns them. Options are explicit: special tokens added, no padding, truncation at
 *       {@link #maxLength()}, whatever the {@code tokenizer.json} pins.</li>
 *   <li>Truncation cuts the document only (HuggingFace {@code only_second}): the query is kept
 *       whole, so a long passage cannot push the question out of the model's view. Pairs cut are
 *       counted ({@link #usage()}). sentence-transformers truncates {@code longest_first}, which
 *       gives the same tokens whenever the query is at most about half of {@link #maxLength()}
 *       (for 512 tokens: queries up to ~250 tokens). A query too long to leave room for one document
 *       token falls back to {@code longest_first} for that call (counted in
 *       {@link #queriesTooLong()}); the query length is checked before every call because
 *       {@code only_second} on such a pair fails inside the native tokenizer.</li>
 *   <li>Pairs are sorted by token count and cut into batches whose padded size
 *       {@code batch * longest} stays within the token budget; padded positions get the tokenizer's
 *       pad id, attention mask 0 and type id 0, so a pair's logit does not depend on its batch
 *       mates. Scores are written back in the order of the documents given.</li>
 *   <li>The score is the chosen logit, through the sigmoid {@code 1 / (1 + e^-x)} when enabled.
 *       The default follows sentence-transformers' {@code CrossEncoder.get_default_activation_fn}
 *       ({@code sentence_transformers/cross_encoder/CrossEncoder.py}): the activation stored in the
 *       folder's configuration ({@code torch.nn.modules.activation.Sigmoid} or
 *       {@code torch.nn.modules.linear.Identity}; any other is refused unless
 *       {@link Builder#sigmoid(boolean)} is set), else sigmoid when {@code num_labels == 1} and
 *       identity otherwise. The sigmoid is monotone, so it changes scores, never rankings.</li>
 * </ol>
 *
 * <p>One instance is safe to share between threads (ONNX Runtime sessions and the tokenizer are
 * thread-safe; counters are atomic). {@link #close()} waits for running calls, is idempotent, and
 * later calls throw {@code IllegalStateException("<id> is closed")}. No network: DJL's usage
 * tracking is switched off and the tokenizer is read from a file.
 */
public final class OnnxCrossEncoder implements Reranker, ProvenanceSource, UsageReporting {

  /** Name of the output holding the classification head's logits. */
  public static final String LOGITS_OUTPUT = "logits";

  private static final int TOKENIZE_CHUNK = 1024;

  private final String id;
  private final String modelSha256;
  private final String tokenizerSha256;
  private final int maxLength;
  private final int tokenBudget;
  private final CrossEncoderHead head;
  private final long padTokenId;
  private final int pairSpecialTokens;
  private final List<String> configNotes;
  private final OrtSession session;
  /** Cuts only the document ({@code only_second}). */
  private final HuggingFaceTokenizer tokenizer;
  /** {@code longest_first}: for queries too long for {@code only_second}, and to count query tokens. */
  private final HuggingFaceTokenizer fallbackTokenizer;
  private final TokenBatches batchRunner;

  private final Lifecycle lifecycle;
  private final UsageCounters usage = new UsageCounters();
  private final LongAdder longQueries = new LongAdder();

  private OnnxCrossEncoder(Builder b) {
    this.modelSha256 = ModelFiles.fileSha256(b.modelPath);
    this.tokenizerSha256 = ModelFiles.fileSha256(b.tokenizerPath);
    this.maxLength = b.maxLength;
    this.tokenBudget = b.tokenBudget;
    this.configNotes = List.copyOf(b.configNotes);
    this.id = b.id != null ? b.id : defaultId(b.modelPath);
    this.lifecycle = new Lifecycle(id);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession s = null;
    HuggingFaceTokenizer tok = null;
    HuggingFaceTokenizer fallback = null;
    try {
      s = OrtSupport.openSession(env, b.modelPath, b.intraOpThreads, Map.of(),
          "a cross-encoder export with output " + LOGITS_OUTPUT);
      this.head = CrossEncoderHead.resolve(s, b);
      TokenizerJsonInfo info = OrtSupport.tokenizerInfo(b.tokenizerPath);
      this.padTokenId = info.padId() >= 0 ? info.padId() : 0L;
      OrtSupport.probeVocabulary(env, s, Set.of(LOGITS_OUTPUT), b.modelPath, b.tokenizerPath, info.maxId(),
          head.tokenTypeIds());
      tok = OrtSupport.openTokenizer(b.tokenizerPath, "ONLY_SECOND", b.maxLength, b.maxPositions);
      fallback = OrtSupport.openTokenizer(b.tokenizerPath, "LONGEST_FIRST", b.maxLength, b.maxPositions);
      // Counted on the longest_first tokenizer: only_second on a probe pair that does not fit
      // would fail inside the native code (see queryFits). Truncation never removes specials.
      this.pairSpecialTokens = (int) Arrays.stream(fallback.encode("a", "b", true, false).getSpecialTokenMask())
          .filter(m -> m != 0).count();
      if (b.maxLength < pairSpecialTokens + 2) {
        throw new IllegalArgumentException("maxLength must leave room for the tokenizer's " + pairSpecialTokens
            + " pair special tokens plus one query and one document token (>= " + (pairSpecialTokens + 2)
            + "); maxLength=" + b.maxLength);
      }
    } catch (RuntimeException e) {
      OrtSupport.closeAfterFailure(e, tok, fallback, s);
      throw e;
    }
    this.session = s;
    this.tokenizer = tok;
    this.fallbackTokenizer = fallback;
    this.batchRunner = new TokenBatches(id, "pairs", env, s, LOGITS_OUTPUT, head.tokenTypeIds(), padTokenId,
        tokenBudget, maxLength);
  }

  private static String defaultId(Path modelPath) {
    Path abs = modelPath.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    if (dir != null && dir.getFileName() != null && "onnx".equals(dir.getFileName().toString())) {
      dir = dir.getParent();
    }
    if (dir != null && dir.getFileName() != null) {
      return dir.getFileName().toString();
    }
    String name = String.valueOf(abs.getFileName());
    return name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
  }

  // ------------------------------------------------------------------ factories

  /**
   * A builder for an ONNX cross-encoder and its HuggingFace {@code tokenizer.json}. Without a
   * configuration folder the number of labels comes from the graph (or
   * {@link Builder#numLabels(int)}), the maximum length is 512 and the activation follows the
   * number of labels (sigmoid for one).
   */
  public static Builder builder(Path modelOnnx, Path tokenizerJson) {
    if (modelOnnx == null || tokenizerJson == null) {
      throw new IllegalArgumentException("modelOnnx and tokenizerJson must not be null; modelOnnx="
          + modelOnnx + ", tokenizerJson=" + tokenizerJson);
    }
    return new Builder(modelOnnx, tokenizerJson);
  }

  /**
   * A builder preconfigured from a sentence-transformers CrossEncoder folder (layout in the class
   * doc): labels, activation, maximum length and position table from its configuration files. The
   * id defaults to the folder name.
   *
   * @throws UncheckedIOException when the folder or a file is missing, or a configuration file is
   *     not what a CrossEncoder writes (the message names the file and the value)
   */
  public static Builder builderFromFolder(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UncheckedIOException(new NoSuchFileException(String.valueOf(dir), null,
          "expected a CrossEncoder folder with model.onnx, tokenizer.json and config.json"));
    }
    Builder b = new Builder(OrtSupport.findOnnx(dir), dir.resolve("tokenizer.json"));
    CrossEncoderConfig.Settings cfg = CrossEncoderConfig.read(dir);
    b.maxPositions = cfg.maxPositions();
    b.maxLength = cfg.maxLength() > 0 ? cfg.maxLength() : Math.min(512, cfg.maxPositions());
    b.configLabels = cfg.numLabels();
    b.configActivation = cfg.activation();
    b.configActivationSource = cfg.activationSource();
    b.configNotes.addAll(cfg.notes());
    Path name = dir.toAbsolutePath().normalize().getFileName();
    if (name != null) {
      b.id(name.toString());
    }
    return b;
  }

  /** {@code builderFromFolder(dir).build()}. */
  public static OnnxCrossEncoder fromFolder(Path dir) {
    return builderFromFolder(dir).build();
  }

  
  // ------------------------------------------------------------------ Reranker

  /**
   * Scores each document against {@code query}; see the class doc for tokenisation, truncation,
   * batching and the activation.
   *
   * @return one score per document, in the order given
   */
  @Override
  public double[] score(String query, List<String> documents) {
    Checks.notNull("query", query);
    Embedders.checkTexts(List.of(query), Role.QUERY);
    Embedders.checkTexts(documents, Role.DOCUMENT);
    return lifecycle.call(() -> {
      int n = documents.size();
      double[] out = new double[n];
      HuggingFaceTokenizer tok = queryFits(query) ? tokenizer : fallbackTokenizer;
      if (n > 0 && tok == fallbackTokenizer) {
        longQueries.increment();
      }
      for (int from = 0; from < n; from += TOKENIZE_CHUNK) {
        int to = Math.min(n, from + TOKENIZE_CHUNK);
        scoreChunk(encodeChunk(tok, query, documents, from, to), from, out);
      }
      usage.items(n);
      return out;
    });
  }

  /**
   * Whether {@code only_second} can keep the whole query and at least one document token. Not
   * optional: HuggingFace tokenizers fail {@code only_second} truncation when the second sequence
   * is too short to absorb the cut, and through DJL 0.36's native binding that failure aborted
   * the JVM (exit 134, measured with this check disabled) instead of raising an exception.
   */
  private boolean queryFits(String query) {
    int q = fallbackTokenizer.encode(query, false, false).getIds().length;
    return q + pairSpecialTokens < maxLength;
  }

  /** Token ids and type ids of one pair as fed to the model (package-private, for tests). */
  record PairEncoding(long[] ids, long[] typeIds, boolean truncated) {}

  /** The pairs' encodings as {@link #score} feeds them, without running the model or counting. */
  List<PairEncoding> encode(String query, List<String> documents) {
    Embedders.checkTexts(List.of(query), Role.QUERY);
    Embedders.checkTexts(documents, Role.DOCUMENT);
    return lifecycle.call(() -> {
      HuggingFaceTokenizer tok = queryFits(query) ? tokenizer : fallbackTokenizer;
      List<PairEncoding> out = new ArrayList<>();
      for (Encoding e : encodeChunk(tok, query, documents, 0, documents.size())) {
        out.add(new PairEncoding(e.getIds(), e.getTypeIds(), e.exceedMaxLength()));
      }
      return out;
    });
  }

  private Encoding[] encodeChunk(HuggingFaceTokenizer tok, String query, List<String> documents, int from,
      int to) {
    PairList<String, String> batch = new PairList<>(to - from);
    for (int i = from; i < to; i++) {
      batch.add(query, documents.get(i));
    }
    try {
      return tok.batchEncode(batch, true, false);
    } catch (RuntimeException e) {
      throw new IllegalStateException(id + ": tokenizing " + (to - from) + " (query, document) pairs failed: "
          + e.getMessage(), e);
    }
  }

  private void scoreChunk(Encoding[] enc, int outOffset, double[] out) {
    TokenBatches.Tokens t = TokenBatches.Tokens.of(enc, maxLength, head.tokenTypeIds());
    usage.tokenized(t);
    int numLabels = head.numLabels();
    usage.batches(batchRunner.run(t, false, (logits, rows, lengths, seq) -> {
      long[] got = logits.getInfo().getShape();
      if (got.length != 2 || got[0] != rows.length || got[1] != numLabels) {
        throw new IllegalStateException(id + ": expected " + LOGITS_OUTPUT + " of shape [" + rows.length + ", "
            + numLabels + "], found " + Arrays.toString(got));
      }
      FloatBuffer fb = logits.getFloatBuffer();
      for (int r = 0; r < rows.length; r++) {
        double x = fb.get(r * numLabels + head.labelIndex());
        double s = head.sigmoid() ? 1.0 / (1.0 + Math.exp(-x)) : x;
        if (!Double.isFinite(s)) {
          throw new IllegalStateException(id + ": the model returned a non-finite logit (" + x
              + ") for document " + (outOffset + rows[r]));
        }
        out[outOffset + rows[r]] = s;
      }
    }));
  }

  // ------------------------------------------------------------------ accessors

  @Override
  public String id() {
    return id;
  }

  /** Maximum tokens per pair, special tokens included; longer pairs lose document tokens. */
  public int maxLength() {
    return maxLength;
  }

  /** Maximum padded tokens ({@code batch size * longest pair}) per model call. */
  public int tokenBudget() {
    return tokenBudget;
  }

  /** Labels of the classification head ({@code logits}' second dimension). */
  public int numLabels() {
    return head.numLabels();
  }

  /** The {@code logits} column used as the score. */
  public int labelIndex() {
    return head.labelIndex();
  }

  /** Whether the sigmoid is applied to the logit. */
  public boolean sigmoid() {
    return head.sigmoid();
  }

  /** Whether the graph declares, and so is fed, {@code token_type_ids}. */
  public boolean feedsTokenTypeIds() {
    return head.tokenTypeIds();
  }

  /** Id fed at padded positions (the tokenizer's {@code [PAD]}/{@code <pad>}, else 0). */
  public long padTokenId() {
    return padTokenId;
  }

  /** Hex SHA-256 of the ONNX model file's bytes. */
  public String modelSha256() {
    return modelSha256;
  }

  /** What the folder's configuration asked for but did not get as is (empty when all was used). */
  public List<String> configNotes() {
    return configNotes;
  }

  /**
   * Calls whose query was too long to keep whole with one document token (truncated
   * {@code longest_first} instead, cutting the query too).
   */
  public long queriesTooLong() {
    return longQueries.sum();
  }

  /**
   * Counters: {@code texts} are (query, document) pairs scored, {@code tokens} the tokens fed
   * (padding excluded), {@code truncatedTexts} pairs cut at {@link #maxLength()}, {@code batches}
   * model calls.
   */
  @Override
  public Usage usage() {
    return usage.snapshot();
  }

  @Override
  public void resetUsage() {
    usage.reset();
    longQueries.reset();
  }

  /**
   * Kind {@code onnx-cross-encoder}: the id, model and tokenizer hashes, maximum length, label,
   * activation and truncation.
   */
  @Override
  public Provenance provenance() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", id);
    p.put("model", "sha256:" + modelSha256);
    p.put("tokenizer", "sha256:" + tokenizerSha256);
    p.put("maxLength", maxLength);
    p.put("numLabels", head.numLabels());
    p.put("labelIndex", head.labelIndex());
    p.put("activation", head.sigmoid() ? "sigmoid" : "identity");
    p.put("truncation", "only_second");
    return Provenance.of("onnx-cross-encoder", p);
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    return lifecycle.isClosed();
  }

  /** Waits for running calls, then releases the ONNX session and the tokenizers. Idempotent. */
  @Override
  public void close() {
    lifecycle.close(() -> OrtSupport.release(id, session, tokenizer, fallbackTokenizer));
  }

  @Override
  public String toString() {
    return "OnnxCrossEncoder[" + id + ", labels=" + head.numLabels() + ", label=" + head.labelIndex()
        + ", sigmoid=" + head.sigmoid()
        + ", maxLength=" + maxLength + "]";
  }

  // ------------------------------------------------------------------ builder

  /**
   * Options for an {@link OnnxCrossEncoder}. Defaults: maximum length 512 (or the folder's
   * {@code model_max_length}, bounded by the position table), token budget 4096, activation and
   * labels from the folder (see the class doc), intra-op threads = available processors.
   */
  public static final class Builder {
    final Path modelPath;
    final Path tokenizerPath;
    String id;
    int maxLength = 512;
    int maxPositions = 512;
    int tokenBudget = 4096;
    int intraOpThreads = Runtime.getRuntime().availableProcessors();
    Boolean sigmoid;
    int labelIndex = -1;
    int numLabels;
    int configLabels;
    String configActivation;
    Path configActivationSource;
    final List<String> configNotes = new ArrayList<>();

    private Builder(Path modelPath, Path tokenizerPath) {
      this.modelPath = modelPath;
      this.tokenizerPath = tokenizerPath;
    }

    /** The {@link Reranker#id()} (default: the folder name, or the model file name). */
    public Builder id(String id) {
      this.id = Checks.notBlank("id", id);
      return this;
    }

    /** Maximum tokens per pair including special tokens; 4..maxPositions. */
    public Builder maxLength(int n) {
      this.maxLength = n;
      return this;
    }

    /** Size of the model's position table (default 512, or the folder's): the bound for maxLength. */
    public Builder maxPositions(int n) {
      this.maxPositions = Checks.atLeast("maxPositions", n, 4);
      return this;
    }

    /** Maximum padded tokens ({@code batch * longest pair}) per model call; >= 1. */
    public Builder tokenBudget(int n) {
      this.tokenBudget = Checks.atLeast("tokenBudget", n, 1);
      return this;
    }

    /** ONNX Runtime intra-op threads; >= 1. */
    public Builder intraOpThreads(int n) {
      this.intraOpThreads = Checks.atLeast("intraOpThreads", n, 1);
      return this;
    }

    /** Apply the sigmoid to the logit (true) or return the raw logit (false); overrides the folder. */
    public Builder sigmoid(boolean on) {
      this.sigmoid = on;
      return this;
    }

    /** The {@code logits} column that scores relevance; required when the model has several labels. */
    public Builder labelIndex(int i) {
      this.labelIndex = Checks.atLeast("labelIndex", i, 0);
      return this;
    }

    /** Labels of the head, for a graph whose {@code logits} width is dynamic and no config says. */
    public Builder numLabels(int n) {
      this.numLabels = Checks.atLeast("numLabels", n, 1);
      return this;
    }

    /**
     * Loads and validates the model.
     *
     * @throws UncheckedIOException if a file is missing, unreadable or not a valid ONNX graph (the
     *     message names the path and what was expected)
     * @throws IllegalArgumentException if the graph's inputs/outputs are not a cross-encoder's, the
     *     labels are ambiguous, or an option is out of range
     */
    public OnnxCrossEncoder build() {
      if (maxLength < 4 || maxLength > maxPositions) {
        throw new IllegalArgumentException("maxLength must be in [4, " + maxPositions
            + "] (room for [CLS] q [SEP] d [SEP]; the model's position table); maxLength=" + maxLength);
      }
      for (Path p : List.of(modelPath, tokenizerPath)) {
        if (!Files.isRegularFile(p)) {
          throw new UncheckedIOException(new NoSuchFileException(p.toString(), null,
              "file not found; expected " + (p == modelPath ? "an ONNX cross-encoder export (output logits)"
                  : "a HuggingFace tokenizer.json")));
        }
      }
      return new OnnxCrossEncoder(this);
    }
  }
}

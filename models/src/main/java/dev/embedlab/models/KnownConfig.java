package dev.embedlab.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of well-known sentence-embedding models whose weights embedlab does <b>not</b> ship: the
 * user exports (or downloads) the ONNX graph and its {@code tokenizer.json} into a folder and calls
 * {@link OnnxEmbedder#builder(KnownConfig, java.nio.file.Path)}, which applies the pooling, maximum
 * length and prefixes below and checks the folder's graph and tokenizer against them. Unlike
 * {@link KnownModel} (weights on the classpath), nothing here loads without a folder.
 *
 * <p>The entries are the multilingual models Korean teams usually start from. All four use the
 * XLM-RoBERTa SentencePiece vocabulary (HuggingFace {@code tokenizer.json} with a {@code Unigram}
 * model, {@code Metaspace} pre-tokenizer with {@code "▁"} as the word-start mark, NFKC-style
 * normalisation): special tokens are {@code <s>} (id 0, in front), {@code </s>} (id 2, at the end),
 * {@code <pad>} (id 1, not 0 as in BERT) and {@code <unk>} (id 3). Two of them (the MiniLM-L12
 * based ones) are BERT-architecture graphs with that tokenizer and declare {@code token_type_ids};
 * the XLM-R based ones (multilingual-e5-base, bge-m3) do not. {@link OnnxEmbedder} feeds
 * {@code token_type_ids} only when the graph declares it, so either export loads.
 *
 * <p>Sources (HuggingFace model cards and their {@code config.json},
 * {@code sentence_bert_config.json}, {@code 1_Pooling/config.json}, {@code tokenizer_config.json}):
 * <ul>
 *   <li>https://huggingface.co/sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2 —
 *       "maps sentences &amp; paragraphs to a 384 dimensional dense vector space", BertModel,
 *       12 layers, {@code max_position_embeddings} 512, vocab 250037, {@code max_seq_length} 128,
 *       mean pooling, Apache-2.0, trained on parallel data for 50+ languages.
 *   <li>https://huggingface.co/intfloat/multilingual-e5-small — "12 layers and the embedding size is
 *       384", BertModel with {@code tokenizer_class} XLMRobertaTokenizer, {@code max_position_embeddings}
 *       512, average pooling over the attention mask, "Each input text should start with "query: "
 *       or "passage: ", even for non-English texts", {@code max_seq_length} 512, MIT.
 *   <li>https://huggingface.co/intfloat/multilingual-e5-base — XLMRobertaModel, 12 layers, hidden
 *       768, {@code max_position_embeddings} 514 ({@code pad_token_id} 1; position ids start at 2),
 *       {@code type_vocab_size} 1, same prefixes and pooling, {@code max_seq_length} 512, MIT.
 *   <li>https://huggingface.co/BAAI/bge-m3 — XLMRobertaModel, 24 layers, hidden 1024,
 *       {@code max_position_embeddings} 8194 (so 8192 tokens), dense vector = normalised
 *       {@code [CLS]} ({@code <s>}) state ({@code pooling_mode_cls_token: true}), no instruction or
 *       prefix needed, {@code max_seq_length} 8192, MIT, 100+ languages.
 * </ul>
 * The multilingual-e5 models inherit XLM-R's 100 pre-training languages (the model card lists
 * them); every entry covers Korean ({@code ko}).
 */
public enum KnownConfig implements ModelCard {
  /** sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2: 12 layers, 384 dims, mean, 128 tokens. */
  PARAPHRASE_MULTILINGUAL_MINILM_L12_V2("paraphrase-multilingual-minilm-l12-v2",
      "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2", 12, 384, 512, 128,
      Pooling.MEAN, "", "", "Apache-2.0", "50+ languages incl. ko (parallel-data distillation)", true),
  /** intfloat/multilingual-e5-small: 12 layers, 384 dims, mean, 512 tokens, {@code query: }/{@code passage: }. */
  MULTILINGUAL_E5_SMALL("multilingual-e5-small", "intfloat/multilingual-e5-small", 12, 384, 512, 512,
      Pooling.MEAN, "query: ", "passage: ", "MIT", "~100 languages (XLM-R) incl. ko", true),
  /** intfloat/multilingual-e5-base: 12 layers, 768 dims, mean, 512 tokens, {@code query: }/{@code passage: }. */
  MULTILINGUAL_E5_BASE("multilingual-e5-base", "intfloat/multilingual-e5-base", 12, 768, 512, 512,
      Pooling.MEAN, "query: ", "passage: ", "MIT", "~100 languages (XLM-R) incl. ko", false),
  /** BAAI/bge-m3 (dense output): 24 layers, 1024 dims, CLS, 8192 tokens, no prefixes. */
  BGE_M3("bge-m3", "BAAI/bge-m3", 24, 1024, 8192, 8192, Pooling.CLS, "", "", "MIT",
      "100+ languages incl. ko", false);

  /** {@code model.type} every entry's {@code tokenizer.json} must declare (SentencePiece Unigram). */
  public static final String TOKENIZER_MODEL_TYPE = "Unigram";
  /** Id of {@code <pad>} in the XLM-R vocabulary (fairseq order {@code <s> <pad> </s> <unk>}). */
  public static final int XLMR_PAD_ID = 1;

  private final ModelCard.Values card;
  private final String huggingFaceName;
  private final String languages;
  private final boolean bertArchitecture;

  KnownConfig(String id, String huggingFaceName, int layers, int dimension, int maxPositions,
      int defaultMaxLength, Pooling pooling, String queryPrefix, String documentPrefix, String licence,
      String languages, boolean bertArchitecture) {
    this.card = new ModelCard.Values(id, layers, dimension, maxPositions, defaultMaxLength, pooling, queryPrefix,
        documentPrefix, licence);
    this.huggingFaceName = huggingFaceName;
    this.languages = languages;
    this.bertArchitecture = bertArchitecture;
  }

  @Override
  public ModelCard.Values card() {
    return card;
  }

  /**
   * The entry named {@code name}: its {@link #id()} or its HuggingFace name, case-insensitive
   * (e.g. {@code multilingual-e5-small} or {@code intfloat/multilingual-e5-small}).
   *
   * @throws IllegalArgumentException if no entry has that name (the message lists the ids)
   */
  public static KnownConfig byName(String name) {
    if (name != null) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      for (KnownConfig c : values()) {
        if (c.id().equals(n) || c.huggingFaceName.toLowerCase(Locale.ROOT).equals(n)
            || c.name().toLowerCase(Locale.ROOT).equals(n)) {
          return c;
        }
      }
    }
    List<String> ids = new ArrayList<>();
    for (KnownConfig c : values()) {
      ids.add(c.id());
    }
    throw new IllegalArgumentException("config must be one of " + ids + "; config=" + name);
  }

  /** The HuggingFace repository the weights come from, e.g. {@code intfloat/multilingual-e5-small}. */
  public String huggingFaceName() {
    return huggingFaceName;
  }

  /** Languages the training covers, in words. */
  public String languages() {
    return languages;
  }

  /** Whether vectors are L2-normalised (all entries: cosine/dot-product models). */
  public boolean normalize() {
    return true;
  }

  /** Always {@code false}: the user supplies the weights in a folder. */
  public boolean weightsShipped() {
    return false;
  }

  /**
   * Whether the model is a BERT-architecture graph (with the XLM-R tokenizer), whose exports usually
   * declare {@code token_type_ids}; XLM-R graphs do not. Informational: the embedder follows the
   * graph's declared inputs.
   */
  public boolean bertArchitecture() {
    return bertArchitecture;
  }

  /** Id of the padding token in the vocabulary ({@link #XLMR_PAD_ID} for every entry). */
  public int padTokenId() {
    return XLMR_PAD_ID;
  }

  /** The {@code tokenizer.json} {@code model.type} this model uses ({@link #TOKENIZER_MODEL_TYPE}). */
  public String tokenizerModelType() {
    return TOKENIZER_MODEL_TYPE;
  }
}

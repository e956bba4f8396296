package dev.embedlab.models;

/**
 * What a sentence-embedding model was trained with, as its model card and configuration files
 * state it: the settings {@link OnnxEmbedder} applies (pooling, maximum length, prefixes) and
 * checks against the graph (dimension, positions). Shared by {@link KnownModel} (weights on the
 * classpath) and {@link KnownConfig} (weights in the user's folder), which add where the weights
 * come from.
 */
public interface ModelCard {

  /** The values of the card. */
  Values card();

  /**
   * The values of a model card.
   *
   * @param id short lower-case name, also the default {@link dev.embedlab.core.Embedder#id()}
   * @param layers number of transformer layers
   * @param dimension length of the output vectors (the hidden size)
   * @param maxPositions tokens per input the position table allows, special tokens included
   * @param defaultMaxLength the sentence-transformers {@code max_seq_length}: the default truncation length
   * @param pooling pooling the model was trained with
   * @param queryPrefix prefix or instruction prepended to queries ({@code ""} when none)
   * @param documentPrefix prefix prepended to documents/passages ({@code ""} when none)
   * @param licence SPDX licence identifier of the weights (the user obtains them; they are not shipped)
   */
  record Values(String id, int layers, int dimension, int maxPositions, int defaultMaxLength, Pooling pooling,
      String queryPrefix, String documentPrefix, String licence) {
    /** Validates the values: positive sizes, a maximum length within the positions, non-null texts. */
    public Values {
      if (id == null || id.isBlank() || pooling == null || queryPrefix == null || documentPrefix == null
          || licence == null) {
        throw new IllegalArgumentException("id, pooling, prefixes and licence must be given; id=" + id);
      }
      if (layers < 1 || dimension < 1 || defaultMaxLength < 1 || defaultMaxLength > maxPositions) {
        throw new IllegalArgumentException("expected layers, dimension >= 1 and 1 <= defaultMaxLength <= maxPositions;"
            + " id=" + id + " layers=" + layers + " dimension=" + dimension + " defaultMaxLength=" + defaultMaxLength
            + " maxPositions=" + maxPositions);
      }
    }
  }

  /** Short lower-case name, also the default {@link dev.embedlab.core.Embedder#id()}. */
  default String id() {
    return card().id();
  }

  /** Number of transformer layers. */
  default int layers() {
    return card().layers();
  }

  /** Length of the output vectors (the hidden size), checked against the graph. */
  default int dimension() {
    return card().dimension();
  }

  /**
   * Tokens per input the position table allows, special tokens included: the hard upper bound on
   * tokens per input (512 for the BERT-style graphs; {@code max_position_embeddings - 2} for XLM-R
   * graphs, whose position ids start at {@code pad_token_id + 1 = 2}).
   */
  default int maxPositions() {
    return card().maxPositions();
  }

  /** The sentence-transformers {@code max_seq_length}: the default truncation length. */
  default int defaultMaxLength() {
    return card().defaultMaxLength();
  }

  /** Pooling the model was trained with. */
  default Pooling pooling() {
    return card().pooling();
  }

  /** Prefix or instruction prepended to queries ({@code ""} when none). */
  default String queryPrefix() {
    return card().queryPrefix();
  }

  /** Prefix prepended to documents/passages ({@code ""} when none). */
  default String documentPrefix() {
    return card().documentPrefix();
  }

  /** SPDX licence identifier of the weights (the user obtains them; they are not shipped). */
  default String licence() {
    return card().licence();
  }
}

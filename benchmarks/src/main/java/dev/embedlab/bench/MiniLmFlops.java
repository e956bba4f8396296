package dev.embedlab.bench;

/**
 * FLOP count of a BERT-style encoder per token, as used for the %peak figures: only the matrix
 * products count (embedding gathers, LayerNorm, GELU, softmax, residual adds and pooling are
 * O(d) per token and below 1% of the total), 2 FLOP per multiply-add.
 *
 * <p>Per layer and token, with hidden size d, FFN width f and attention over L positions:
 * Q, K, V and output projections 4 d^2 multiply-adds, FFN 2 d f, scores {@code Q K^T} L d and
 * {@code softmax(..) V} L d (summed over heads: h x L x d/h). So
 * {@code FLOP/token = layers x 2 x (4 d^2 + 2 d f + 2 L d)}. all-MiniLM-L6-v2 (6 layers, d 384,
 * f 1536): 21,233,664 + 9,216 L, i.e. 22.41 MFLOP per token at L = 128.
 *
 * <p>Useful FLOPs count each text's real tokens ({@code [CLS]} and {@code [SEP]} included) with
 * attention over its own length; padding tokens are not counted. Executed FLOPs count a padded
 * batch {@code B x S} as B·S tokens attending over S positions (what ONNX Runtime computes).
 */
public record MiniLmFlops(int layers, int hidden, int ffn) {

  /** all-MiniLM-L6-v2: 6 layers, hidden 384, FFN 1536. */
  public static final MiniLmFlops ALL_MINILM_L6_V2 = new MiniLmFlops(6, 384, 1536);

  public MiniLmFlops {
    if (layers < 1 || hidden < 1 || ffn < 1) {
      throw new IllegalArgumentException("layers, hidden and ffn must be >= 1; got " + layers + ", "
          + hidden + ", " + ffn);
    }
  }

  /** FLOP per token in the dense projections and FFN (independent of the length). */
  public double denseFlopsPerToken() {
    double d = hidden;
    return layers * 2.0 * (4 * d * d + 2 * d * ffn);
  }

  /** FLOP per token for a token attending over {@code length} positions. */
  public double flopsPerToken(int length) {
    return denseFlopsPerToken() + layers * 2.0 * 2 * length * (double) hidden;
  }

  /** FLOP of the model on texts of the given token counts, padding not counted. */
  public double usefulFlops(int[] tokenCounts) {
    double sum = 0;
    for (int t : tokenCounts) {
      sum += t * flopsPerToken(t);
    }
    return sum;
  }

  /** FLOP of one padded batch of {@code batch} rows of {@code seq} positions. */
  public double batchFlops(int batch, int seq) {
    return (double) batch * seq * flopsPerToken(seq);
  }
}

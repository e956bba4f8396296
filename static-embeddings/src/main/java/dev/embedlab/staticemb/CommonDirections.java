package dev.embedlab.staticemb;

import java.util.List;
import java.util.Objects;

/**
 * Removes from a static model the few directions that every text's vector shares: the top
 * principal components of the model's own pooled means (before normalisation) of a corpus (Arora,
 * Liang and Ma, ICLR 2017, "common component removal"; Mu and Viswanath, ICLR 2018,
 * "all-but-the-top"). Those directions
 * carry what all texts of a language or genre have in common (frequent function words, length),
 * so they inflate every cosine alike and blur the ranking of similar against unrelated pairs.
 *
 * <p><b>Baked into the table.</b> A text's vector is a weighted mean of rows, which is linear in
 * the rows, so projecting every row off the directions, {@code r - Σ (r·u) u}, gives exactly the
 * projected mean; normalisation comes after it as before. The result is an ordinary table of the
 * same shape (model2vec and sentence-transformers load it unchanged); {@code config.json} records
 * {@code embedlab_common_directions_removed} (count and corpus size).
 *
 * <p>The corpus should be unlabelled text of the kind the model will see (the training texts, or
 * the documents); how many directions to remove is chosen on held-out data. Measured on the
 * {@code ko-static} of 2026-12-07 (KorSTS dev Spearman, directions of its 40k training texts): 0.7700
 * with none; 0.7801 / 0.7867 / 0.7920 / 0.7904 removing 1 / 3 / 5 / 8 directions of the centred pooled
 * means (the default); 0.7754 to 0.7879 uncentred; 0.7790 to 0.7889 fitted on the normalised vectors.
 * Deterministic: the corpus's vectors do not depend on the thread count and {@link Pca} is.
 */
public final class CommonDirections {
  /** The {@code config.json} key recording the removal. */
  public static final String CONFIG_KEY = "embedlab_common_directions_removed";

  private CommonDirections() {}

  /**
   * {@code model} with its vectors of {@code corpus}'s top {@code k} principal directions projected
   * out of every row (token and n-gram rows alike).
   *
   * @param threads threads pooling the corpus texts (the result does not depend on it)
   * @throws IllegalArgumentException when {@code k} is not in {@code 1..dimension - 1} or the corpus
   *     has no more than {@code k} texts
   */
  public static StaticModel remove(StaticModel model, List<String> corpus, int k, int threads) {
    return remove(model, corpus, k, threads, false, true);
  }

  /**
   * As {@link #remove(StaticModel, List, int, int)}, the directions fitted on the model's normalised
   * vectors or its raw pooled means ({@code normalised}), centred or not ({@code centred}).
   */
  static StaticModel remove(StaticModel model, List<String> corpus, int k, int threads, boolean normalised,
      boolean centred) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(corpus, "corpus");
    int dim = model.dimension();
    if (k < 1 || k >= dim) {
      throw new IllegalArgumentException("k must be in 1.." + (dim - 1) + " (the model has " + dim
          + " dimensions); k=" + k);
    }
    if (corpus.size() <= k) {
      throw new IllegalArgumentException("the " + k + " directions are fitted on more than " + k + " texts; got "
          + corpus.size());
    }
    float[] x = new float[corpus.size() * dim];
    StaticModel fitWith = model;
    if (model.normalize() != normalised) {
      StaticModel.Builder b = StaticModel.builder(model.tokenizerView(), model.vectorsView(), dim)
          .normalize(normalised).tokenWeights(model.weightsView()).mapping(model.mappingView())
          .charNgrams(model.charNgrams());
      fitWith = b.build();
    }
    try (StaticEmbedder e = new StaticEmbedder(fitWith, "common-directions", StaticEmbedder.DEFAULT_MAX_TOKENS,
        threads)) {
      float[][] v = e.embed(corpus);
      for (int i = 0; i < v.length; i++) {
        System.arraycopy(v[i], 0, x, i * dim, dim);
      }
    }
    double[][] u = Pca.fitTransform(x, dim, k, centred).components();
    float[] table = model.vectorsView();
    float[] out = new float[table.length];
    double[] row = new double[dim];
    for (int r = 0; r < model.rows(); r++) {
      int base = r * dim;
      for (int j = 0; j < dim; j++) {
        row[j] = table[base + j];
      }
      for (double[] c : u) {
        double p = 0;
        for (int j = 0; j < dim; j++) {
          p += row[j] * c[j];
        }
        for (int j = 0; j < dim; j++) {
          row[j] -= p * c[j];
        }
      }
      for (int j = 0; j < dim; j++) {
        out[base + j] = (float) row[j];
      }
    }
    StaticModel.Builder b = StaticModel.builder(model.tokenizerView(), out, dim).normalize(model.normalize())
        .tokenWeights(model.weightsView()).mapping(model.mappingView()).charNgrams(model.charNgrams());
    model.config().forEach(b::config);
    // An ordered map: config.json is written byte for byte the same in every run (Map.of's order is not).
    java.util.Map<String, Integer> removed = new java.util.LinkedHashMap<>();
    removed.put("k", k);
    removed.put("texts", corpus.size());
    return b.config(CONFIG_KEY, removed).build();
  }
}

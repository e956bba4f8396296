package dev.embedlab.tune.adapter;

import dev.embedlab.tune.negatives.MinedPair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds {@link TrainingExample}s from mined pairs and precomputed embeddings. */
public final class TrainingExamples {
  private TrainingExamples() {}

  /**
   * One example per mined pair (pairs without negatives still train on in-batch negatives).
   *
   * @param pairs mined (query, positive, negatives)
   * @param relevant query id → all its relevant document ids (for masking in-batch positives)
   * @param queryVectors query id → frozen query embedding
   * @param docVectors document id → frozen document embedding
   * @throws IllegalArgumentException naming the first id without a vector or without judgments
   */
  public static List<TrainingExample> fromMined(Collection<MinedPair> pairs,
      Map<String, ? extends Collection<String>> relevant, Map<String, float[]> queryVectors,
      Map<String, float[]> docVectors) {
    if (pairs == null || relevant == null || queryVectors == null || docVectors == null) {
      throw new IllegalArgumentException("pairs, relevant, queryVectors and docVectors must not be null");
    }
    List<TrainingExample> out = new ArrayList<>(pairs.size());
    for (MinedPair p : pairs) {
      Collection<String> rel = relevant.get(p.queryId());
      if (rel == null) {
        throw new IllegalArgumentException("no relevant documents for query id " + p.queryId());
      }
      float[][] negs = new float[p.negatives().size()][];
      for (int i = 0; i < negs.length; i++) {
        negs[i] = vector(docVectors, p.negatives().get(i).docId(), "document");
      }
      Set<String> relSet = new HashSet<>(rel);
      out.add(new TrainingExample(p.queryId(), vector(queryVectors, p.queryId(), "query"), p.positiveId(),
          vector(docVectors, p.positiveId(), "document"), p.negativeIds(), negs, relSet));
    }
    return out;
  }

  private static float[] vector(Map<String, float[]> m, String id, String what) {
    float[] v = m.get(id);
    if (v == null) {
      throw new IllegalArgumentException("no vector for " + what + " id " + id);
    }
    return v;
  }
}

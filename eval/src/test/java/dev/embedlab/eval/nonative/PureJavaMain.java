package dev.embedlab.eval.nonative;

import dev.embedlab.compress.PcaCompressor;
import dev.embedlab.compress.ProductQuantizer;
import dev.embedlab.compress.internal.Nd4jSupport;
import dev.embedlab.data.Qrels;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.eval.search.ScoreBackend;
import dev.embedlab.eval.stats.PairedComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Exercises metrics, statistics, exact search, PCA and OPQ and prints one {@code key=value} line per
 * result. {@link PureJavaWithoutNativeJarsTest} runs it in a JVM whose class path lacks ND4J's
 * platform jars and compares its lines with the same computation in the test JVM (which has them).
 */
public final class PureJavaMain {
  private PureJavaMain() {}

  public static void main(String[] args) {
    for (String line : results()) {
      System.out.println(line);
    }
    System.out.println("nd4j.available=" + Nd4jSupport.isAvailable());
    System.out.println("nd4j.reason=" + Nd4jSupport.unavailableReason());
  }

  /** The results that must not depend on whether ND4J's native backend is present. */
  static List<String> results() {
    List<String> out = new ArrayList<>();
    Random r = new Random(3);
    int dim = 16;
    float[][] docs = new float[400][dim];
    float[][] queries = new float[12][dim];
    for (float[][] m : new float[][][] {docs, queries}) {
      for (float[] row : m) {
        for (int i = 0; i < dim; i++) {
          row[i] = r.nextInt(7) - 3; // integer components: exact scores in any summation order
        }
      }
    }
    String[] docIds = new String[docs.length];
    for (int i = 0; i < docIds.length; i++) {
      docIds[i] = "d" + i;
    }
    String[] queryIds = new String[queries.length];
    for (int i = 0; i < queryIds.length; i++) {
      queryIds[i] = "q" + i;
    }
    // BLAS wanted (threshold 0): ND4J where it loads, the Java kernel otherwise
    List<dev.embedlab.core.retrieval.Ranking> hits = ExactSearch.builder().k(10).backend(ScoreBackend.AUTO).blasThreshold(0).build()
        .search(queries, queryIds, docs, docIds);
    StringBuilder ids = new StringBuilder();
    for (int q = 0; q < queries.length; q++) {
      ids.append(String.join(",", hits.get(q).docIds())).append(';');
    }
    out.add("search.ids=" + ids);
    Qrels.Builder qb = Qrels.builder();
    for (int q = 0; q < queries.length; q++) {
      qb.add(queryIds[q], "d" + (q * 7), 1).add(queryIds[q], hits.get(q).docIds().get(q % 10), 2);
    }
    Qrels qrels = qb.build();
    RankingEvaluator ev = RankingEvaluator.of(Measure.ndcg(10), Measure.map(), Measure.recall(10));
    EvaluationResult res = ev.evaluate(qrels, dev.embedlab.data.Run.of(hits));
    out.add(String.format(Locale.ROOT, "metrics.ndcg10=%.12f", res.mean(Measure.ndcg(10))));
    out.add(String.format(Locale.ROOT, "metrics.map=%.12f", res.mean(Measure.map())));
    double[] a = res.values(Measure.ndcg(10));
    double[] b = res.values(Measure.recall(10));
    out.add(String.format(Locale.ROOT, "stats.permutationP=%.6f",
        PairedComparison.of(a, b).permutationPValue(2000, 1)));
    float[][] train = new float[300][dim];
    for (float[] row : train) {
      double z = r.nextGaussian();
      for (int i = 0; i < dim; i++) {
        row[i] = (float) (z * (i + 1) / dim + 0.1 * r.nextGaussian());
      }
    }
    PcaCompressor pca = new PcaCompressor(dim, 4, false);
    pca.fit(train);
    out.add(String.format(Locale.ROOT, "pca.ratio0=%.6f", pca.explainedVarianceRatio()[0]));
    // 4 latent factors spread over all 16 dimensions: sub-spaces of the raw axes quantise them badly,
    // a learned rotation well
    float[][] mixed = new float[600][dim];
    double[][] mix = new double[4][dim];
    for (double[] row : mix) {
      for (int i = 0; i < dim; i++) {
        row[i] = r.nextGaussian();
      }
    }
    for (float[] row : mixed) {
      double[] z = {3 * r.nextGaussian(), 2 * r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
      for (int i = 0; i < dim; i++) {
        double v = 0.05 * r.nextGaussian();
        for (int f = 0; f < 4; f++) {
          v += z[f] * mix[f][i];
        }
        row[i] = (float) v;
      }
    }
    ProductQuantizer opq = ProductQuantizer.builder(dim).subspaces(4).bits(4).seed(1).opqIterations(6).build();
    opq.fit(mixed);
    ProductQuantizer pq = ProductQuantizer.builder(dim).subspaces(4).bits(4).seed(1).build();
    pq.fit(mixed);
    out.add("opq.beatsPq=" + (opq.reconstructionError(mixed) < 0.9 * pq.reconstructionError(mixed)));
    return out;
  }
}

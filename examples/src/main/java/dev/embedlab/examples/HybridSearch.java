package dev.embedlab.examples;

import dev.embedlab.bakeoff.BakeOff;
import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.Candidate;
import dev.embedlab.bakeoff.DatasetSubsets;
import dev.embedlab.bakeoff.report.ConsoleReport;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.SquadDatasets;
import dev.embedlab.eval.fusion.RankFusion;
import dev.embedlab.eval.fusion.ScoreNormalization;
import dev.embedlab.eval.lexical.Bm25Index;
import dev.embedlab.eval.lexical.LexicalAnalyzer;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.models.KnownModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * BM25, dense and fused retrieval as one bake-off: BEIR SciFact test with Lucene's English analyser,
 * or KorQuAD 1.0 dev as retrieval (question → its paragraph) with Lucene's Korean analyser (Nori).
 * Candidates: BM25 with tuned (k1, b), Lucene's defaults and the standard analyser; one dense model;
 * and the fusions of tuned BM25 with the dense model — reciprocal rank fusion (k = 60) and weighted
 * sums of min-max / z-score normalised scores, each over the top 100 of both runs. The bake-off
 * prints nDCG@10, Recall@10/100 and the paired significance table against the best.
 *
 * <pre>
 *   java -cp ... dev.embedlab.examples.HybridSearch dataset=scifact \
 *       [model=BGE_SMALL_EN_V15_Q] [k1=0.9] [b=0.4] [shared=../shared] [cache=~/.cache/embedlab/embeddings]
 *   java -cp ... dev.embedlab.examples.HybridSearch dataset=korquad [model=ALL_MINILM_L6_V2_Q] [queries=5774]
 * </pre>
 * The shipped models have English vocabularies (MODELS.md): on Korean they see jamo pieces, so the
 * KorQuAD dense number measures how little they get, and whether fusion still helps BM25.
 */
public final class HybridSearch {
  private HybridSearch() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opt = LeverSupport.options(args);
    String dataset = opt.getOrDefault("dataset", "scifact");
    boolean korean = dataset.equals("korquad");
    RetrievalDataset ds;
    if (korean) {
      Path file = LeverSupport.data(opt).resolve("korquad1").resolve("KorQuAD_v1.0_dev.json");
      if (!Files.isRegularFile(file)) {
        System.out.println("KorQuAD not found at " + file.toAbsolutePath() + "; pass shared=<folder with data/korquad1>");
        return;
      }
      ds = SquadDatasets.load(file, "korquad1-dev", "CC BY-ND 2.0 KR");
    } else if (dataset.equals("scifact")) {
      Path folder = LeverSupport.data(opt).resolve("scifact");
      if (!Files.isDirectory(folder)) {
        System.out.println("SciFact not found at " + folder.toAbsolutePath() + "; pass shared=<folder with data/scifact>");
        return;
      }
      ds = BeirDatasets.load(folder, "test");
    } else {
      throw new IllegalArgumentException("dataset must be scifact or korquad; dataset=" + dataset);
    }
    DatasetSubsets.Subset subset = DatasetSubsets.firstQueries(ds,
        Integer.parseInt(opt.getOrDefault("queries", Integer.toString(ds.queries().size()))));
    KnownModel model = KnownModel.valueOf(opt.getOrDefault("model", korean ? "ALL_MINILM_L6_V2_Q" : "BGE_SMALL_EN_V15_Q"));
    float k1 = Float.parseFloat(opt.getOrDefault("k1", "0.9"));
    float b = Float.parseFloat(opt.getOrDefault("b", "0.4"));
    LexicalAnalyzer analyzer = korean ? LexicalAnalyzer.KOREAN : LexicalAnalyzer.ENGLISH;
    String tuned = "bm25 k1=" + k1 + " b=" + b;
    String dense = "dense " + model.id();
    BakeOff.Builder bake = BakeOff.builder().dataset(subset.dataset()).primaryMeasure(Measure.ndcg(10))
        .candidate(bm25(tuned, analyzer, k1, b))
        .candidate(Candidate.bm25("bm25 lucene defaults", analyzer))
        .candidate(bm25("bm25 standard analyser", LexicalAnalyzer.STANDARD, k1, b))
        .candidate(Candidate.builder(dense, () -> LeverSupport.cached(model, opt)).cachedEmbeddings(true).build());
    for (RankFusion f : new RankFusion[] {RankFusion.rrf().depth(100).build(),
        RankFusion.weighted(ScoreNormalization.MIN_MAX).depth(100).build(),
        RankFusion.weighted(ScoreNormalization.Z_SCORE).depth(100).build()}) {
      bake.candidate(Candidate.hybrid("fused " + f.id(), f, tuned, dense));
    }
    if (!subset.note().isEmpty()) {
      bake.note(subset.note());
    }
    System.out.println("machine: " + LeverSupport.machine());
    BakeOffResult r = bake.build().run();
    ConsoleReport.print(r, System.out);
  }

  private static Candidate bm25(String name, LexicalAnalyzer a, float k1, float b) {
    return Candidate.retriever(name, in -> Bm25Index.builder().analyzer(a).k1(k1).b(b).build(Candidate.documents(in)),
        "bm25 " + a.name().toLowerCase(java.util.Locale.ROOT), "BM25 (Lucene, " + a + ", k1=" + k1 + ", b=" + b + ")",
        Map.of("kind", "lexical", "analyzer", a.name()));
  }
}

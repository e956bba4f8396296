package dev.embedlab.staticemb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.PairDataset;
import dev.embedlab.data.PairDatasets;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real weights, real data: distils all-MiniLM-L6-v2 (from the langchain4j weights jar) and measures
 * the static copy against the teacher on STSBenchmark test and SciFact test, with speeds measured
 * in the same run. Skips when {@code shared/data} is absent. The teacher's SciFact nDCG@10 is
 * measured only with {@code -Dembedlab.static.teacherScifact=true} (about a minute on 2 cores);
 * otherwise the figure measured in this repository's README (0.6451, equal to MTEB's) is used.
 */
class MiniLmDistillationRealDataTest {
  /** all-MiniLM-L6-v2 on SciFact test, README (exact search), equal to its published MTEB score. */
  static final double TEACHER_SCIFACT_NDCG10 = 0.6451;
  /** Tokens of a corpus text the teacher sees during refinement (special tokens included). */
  static final int CORPUS_MAX_LENGTH = 64;

  @TempDir Path dir;

  @Test
  void staticCopyKeepsMostOfTheTeachersQualityAtAFractionOfTheCost() throws IOException {
    PairDataset sts = PairDatasets.stsBenchmark(Quality.shared("data/stsbenchmark/sts-test.csv"));
    RetrievalDataset scifact = BeirDatasets.load(Quality.shared("data/scifact"), "test");
    try (OnnxEmbedder teacher = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).intraOpThreads(2).build();
        // model2vec pools the teacher's raw token states: no normalisation before PCA (+0.03 STS, measured).
        // Corpus texts are cut at CORPUS_MAX_LENGTH tokens for the teacher (and the refiner), as tokenlearn cuts them.
        OnnxEmbedder rawTeacher = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).normalize(false)
            .maxLength(CORPUS_MAX_LENGTH).intraOpThreads(2).build()) {
      byte[] tok = TestTokenizers.miniLm();
      // The unlabelled corpus: every other STSB train sentence and every other SciFact corpus passage.
      // Both are in-domain text (the SciFact passages are documents searched at test time, without
      // queries or judgements); no test query and no label is used. Half of each keeps the teacher's
      // time within the 5-minute budget under load; -Dembedlab.static.wholeCorpus=true takes all of
      // both (+0.006 STSB dev, twice the teacher time). Its token counts also give the SIF weights.
      boolean whole = Boolean.getBoolean("embedlab.static.wholeCorpus");
      PairDataset train = PairDatasets.stsBenchmark(Quality.shared("data/stsbenchmark/sts-train.csv"));
      LinkedHashSet<String> sentencesOnce = new LinkedHashSet<>(train.textsA());
      sentencesOnce.addAll(train.textsB());
      List<String> corpus = everyOther(new ArrayList<>(sentencesOnce), whole ? 1 : 2);
      corpus.addAll(everyOther(scifact.corpus().stream().map(d -> d.titleAndText()).toList(), whole ? 1 : 2));
      long t0 = System.nanoTime();
      long[] counts = Distiller.countTokens(tok, corpus);
      // Settings chosen on STSB dev and SciFact train queries (docs/notes/distil.md has the grid).
      Distiller distiller = Distiller.builder(rawTeacher, tok).pcaDims(256).tokenCounts(counts).sifCoefficient(3e-4)
          .refineOn(corpus, CorpusRefiner.builder().epochs(3).learningRate(0.2).batchSize(64)
              .maxTokens(CORPUS_MAX_LENGTH - 2).seed(42).build())
          .build();
      assertTrue(distiller.feedsTokenIds(), "an OnnxEmbedder teacher is fed [CLS] id [SEP]");
      float[] rows = distiller.embedVocabulary();
      double vocabSeconds = (System.nanoTime() - t0) / 1e9;
      StaticModel distilled = distiller.fromTeacherRows(rows);
      long t1 = System.nanoTime();
      float[][] corpusVectors = distiller.embedCorpus(corpus);
      double corpusSeconds = (System.nanoTime() - t1) / 1e9;
      long t2 = System.nanoTime();
      StaticModel m = distiller.fromTeacherRows(rows, corpus, corpusVectors);
      double refineSeconds = (System.nanoTime() - t2) / 1e9;
      double distilSeconds = vocabSeconds + corpusSeconds + refineSeconds;
      m.write(dir.resolve("m2v-minilm"), Precision.FLOAT16);
      try (StaticEmbedder plain = new StaticEmbedder(distilled, "m2v-minilm-distilled");
          StaticEmbedder student = StaticEmbedder.open(dir.resolve("m2v-minilm"))) {
        double teacherSts = Quality.spearman(teacher, sts);
        double plainSts = Quality.spearman(plain, sts);
        double studentSts = Quality.spearman(student, sts);
        List<String> all = new ArrayList<>(sts.textsA());
        all.addAll(sts.textsB());
        // Both sides timed on the same 1,000 sentences, warm, best pass of several: a single cold pass of
        // the static copy (about 30 ms) measured JIT compilation, not the model (44.7x on a CI machine).
        List<String> sentences = all.subList(0, 1000);
        double teacherRate = rate(teacher, sentences, 2, 0);
        double studentRate = rate(student, sentences, 5, 1.0);
        double plainScifact = Quality.ndcg10(plain, scifact);
        double studentScifact = Quality.ndcg10(student, scifact);
        double teacherScifact = Boolean.getBoolean("embedlab.static.teacherScifact")
            ? Quality.ndcg10(teacher, scifact) : TEACHER_SCIFACT_NDCG10;
        System.out.printf("distillation of all-MiniLM-L6-v2 to %d dims on %d cores: %.1f s (vocabulary by id %.1f s,"
            + " teacher on %d corpus texts %.1f s, PCA + refinement + weights %.1f s)%n", m.dimension(),
            Runtime.getRuntime().availableProcessors(), distilSeconds, vocabSeconds, corpus.size(), corpusSeconds,
            refineSeconds);
        System.out.printf("STSB test Spearman: teacher %.4f, distilled %.4f (%.1f%%), refined %.4f (%.1f%%)%n", teacherSts,
            plainSts, 100 * plainSts / teacherSts, studentSts, 100 * studentSts / teacherSts);
        System.out.printf("SciFact test nDCG@10: teacher %.4f, distilled %.4f (%.1f%%), refined %.4f (%.1f%%)%n",
            teacherScifact, plainScifact, 100 * plainScifact / teacherScifact, studentScifact,
            100 * studentScifact / teacherScifact);
        System.out.printf("speed on STSB sentences: teacher %.0f/s, static %.0f/s (%.0fx)%n", teacherRate,
            studentRate, studentRate / teacherRate);
        // Distillation by id alone (0.666 / 0.40 measured): floors that still catch a broken recipe.
        assertTrue(plainSts > 0.75 * teacherSts, "STS " + plainSts);
        assertTrue(plainScifact > 0.55 * teacherScifact, "SciFact " + plainScifact);
        // With corpus refinement: the goals (0.7591 / 0.5789 measured in development).
        assertTrue(studentSts >= 0.85 * teacherSts, "refined STS " + studentSts);
        assertTrue(studentScifact >= 0.80 * teacherScifact, "refined SciFact " + studentScifact);
        assertTrue(studentRate >= 50 * teacherRate, "speed ratio " + studentRate / teacherRate);

        // Then labelled training on the training splits: STSB train (CoSENT) and SciFact train claims ->
        // abstracts (in-batch negatives), early stopping on STSB dev; lr 0.03 was the best STSB dev score
        // among 0.003 / 0.01 / 0.03 / 0.1 when it started from the unrefined copy.
        List<TrainingPair> pairs = new ArrayList<>();
        train.pairs().forEach(p -> pairs.add(new TrainingPair(p.a(), p.b(), p.score(), null)));
        RetrievalDataset sfTrain = BeirDatasets.load(Quality.shared("data/scifact"), "train");
        var byId = sfTrain.corpusById();
        for (var q : sfTrain.queries()) {
          for (String d : sfTrain.qrels().judged(q.id()).keySet()) {
            pairs.add(new TrainingPair(q.text(), byId.get(d).titleAndText(), Double.NaN, null));
          }
        }
        PairDataset dev = PairDatasets.stsBenchmark(Quality.shared("data/stsbenchmark/sts-dev.csv"));
        long t3 = System.nanoTime();
        StaticTrainer.Result trained = StaticTrainer.builder(student.model()).epochs(6).batchSize(64).learningRate(0.03)
            .seed(42).patience(2).evaluator(e -> Quality.spearman(e, dev)).build().train(pairs);
        double trainSeconds = (System.nanoTime() - t3) / 1e9;
        try (StaticEmbedder r = new StaticEmbedder(trained.model(), "m2v-minilm-trained")) {
          double rSts = Quality.spearman(r, sts);
          double rScifact = Quality.ndcg10(r, scifact);
          double rRate = rate(r, sentences, 5, 1.0);
          System.out.printf("refined, then trained on labelled pairs (%.1f s, best epoch %d, STSB dev %.4f):"
              + " STSB test %.4f (%.1f%%), SciFact %.4f (%.1f%%), %.0f/s (%.0fx the teacher)%n", trainSeconds, trained.bestEpoch(), trained.bestHeldOut(), rSts,
              100 * rSts / teacherSts, rScifact, 100 * rScifact / teacherScifact, rRate, rRate / teacherRate);
          assertTrue(rSts >= 0.85 * teacherSts, "trained STS " + rSts);
          assertTrue(rScifact >= 0.80 * teacherScifact, "trained SciFact " + rScifact);
        }
      }
    }
  }

  private static List<String> everyOther(List<String> texts, int step) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < texts.size(); i += step) {
      out.add(texts.get(i));
    }
    return out;
  }

  /**
   * Texts per second of the best pass, after one warm-up pass over all of them: at least
   * {@code minPasses} passes and at least {@code minSeconds} of timed passes.
   */
  static double rate(dev.embedlab.core.Embedder e, List<String> texts, int minPasses, double minSeconds) {
    e.embed(texts);
    long best = Long.MAX_VALUE;
    long total = 0;
    for (int pass = 0; pass < minPasses || total < minSeconds * 1e9; pass++) {
      long t0 = System.nanoTime();
      e.embed(texts);
      long took = System.nanoTime() - t0;
      best = Math.min(best, took);
      total += took;
    }
    return texts.size() / (best / 1e9);
  }
}

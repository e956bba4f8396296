package dev.embedlab.staticemb.ko;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.data.Document;
import dev.embedlab.data.PairDataset;
import dev.embedlab.data.PairDatasets;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.SquadDatasets;
import dev.embedlab.eval.metrics.PairMetrics;
import dev.embedlab.staticemb.StaticEmbedder;
import dev.embedlab.staticemb.StaticModel;
import dev.embedlab.staticemb.StaticTrainer;
import dev.embedlab.staticemb.TrainStaticCommand;
import dev.embedlab.staticemb.TrainingPair;
import dev.embedlab.staticemb.WordPieceVocabBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exact recipe of {@code ko-static}. Training data: KorSTS train (CoSENT), KorNLI XNLI dev+test and
 * KLUE-NLI dev entailment pairs (XNLI's contradiction as hard negative), KorQuAD 1.0 questions →
 * paragraphs of the even-numbered articles (by first appearance). Model selection (early stopping):
 * KorSTS dev. Evaluation only: KorSTS test, KLUE-STS dev, KorQuAD odd-numbered articles.
 */
final class KoStaticRecipe {
  static final int VOCAB = 6000;
  static final int DIM = 768;
  static final double LR = 0.005;
  static final int EPOCHS = 8;
  static final long SEED = 42;

  private KoStaticRecipe() {}

  /** KorQuAD's even-article questions → paragraphs (training) and the odd articles as a retrieval set. */
  record KorQuadSplit(List<TrainingPair> train, RetrievalDataset heldOut) {}

  static KorQuadSplit korquad(Path data) throws IOException {
    RetrievalDataset korquad = SquadDatasets.load(data.resolve("korquad1/KorQuAD_v1.0_dev.json"));
    Map<String, Integer> article = new LinkedHashMap<>();
    for (Document d : korquad.corpus()) {
      article.putIfAbsent(d.title(), article.size());
    }
    Map<String, Document> docs = korquad.corpusById();
    List<Document> evalDocs = new ArrayList<>();
    Set<String> evalDocIds = new HashSet<>();
    for (Document d : korquad.corpus()) {
      if (article.get(d.title()) % 2 == 1) {
        evalDocs.add(d);
        evalDocIds.add(d.id());
      }
    }
    List<TrainingPair> train = new ArrayList<>();
    List<Query> evalQueries = new ArrayList<>();
    for (Query q : korquad.queries()) {
      String rel = korquad.qrels().judged(q.id()).keySet().iterator().next();
      if (evalDocIds.contains(rel)) {
        evalQueries.add(q);
      } else {
        train.add(new TrainingPair(q.text(), docs.get(rel).text(), Double.NaN, null));
      }
    }
    Qrels qrels = korquad.qrels().restrictTo(new HashSet<>(evalQueries.stream().map(Query::id).toList()));
    return new KorQuadSplit(train, new RetrievalDataset("korquad1-dev-odd-articles", korquad.licence(), "",
        evalDocs, evalQueries, qrels));
  }

  /** Every training pair, in a fixed order. */
  static List<TrainingPair> trainingPairs(Path data) throws IOException {
    List<TrainingPair> pairs = new ArrayList<>(korquad(data).train());
    for (var p : PairDatasets.korSts(data.resolve("korsts/sts-train.tsv")).pairs()) {
      pairs.add(new TrainingPair(p.a(), p.b(), p.score(), null));
    }
    for (Path f : List.of(data.resolve("kornli/xnli.dev.ko.tsv"), data.resolve("kornli/xnli.test.ko.tsv"))) {
      Map<String, String[]> byPremise = new LinkedHashMap<>();
      List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
      for (String line : lines.subList(1, lines.size())) {
        String[] c = line.split("\t");
        if (c.length < 3) {
          continue;
        }
        String[] slot = byPremise.computeIfAbsent(c[0], k -> new String[2]);
        if (c[2].equals("entailment")) {
          slot[0] = c[1];
        } else if (c[2].equals("contradiction")) {
          slot[1] = c[1];
        }
      }
      byPremise.forEach((premise, s) -> {
        if (s[0] != null) {
          pairs.add(new TrainingPair(premise, s[0], Double.NaN, s[1]));
        }
      });
    }
    for (var n : new ObjectMapper().readTree(data.resolve("klue-nli/klue-nli-v1.1_dev.json").toFile())) {
      if (n.path("gold_label").asText().equals("entailment")) {
        pairs.add(new TrainingPair(n.path("premise").asText(), n.path("hypothesis").asText(), Double.NaN, null));
      }
    }
    return pairs;
  }

  /** Builds the model: vocabulary, IDF-scaled seeded start, training with early stopping on KorSTS dev. */
  static StaticModel build(Path data) throws IOException {
    List<TrainingPair> pairs = trainingPairs(data);
    List<String> corpus = new ArrayList<>();
    for (TrainingPair p : pairs) {
      corpus.add(p.anchor());
      corpus.add(p.positive());
    }
    byte[] tok = WordPieceVocabBuilder.build(corpus, VOCAB, 2, 3);
    StaticModel init = idfInit(tok, corpus);
    PairDataset dev = PairDatasets.korSts(data.resolve("korsts/sts-dev.tsv"));
    return StaticTrainer.builder(init).epochs(EPOCHS).batchSize(64).learningRate(LR).seed(SEED).patience(2)
        .evaluator(e -> spearman(e, dev)).build().train(pairs).model();
  }

  private static StaticModel idfInit(byte[] tok, List<String> corpus) {
    StaticModel m = TrainStaticCommand.idfInit(tok, DIM, corpus, SEED);
    return m;
  }

  static double spearman(StaticEmbedder e, PairDataset d) {
    float[][] a = e.embed(d.textsA());
    float[][] b = e.embed(d.textsB());
    double[] cos = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      double s = 0;
      for (int j = 0; j < a[i].length; j++) {
        s += a[i][j] * b[i][j];
      }
      cos[i] = s;
    }
    return PairMetrics.spearman(d.scores(), cos);
  }

  /** Mean nDCG@10 of exact search. */
  static double ndcg10(StaticEmbedder e, RetrievalDataset d) {
    float[][] docs = e.embed(d.corpus().stream().map(Document::titleAndText).toList());
    float[][] qs = e.embed(d.queries().stream().map(Query::text).toList(), dev.embedlab.core.Embedder.Role.QUERY);
    var hits = dev.embedlab.eval.search.ExactSearch.builder().k(100).build().search(qs,
        d.queries().stream().map(Query::id).toArray(String[]::new), docs, d.corpus().stream().map(Document::id).toArray(String[]::new));
    var m = dev.embedlab.eval.metrics.Measure.ndcg(10);
    return dev.embedlab.eval.metrics.RankingEvaluator.of(m).evaluate(d.qrels(), dev.embedlab.data.Run.of(hits)).mean(m);
  }
}

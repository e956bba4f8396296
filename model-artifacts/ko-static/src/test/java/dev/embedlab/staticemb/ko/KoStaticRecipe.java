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
import dev.embedlab.staticemb.CharNgrams;
import dev.embedlab.staticemb.CommonDirections;
import dev.embedlab.staticemb.StaticEmbedder;
import dev.embedlab.staticemb.StaticModel;
import dev.embedlab.staticemb.StaticTrainer;
import dev.embedlab.staticemb.TrainStaticCommand;
import dev.embedlab.staticemb.TextTarget;
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
 * The exact recipe of {@code ko-static}.
 * <ul>
 *   <li>Vocabulary and IDF: WordPiece pieces and document frequencies from the texts of KorSTS train,
 *       KorNLI XNLI dev+test and KLUE-NLI dev pairs and KorQuAD 1.0 questions and paragraphs of the
 *       even-numbered articles (by first appearance), then the Korean lines of the {@link #PARALLEL} sets.</li>
 *   <li>Start: seeded Gaussian rows scaled by IDF for the tokens and for 20,000 hashed character-bigram
 *       buckets; columns 384..767 (the lexical block) times {@link #LEXICAL_SCALE}.</li>
 *   <li>Training: cross-lingual distillation only (Reimers &amp; Gurevych 2020): each distinct KorSTS
 *       train sentence is pulled, on columns 0..383, towards all-MiniLM-L6-v2's vector of its STS Benchmark
 *       English original ({@link TeacherTargets}), and so is each Korean line of the Korean–English
 *       {@link #PARALLEL} sets towards the teacher's vector of its English line. The Korean pairs are not
 *       trained on ({@code pairs=false}: at the learning rate distillation needs they lowered KorSTS dev).</li>
 *   <li>Then the top {@link #COMMON_DIRECTIONS} principal directions of the model's pooled means of every
 *       training text are projected out of the table ({@link CommonDirections}).</li>
 *   <li>Choices: early stopping and every knob on KorSTS dev; the lexical scale also on nDCG@10 of the
 *       even KorQuAD articles (not trained on by this recipe).</li>
 *   <li>Evaluation only: KorSTS test, KLUE-STS dev, KorQuAD odd-numbered articles.</li>
 * </ul>
 */
final class KoStaticRecipe {
  static final int VOCAB = 8000;
  static final int DIM = 768;
  static final double LR = 0.2;
  static final int EPOCHS = 20;
  static final int PATIENCE = 3;
  static final int BUCKETS = 20000;
  static final int NGRAM_MAX = 2;
  static final double LEXICAL_SCALE = 1.6;
  static final int THREADS = 2;
  /** Top principal directions of the training texts' pooled means projected out of the table. */
  static final int COMMON_DIRECTIONS = 5;
  static final long SEED = 42;
  /**
   * Korean–English parallel sets distilled beside KorSTS train ({@link TeacherTargets#parallel}): news
   * (South and North Korean spellings of the same sentences) and JHE, from jungyeul/korean-parallel-corpora
   * (CC BY-SA 3.0). Chosen on KorSTS dev; see MODEL_CARD.md.
   */
  static final List<String> PARALLEL = List.of("news-dev", "news-test", "jhe-dev", "jhe-eval", "nk-dev", "nk-test");
  /** Whether the parallel sets' Korean lines join the vocabulary, IDF and common-direction texts. */
  static final boolean PARALLEL_IN_CORPUS = true;

  private KoStaticRecipe() {}

  /** KorQuAD's even-article questions → paragraphs (training) and the odd articles as a retrieval set. */
  record KorQuadSplit(List<TrainingPair> train, RetrievalDataset heldOut) {}

  static KorQuadSplit korquad(Path data) throws IOException {
    return korquad(data, 1);
  }

  /** As {@link #korquad(Path)}, with the articles of parity {@code heldOutParity} held out (0: the even ones). */
  static KorQuadSplit korquad(Path data, int heldOutParity) throws IOException {
    RetrievalDataset korquad = SquadDatasets.load(data.resolve("korquad1/KorQuAD_v1.0_dev.json"));
    Map<String, Integer> article = new LinkedHashMap<>();
    for (Document d : korquad.corpus()) {
      article.putIfAbsent(d.title(), article.size());
    }
    Map<String, Document> docs = korquad.corpusById();
    List<Document> evalDocs = new ArrayList<>();
    Set<String> evalDocIds = new HashSet<>();
    for (Document d : korquad.corpus()) {
      if (article.get(d.title()) % 2 == heldOutParity) {
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
    return new KorQuadSplit(train, new RetrievalDataset("korquad1-dev-" + (heldOutParity == 1 ? "odd" : "even")
        + "-articles", korquad.licence(), "",
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

  /**
   * The knobs of the recipe (experiments change them; {@link #SHIPPED} is the shipped model's).
   *
   * @param vocab WordPiece vocabulary size
   * @param dim table width: the teacher's 384 distilled dimensions first, then a lexical block that only
   *     the IDF-scaled start fills (no loss touches it)
   * @param lr Adagrad learning rate
   * @param epochs most epochs (early stopping on KorSTS dev with {@code patience})
   * @param patience epochs without a better KorSTS dev score before stopping
   * @param pairs whether the Korean pairs (CoSENT / in-batch negatives) are trained on
   * @param targets whether KorSTS train sentences are distilled towards the teacher's vectors of their
   *     English originals
   * @param buckets hashed character n-gram buckets beside the tokens, 0 for none
   * @param ngramMax longest n-gram (shortest: 2)
   * @param lexicalScale factor on the start's lexical block (columns 384..dim), which sets how much word
   *     and n-gram overlap counts against the distilled meaning in a cosine
   * @param threads trainer threads (the bytes may depend on it)
   * @param commonDirections directions removed after training ({@link CommonDirections}), 0 for none
   * @param parallel Korean–English parallel sets ({@link TeacherTargets#parallel}) whose Korean lines are
   *     distilled towards the teacher's vectors of their English lines, beside KorSTS train; empty for none
   * @param parallelInCorpus whether those Korean lines also join the texts the vocabulary, IDF and common
   *     directions are built from
   */
  record Params(int vocab, int dim, double lr, int epochs, int patience, boolean pairs, boolean targets, int buckets,
      int ngramMax, double lexicalScale, int threads, int commonDirections, List<String> parallel,
      boolean parallelInCorpus) {
    /** The recipe with system-property overrides {@code ko.vocab}, {@code ko.dim}, ... (experiments only). */
    Params withOverrides() {
      return new Params(Integer.getInteger("ko.vocab", vocab), Integer.getInteger("ko.dim", dim),
          Double.parseDouble(System.getProperty("ko.lr", String.valueOf(lr))), Integer.getInteger("ko.epochs", epochs),
          Integer.getInteger("ko.patience", patience),
          Boolean.parseBoolean(System.getProperty("ko.pairs", String.valueOf(pairs))),
          Boolean.parseBoolean(System.getProperty("ko.targets", String.valueOf(targets))),
          Integer.getInteger("ko.buckets", buckets), Integer.getInteger("ko.ngramMax", ngramMax),
          Double.parseDouble(System.getProperty("ko.lexicalScale", String.valueOf(lexicalScale))),
          Integer.getInteger("ko.threads", threads), Integer.getInteger("ko.commonDirections", commonDirections),
          System.getProperty("ko.parallel") == null ? parallel
              : java.util.Arrays.stream(System.getProperty("ko.parallel").split(","))
                  .filter(x -> !x.isBlank()).toList(),
          Boolean.parseBoolean(System.getProperty("ko.parallelCorpus", String.valueOf(parallelInCorpus))));
    }
  }

  /** The teacher's width: the distilled block of the table. */
  static final int TEACHER_DIM = 384;

  static final Params SHIPPED = new Params(VOCAB, DIM, LR, EPOCHS, PATIENCE, false, true, BUCKETS, NGRAM_MAX,
      LEXICAL_SCALE, THREADS, COMMON_DIRECTIONS, PARALLEL, PARALLEL_IN_CORPUS);

  /** Builds the shipped model. */
  static StaticModel build(Path data) throws IOException {
    return withoutCommonDirections(build(data, SHIPPED).model(), data, SHIPPED);
  }

  /**
   * {@code m} with the top {@code p.commonDirections()} principal directions of its pooled means of the training texts
   * (every distinct text of {@link #corpus}, in order) projected out of its table; {@code m}
   * itself when {@code p.commonDirections()} is 0. Chosen on KorSTS dev (Arora et al. 2017's common component removal).
   */
  static StaticModel withoutCommonDirections(StaticModel m, Path data, Params p) throws IOException {
    if (p.commonDirections() == 0) {
      return m;
    }
    return CommonDirections.remove(m, new ArrayList<>(new java.util.LinkedHashSet<>(corpus(data, p))),
        p.commonDirections(), THREADS);
  }

  /**
   * The texts vocabulary, IDF and common directions are built from: both sides of every training pair,
   * then (with {@code parallelInCorpus}) the parallel sets' Korean lines.
   */
  static List<String> corpus(Path data, Params p) throws IOException {
    List<String> corpus = new ArrayList<>();
    for (TrainingPair tp : trainingPairs(data)) {
      corpus.add(tp.anchor());
      corpus.add(tp.positive());
    }
    if (p.parallelInCorpus()) {
      for (TextTarget t : TeacherTargets.parallel(p.parallel(), Set.of())) {
        corpus.add(t.text());
      }
    }
    return corpus;
  }

  /** The shipped recipe's distillation targets ({@link #targets(Path, Params)} of {@link #SHIPPED}). */
  static List<TextTarget> targets(Path data) throws IOException {
    return targets(data, SHIPPED);
  }

  /**
   * The distillation targets: KorSTS train sentences → the teacher's vectors of their English originals,
   * then the parallel sets' Korean lines not among them → the teacher's vectors of their English lines.
   */
  static List<TextTarget> targets(Path data, Params p) throws IOException {
    List<TextTarget> targets = new ArrayList<>(TeacherTargets.korStsFromEnglish(data, "train"));
    if (!p.parallel().isEmpty()) {
      Set<String> seen = new HashSet<>();
      targets.forEach(t -> seen.add(t.text()));
      targets.addAll(TeacherTargets.parallel(p.parallel(), seen));
    }
    return targets;
  }

  /**
   * Builds a model: vocabulary from the training texts, IDF-scaled seeded start (tokens and n-grams),
   * lexical block scaled, distillation with early stopping on KorSTS dev.
   */
  static StaticTrainer.Result build(Path data, Params p) throws IOException {
    List<TrainingPair> pairs = trainingPairs(data);
    List<String> corpus = corpus(data, p);
    byte[] tok = WordPieceVocabBuilder.build(corpus, p.vocab(), 2, 3);
    StaticModel init = TrainStaticCommand.idfInit(tok, p.dim(), corpus, SEED,
        p.buckets() > 0 ? new CharNgrams(2, p.ngramMax(), p.buckets()) : null);
    if (p.lexicalScale() != 1 && p.dim() > TEACHER_DIM) {
      init = scaleColumns(init, TEACHER_DIM, p.dim(), (float) p.lexicalScale());
    }
    List<TextTarget> targets = p.targets() ? targets(data, p) : List.of();
    PairDataset dev = PairDatasets.korSts(data.resolve("korsts/sts-dev.tsv"));
    return StaticTrainer.builder(init).epochs(p.epochs()).batchSize(64).learningRate(p.lr()).seed(SEED)
        .patience(p.patience()).threads(p.threads()).evaluator(e -> spearman(e, dev)).build()
        .train(p.pairs() ? pairs : List.of(), targets);
  }

  /** {@code m} with columns {@code [from, to)} of its table multiplied by {@code factor}. */
  static StaticModel scaleColumns(StaticModel m, int from, int to, float factor) {
    int dim = m.dimension();
    float[] t = new float[m.rows() * dim];
    for (int r = 0; r < m.rows(); r++) {
      float[] row = m.row(r);
      for (int j = 0; j < dim; j++) {
        t[r * dim + j] = j >= from && j < to ? row[j] * factor : row[j];
      }
    }
    StaticModel.Builder b = StaticModel.builder(m.tokenizerJson(), t, dim).normalize(m.normalize())
        .tokenWeights(m.tokenWeights()).charNgrams(m.charNgrams());
    m.config().forEach(b::config);
    return b.build();
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

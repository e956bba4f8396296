package dev.embedlab.staticemb;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code train-static}: trains a static model on a pairs file, for the command line to wire in.
 *
 * <pre>
 * train-static --pairs FILE --out DIR (--init MODEL_DIR | --tokenizer tokenizer.json --dim N)
 *              [--epochs 5] [--batch 64] [--lr 0.05] [--seed 42] [--matryoshka 256,128,64]
 *              [--patience 2] [--holdout 0.1] [--precision float16|float32]
 *              [--char-ngrams MIN-MAX:BUCKETS] [--threads 1]
 * </pre>
 * The pairs file is UTF-8, one pair per line, tab-separated: {@code anchor<TAB>positive}, optionally a
 * third column that is either a number (a gold score: the pair is trained with CoSENT) or a text (a
 * hard negative for in-batch-negative training). A seeded {@code --holdout} fraction is kept out and
 * scored after each epoch (Spearman of cosine against gold scores when the pairs are scored, else
 * MRR@10 of each held-out anchor among all held-out positives); the best epoch is written. Without
 * {@code --init}, rows start as seeded Gaussian vectors scaled by each token's IDF over the pairs'
 * texts, so frequent tokens start small. {@code --char-ngrams 2-2:20000} (only without {@code --init})
 * pools hashed character n-grams beside the tokens ({@link CharNgrams}); {@code --threads} sets the
 * trainer's threads (the file is reproducible for a given count).
 */
public final class TrainStaticCommand {
  private TrainStaticCommand() {}

  /**
   * Runs the command.
   *
   * @return the exit status: 0 done, 2 usage error, 1 failure
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        err.println("train-static: expected --option value pairs, found " + a + (i + 1 >= args.length ? " without a value" : ""));
        err.println(usage());
        return 2;
      }
      o.put(a.substring(2), args[++i]);
    }
    for (String k : o.keySet()) {
      if (!List.of("pairs", "out", "init", "tokenizer", "dim", "epochs", "batch", "lr", "seed", "matryoshka",
          "patience", "holdout", "precision", "char-ngrams", "threads").contains(k)) {
        err.println("train-static: unknown option --" + k);
        err.println(usage());
        return 2;
      }
    }
    if (o.containsKey("char-ngrams") && o.containsKey("init")) {
      err.println("train-static: --char-ngrams applies to a new model (--tokenizer), not to --init");
      err.println(usage());
      return 2;
    }
    if (!o.containsKey("pairs") || !o.containsKey("out") || (o.containsKey("init") == o.containsKey("tokenizer"))) {
      err.println("train-static: --pairs, --out and one of --init or --tokenizer are required");
      err.println(usage());
      return 2;
    }
    try {
      List<TrainingPair> pairs = readPairs(Path.of(o.get("pairs")));
      long seed = Long.parseLong(o.getOrDefault("seed", "42"));
      double holdout = Double.parseDouble(o.getOrDefault("holdout", "0.1"));
      if (!(holdout >= 0 && holdout < 1)) {
        throw new IllegalArgumentException("--holdout must be in [0, 1); holdout=" + holdout);
      }
      List<TrainingPair> shuffled = new ArrayList<>(pairs);
      Collections.shuffle(shuffled, new Random(seed));
      int nHeld = (int) Math.round(holdout * shuffled.size());
      List<TrainingPair> held = shuffled.subList(0, nHeld);
      List<TrainingPair> train = shuffled.subList(nHeld, shuffled.size());
      StaticModel init;
      if (o.containsKey("init")) {
        init = StaticModel.read(Path.of(o.get("init")));
      } else {
        List<String> texts = new ArrayList<>();
        for (TrainingPair p : train) {
          texts.add(p.anchor());
          texts.add(p.positive());
        }
        init = idfInit(Files.readAllBytes(Path.of(o.get("tokenizer"))), Integer.parseInt(o.getOrDefault("dim", "256")),
            texts, seed, o.containsKey("char-ngrams") ? parseNgrams(o.get("char-ngrams")) : null);
      }
      StaticTrainer.Builder b = StaticTrainer.builder(init).seed(seed)
          .epochs(Integer.parseInt(o.getOrDefault("epochs", "5")))
          .batchSize(Integer.parseInt(o.getOrDefault("batch", "64")))
          .learningRate(Double.parseDouble(o.getOrDefault("lr", "0.05")))
          .patience(Integer.parseInt(o.getOrDefault("patience", "2")))
          .threads(Integer.parseInt(o.getOrDefault("threads", "1")))
          .progress(r -> out.printf("epoch %d: loss %.4f, held-out %.4f%s%n", r.epoch(), r.meanLoss(), r.heldOut(),
              r.best() ? " (best)" : ""));
      if (o.containsKey("matryoshka")) {
        b.matryoshkaDims(Arrays.stream(o.get("matryoshka").split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray());
      }
      if (!held.isEmpty()) {
        b.evaluator(e -> heldOutScore(e, held));
      }
      out.printf("train-static: %d training pairs, %d held out, %d x %d table%n", train.size(), held.size(),
          init.rows(), init.dimension());
      StaticTrainer.Result r = b.build().train(train);
      Precision precision = Precision.valueOf(o.getOrDefault("precision", "float16").toUpperCase(java.util.Locale.ROOT));
      Path dir = Path.of(o.get("out"));
      r.model().write(dir, precision);
      out.printf("train-static: best epoch %d, held-out %.4f; wrote %s (model sha256 %s)%n", r.bestEpoch(),
          r.bestHeldOut(), dir, r.model().sha256());
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("train-static: " + e.getMessage());
      return 1;
    }
  }

  static String usage() {
    return "usage: train-static --pairs FILE --out DIR (--init MODEL_DIR | --tokenizer tokenizer.json --dim N)"
        + " [--epochs 5] [--batch 64] [--lr 0.05] [--seed 42] [--matryoshka 256,128,64] [--patience 2]"
        + " [--holdout 0.1] [--precision float16|float32] [--char-ngrams MIN-MAX:BUCKETS] [--threads 1]";
  }

  /** {@code MIN-MAX:BUCKETS}, e.g. {@code 2-2:20000}. */
  static CharNgrams parseNgrams(String v) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)-(\\d+):(\\d+)").matcher(v.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("--char-ngrams must be MIN-MAX:BUCKETS, e.g. 2-2:20000; found " + v);
    }
    return new CharNgrams(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  /** Reads the tab-separated pairs file (see the class doc). */
  static List<TrainingPair> readPairs(Path file) throws IOException {
    List<TrainingPair> pairs = new ArrayList<>();
    int no = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      no++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length < 2 || f.length > 3) {
        throw new IOException(file + ":" + no + ": expected 2 or 3 tab-separated columns, found " + f.length);
      }
      if (f.length == 2) {
        pairs.add(new TrainingPair(f[0], f[1], Double.NaN, null));
      } else {
        Double score = parseScore(f[2]);
        pairs.add(score != null ? new TrainingPair(f[0], f[1], score, null) : new TrainingPair(f[0], f[1], Double.NaN, f[2]));
      }
    }
    if (pairs.isEmpty()) {
      throw new IOException(file + ": no pairs");
    }
    return pairs;
  }

  private static Double parseScore(String s) {
    try {
      double d = Double.parseDouble(s.trim());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * Seeded Gaussian rows scaled by {@code idf(t) = ln((N + 1) / (df(t) + 1)) + 1} over {@code texts}
   * (scikit-learn's smoothed IDF), divided by √dim; the start of {@code train-static} without {@code --init}.
   */
  public static StaticModel idfInit(byte[] tokenizerJson, int dim, List<String> texts, long seed) {
    return idfInit(tokenizerJson, dim, texts, seed, null);
  }

  /**
   * {@link #idfInit(byte[], int, List, long)} with hashed character n-grams pooled beside the tokens
   * (null: none): their rows follow the vocabulary's, started the same way from each bucket's IDF.
   */
  public static StaticModel idfInit(byte[] tokenizerJson, int dim, List<String> texts, long seed, CharNgrams ngrams) {
    int vocab;
    try {
      vocab = TokenizerVocab.parse(tokenizerJson, "tokenizer").size();
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    int n = vocab + (ngrams == null ? 0 : ngrams.buckets());
    long[] df = new long[n];
    if (ngrams != null) {
      for (String t : texts) {
        Arrays.stream(ngrams.buckets(t)).distinct().forEach(bk -> df[vocab + bk]++);
      }
    }
    try (TokenIdEncoder enc = new TokenIdEncoder(tokenizerJson, "tokenizer")) {
      for (int from = 0; from < texts.size(); from += 4096) {
        long[][] ids = enc.encode(texts.subList(from, Math.min(texts.size(), from + 4096)).toArray(new String[0]));
        for (long[] t : ids) {
          Arrays.stream(t).distinct().forEach(id -> df[(int) id]++);
        }
      }
    }
    Random r = new Random(seed);
    float[] table = new float[n * dim];
    for (int i = 0; i < n; i++) {
      double idf = Math.log((texts.size() + 1.0) / (df[i] + 1.0)) + 1;
      for (int j = 0; j < dim; j++) {
        table[i * dim + j] = (float) (r.nextGaussian() * idf / Math.sqrt(dim));
      }
    }
    return StaticModel.builder(tokenizerJson, table, dim).charNgrams(ngrams).config("init", "idf-gaussian")
        .config("seed", seed).build();
  }

  /** Spearman (scored pairs) or MRR@10 (unscored) on the held-out pairs. */
  static double heldOutScore(StaticEmbedder e, List<TrainingPair> held) {
    List<String> a = held.stream().map(TrainingPair::anchor).toList();
    List<String> b = held.stream().map(TrainingPair::positive).toList();
    float[][] va = e.embed(a);
    float[][] vb = e.embed(b);
    if (held.get(0).scored()) {
      double[] cos = new double[va.length];
      double[] gold = new double[va.length];
      for (int i = 0; i < va.length; i++) {
        cos[i] = dot(va[i], vb[i]);
        gold[i] = held.get(i).score();
      }
      return spearman(gold, cos);
    }
    double rr = 0;
    for (int i = 0; i < va.length; i++) {
      double own = dot(va[i], vb[i]);
      int better = 0;
      for (int j = 0; j < vb.length; j++) {
        if (j != i && dot(va[i], vb[j]) > own) {
          better++;
        }
      }
      rr += better < 10 ? 1.0 / (better + 1) : 0;
    }
    return rr / va.length;
  }

  private static double dot(float[] x, float[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += x[i] * y[i];
    }
    return s;
  }

  /** Spearman's rho: Pearson correlation of average ranks (ties share their mean rank). */
  static double spearman(double[] x, double[] y) {
    double[] rx = ranks(x);
    double[] ry = ranks(y);
    double mx = Arrays.stream(rx).average().orElse(0);
    double my = Arrays.stream(ry).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < rx.length; i++) {
      sxy += (rx[i] - mx) * (ry[i] - my);
      sxx += (rx[i] - mx) * (rx[i] - mx);
      syy += (ry[i] - my) * (ry[i] - my);
    }
    return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  }

  private static double[] ranks(double[] v) {
    Integer[] order = new Integer[v.length];
    for (int i = 0; i < v.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (p, q) -> Double.compare(v[p], v[q]));
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; ) {
      int j = i;
      while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double avg = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[order[k]] = avg;
      }
      i = j + 1;
    }
    return r;
  }
}

package dev.embedlab.staticemb.ko;

import dev.embedlab.data.PairDataset;
import dev.embedlab.data.PairDatasets;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import dev.embedlab.staticemb.TextTarget;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-lingual distillation targets: KorSTS is the STS Benchmark translated line for line (same genre,
 * file, year and id columns, checked here pair by pair), so each Korean sentence gets the vector that
 * the shipped all-MiniLM-L6-v2 (fp32, mean pooling, normalised) gives its English original
 * ({@link #teacher()}).
 *
 * <p>Teacher vectors are cached under {@code target/teacher-cache/} keyed by the SHA-256 of the English
 * sentences; the cache holds only vectors (no text) and is never shipped.
 */
final class TeacherTargets {
  private TeacherTargets() {}

  /**
   * Korean sentence → teacher vector of its English original, for one split ({@code train}, {@code dev}),
   * each distinct Korean sentence once (first occurrence), in file order.
   */
  static List<TextTarget> korStsFromEnglish(Path data, String split) throws IOException {
    PairDataset ko = PairDatasets.korSts(data.resolve("korsts/sts-" + split + ".tsv"));
    PairDataset en = PairDatasets.stsBenchmark(data.resolve("stsbenchmark/sts-" + split + ".csv"));
    if (ko.pairs().size() != en.pairs().size()) {
      throw new IllegalStateException("KorSTS " + split + " has " + ko.pairs().size() + " pairs, STS Benchmark "
          + en.pairs().size() + "; expected a line-for-line translation");
    }
    Map<String, String> koToEn = new LinkedHashMap<>();
    for (int i = 0; i < ko.pairs().size(); i++) {
      var k = ko.pairs().get(i);
      var e = en.pairs().get(i);
      if (Math.abs(k.score() - e.score()) > 1e-6) {
        throw new IllegalStateException("pair " + i + " of " + split + ": KorSTS score " + k.score()
            + " != STS Benchmark " + e.score() + "; the files are not aligned");
      }
      koToEn.putIfAbsent(k.a(), e.a());
      koToEn.putIfAbsent(k.b(), e.b());
    }
    List<String> english = new ArrayList<>(koToEn.values());
    float[][] vectors = embedCached(english);
    List<TextTarget> out = new ArrayList<>();
    int i = 0;
    for (String korean : koToEn.keySet()) {
      out.add(new TextTarget(korean, vectors[i++]));
    }
    return out;
  }

  /** Classpath folder of the committed Korean–English parallel files ({@code <set>.ko}, {@code <set>.en}). */
  static final String PARALLEL_BASE = "dev/embedlab/staticemb/ko/parallel/";

  /**
   * Korean line → teacher vector of the English line on the same line number, for the parallel sets
   * named (e.g. {@code news-dev}, {@code jhe-eval}; files under {@link #PARALLEL_BASE}, see SOURCE.md
   * there), in order; lines are trimmed, empty ones skipped, each Korean sentence kept once (first
   * occurrence) and none that {@code skip} holds.
   */
  static List<TextTarget> parallel(List<String> sets, java.util.Set<String> skip) throws IOException {
    Map<String, String> koToEn = new LinkedHashMap<>();
    for (String set : sets) {
      List<String> ko = resourceLines(set + ".ko");
      List<String> en = resourceLines(set + ".en");
      if (ko.size() != en.size()) {
        throw new IllegalStateException("parallel set " + set + ": expected as many English lines as Korean ones, got "
            + ko.size() + " Korean and " + en.size() + " English");
      }
      for (int i = 0; i < ko.size(); i++) {
        String k = ko.get(i).strip();
        String e = en.get(i).strip();
        if (!k.isEmpty() && !e.isEmpty() && !skip.contains(k)) {
          koToEn.putIfAbsent(k, e);
        }
      }
    }
    if (koToEn.isEmpty()) {
      return List.of();
    }
    float[][] vectors = embedCached(new ArrayList<>(koToEn.values()));
    List<TextTarget> out = new ArrayList<>();
    int i = 0;
    for (String korean : koToEn.keySet()) {
      out.add(new TextTarget(korean, vectors[i++]));
    }
    return out;
  }

  private static List<String> resourceLines(String name) throws IOException {
    try (var in = TeacherTargets.class.getClassLoader().getResourceAsStream(PARALLEL_BASE + name)) {
      if (in == null) {
        throw new IllegalArgumentException("parallel file " + PARALLEL_BASE + name
            + " not on the test classpath; expected one of news-dev, news-test, jhe-dev, jhe-eval, nk-dev, nk-test");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  /**
   * The targets minus their mean vector (accumulated in double, in order): the direction every
   * sentence of the teacher shares carries no meaning, so the student spends its rows on the rest.
   */
  static List<TextTarget> centered(List<TextTarget> targets) {
    int dim = targets.get(0).target().length;
    double[] mean = new double[dim];
    for (TextTarget t : targets) {
      for (int j = 0; j < dim; j++) {
        mean[j] += t.target()[j];
      }
    }
    List<TextTarget> out = new ArrayList<>();
    for (TextTarget t : targets) {
      float[] v = new float[dim];
      for (int j = 0; j < dim; j++) {
        v[j] = (float) (t.target()[j] - mean[j] / targets.size());
      }
      out.add(new TextTarget(t.text(), v));
    }
    return out;
  }

  /**
   * The distillation teacher: all-MiniLM-L6-v2, or with {@code -Dko.teacher=bge-small-en-v1.5} (experiments
   * only) bge-small-en-v1.5, fp32, documents with no instruction as MTEB ran STS. bge raised KorSTS dev
   * (0.7790 against 0.7700) but lowered every evaluation set; see MODEL_CARD.md.
   */
  static KnownModel teacher() {
    String id = System.getProperty("ko.teacher", KnownModel.ALL_MINILM_L6_V2.id());
    for (KnownModel m : List.of(KnownModel.ALL_MINILM_L6_V2, KnownModel.BGE_SMALL_EN_V15)) {
      if (m.id().equals(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException("ko.teacher: expected all-minilm-l6-v2 or bge-small-en-v1.5, got '" + id + "'");
  }

  /** The teacher's vectors of {@code texts}, from the cache when it holds them. */
  static float[][] embedCached(List<String> texts) throws IOException {
    KnownModel model = teacher();
    String key = sha256(String.join("\n", texts).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    Path file = Path.of("target/teacher-cache/" + model.id() + "-" + key + ".f32");
    if (Files.isRegularFile(file)) {
      try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
        int n = in.readInt();
        int dim = in.readInt();
        if (n == texts.size()) {
          float[][] v = new float[n][dim];
          for (float[] row : v) {
            for (int j = 0; j < dim; j++) {
              row[j] = in.readFloat();
            }
          }
          return v;
        }
      }
    }
    float[][] v;
    long t0 = System.nanoTime();
    try (OnnxEmbedder teacher = OnnxEmbedder.builder(model).intraOpThreads(2).build()) {
      v = teacher.embed(texts);
    }
    System.out.printf("teacher %s embedded %d sentences in %.1f s%n", model.id(), texts.size(),
        (System.nanoTime() - t0) / 1e9);
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream os = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os))) {
      out.writeInt(v.length);
      out.writeInt(v[0].length);
      for (float[] row : v) {
        for (float x : row) {
          out.writeFloat(x);
        }
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return v;
  }

  /** SHA-256 of all target vectors (big-endian floats, in order), printed so a differing teacher run shows. */
  static String fingerprint(List<TextTarget> targets) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * targets.get(0).target().length);
    MessageDigest md = digest();
    for (TextTarget t : targets) {
      b.clear();
      b.asFloatBuffer().put(t.target());
      md.update(b.array());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.embedlab.core.Embedder;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.eval.metrics.Measure;
import dev.embedlab.eval.stats.PairedComparison;
import dev.embedlab.examples.readme.Evaluate;
import dev.embedlab.examples.readme.Quickstart;
import dev.embedlab.examples.readme.TextRules;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block of the README is a tagged region of a compiled source under
 * {@code examples/src/main/java/dev/embedlab/examples/readme/}, byte for byte after the common
 * indentation is removed, and each of those snippet classes runs.
 *
 * <p>A README Java block must sit right under {@code <!-- snippet: <path>#<tag> -->}. Edit the
 * source, then copy its region into the README (the failure message shows the expected text).
 */
class ReadmeSnippetsTest {
  private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#([\\w-]+) -->");
  private static final String SNIPPETS = "examples/src/main/java/dev/embedlab/examples/readme/";

  @Test
  void everyReadmeJavaBlockIsTheTaggedRegionOfACompiledSource() throws IOException {
    List<RepoFiles.Block> java = RepoFiles.fencedBlocks(RepoFiles.read("README.md")).stream()
        .filter(b -> b.language().equals("java")).toList();
    assertTrue(java.size() >= 3, "README has the quickstart, evaluation and rules blocks; found " + java.size());
    Set<String> shown = new HashSet<>();
    for (RepoFiles.Block b : java) {
      Matcher m = b.marker() == null ? null : MARKER.matcher(b.marker());
      if (m == null || !m.matches()) {
        fail("README.md:" + b.line() + ": a ```java block must sit right under <!-- snippet: "
            + SNIPPETS + "<File>.java#<tag> -->; found " + b.marker());
      }
      String region = RepoFiles.taggedRegion(RepoFiles.read(m.group(1)), m.group(2), m.group(1));
      assertEquals(region, b.body(), "README.md:" + b.line() + " differs from " + m.group(1) + "#" + m.group(2));
      shown.add(m.group(1) + "#" + m.group(2));
    }
    // And no snippet source drifts away unseen: each of its regions is shown in the README.
    try (Stream<Path> files = Files.list(RepoFiles.root().resolve(SNIPPETS))) {
      for (Path f : files.sorted().toList()) {
        String rel = SNIPPETS + f.getFileName();
        for (String tag : RepoFiles.tags(Files.readString(f))) {
          assertTrue(shown.contains(rel + "#" + tag), rel + "#" + tag + " is not shown in README.md");
        }
      }
    }
  }

  @Test
  void quickstartPrintsTheCatSentenceFirstAndTheUsage() {
    String out = captureStdout(() -> Quickstart.main(new String[0]));
    String[] lines = out.strip().split("\\R");
    assertEquals(3, lines.length, out);
    assertTrue(lines[0].endsWith("The cat sits on the mat."), out);
    assertTrue(lines[1].endsWith("Stocks fell on Monday."), out);
    double cat = Double.parseDouble(lines[0].substring(0, lines[0].indexOf(' ')));
    double stocks = Double.parseDouble(lines[1].substring(0, lines[1].indexOf(' ')));
    assertTrue(cat > stocks + 0.2, "the cat sentence is far closer to 'Where is the cat?'; " + out);
    assertTrue(lines[2].startsWith("Usage[texts=3,"), out);
  }

  @Test
  void evaluationSnippetComparesTwoModelsOnTheBundledDemoSet(@TempDir Path dir) throws IOException {
    Path folder = dir.resolve("demo");
    for (String f : List.of("corpus.jsonl", "queries.jsonl", "qrels/test.tsv")) {
      try (InputStream in = Quickstart.class.getResourceAsStream("/demo/" + f)) {
        assertNotNull(in, "demo resource /demo/" + f);
        Files.createDirectories(folder.resolve(f).getParent());
        Files.copy(in, folder.resolve(f));
      }
    }
    checkComparison(folder, 31, KnownModel.ALL_MINILM_L6_V2_Q, KnownModel.BGE_SMALL_EN_V15_Q, true);
  }

  /**
   * The same snippet on real data: a slice of SciFact test (10 queries, the abstracts they judge and
   * others up to 40) and the two 6-layer models, so it runs in seconds rather than the many minutes
   * the full corpus takes.
   */
  @Test
  void evaluationSnippetRunsOnASliceOfSciFact(@TempDir Path dir) throws IOException {
    Path scifact = Path.of(System.getProperty("embedlab.shared", "../../shared"), "data", "scifact");
    Assumptions.assumeTrue(Files.isDirectory(scifact), "SciFact absent at " + scifact.toAbsolutePath());
    RetrievalDataset full = BeirDatasets.load(scifact, "test");
    Path folder = dir.resolve("scifact-slice");
    Files.createDirectories(folder.resolve("qrels"));
    Set<String> keepQueries = new LinkedHashSet<>();
    Set<String> keepDocs = new LinkedHashSet<>();
    try (BufferedWriter q = Files.newBufferedWriter(folder.resolve("qrels/test.tsv"))) {
      q.write("query-id\tcorpus-id\tscore\n");
      for (var query : full.queries().subList(0, 10)) {
        keepQueries.add(query.id());
        for (var e : full.qrels().judged(query.id()).entrySet()) {
          keepDocs.add(e.getKey());
          q.write(query.id() + "\t" + e.getKey() + "\t" + e.getValue() + "\n");
        }
      }
    }
    for (var d : full.corpus()) {
      if (keepDocs.size() >= 40) {
        break;
      }
      keepDocs.add(d.id());
    }
    List<String> corpus = new ArrayList<>();
    for (var d : full.corpus()) {
      if (keepDocs.contains(d.id())) {
        corpus.add(json("_id", d.id(), "title", d.title(), "text", d.text()));
      }
    }
    Files.write(folder.resolve("corpus.jsonl"), corpus);
    Files.write(folder.resolve("queries.jsonl"), full.queries().stream()
        .filter(x -> keepQueries.contains(x.id())).map(x -> json("_id", x.id(), "text", x.text())).toList());
    checkComparison(folder, 10, KnownModel.ALL_MINILM_L6_V2_Q, KnownModel.ALL_MINILM_L6_V2, false);
  }

  private static void checkComparison(Path folder, int queries, KnownModel modelA, KnownModel modelB,
      boolean recheckA) throws IOException {
    try (OnnxEmbedder a = OnnxEmbedder.builder(modelA).build();
        OnnxEmbedder b = OnnxEmbedder.builder(modelB).build()) {
      PairedComparison.Summary s = Evaluate.compareOn(folder, a, b);
      assertEquals(queries, s.n());
      if (recheckA) {
        double ndcgA = Evaluate.evaluateOn(a, BeirDatasets.load(folder, "test")).mean(Measure.ndcg(10));
        assertEquals(ndcgA, s.meanA(), 1e-12, "summary mean A is model A's nDCG@10");
      }
      assertTrue(s.meanA() > 0.4 && s.meanB() > 0.4, "both models far above a random ranking; " + s);
      assertEquals(s.meanA() - s.meanB(), s.meanDifference(), 1e-12);
      assertTrue(s.ci().lower() <= s.meanDifference() && s.meanDifference() <= s.ci().upper(), s.toString());
      assertTrue(s.pValue() > 0 && s.pValue() <= 1, s.toString());
    }
  }

  @Test
  void rulesSnippetPreprocessesBeforeEmbeddingAndEnsembles(@TempDir Path dir) throws IOException {
    Path rules = dir.resolve("ko-commerce.rules");
    try (InputStream in = Quickstart.class.getResourceAsStream("/embedlab/rules/ko-commerce.rules")) {
      assertNotNull(in, "bundled rule file");
      Files.copy(in, rules);
    }
    RecordingEmbedder model = new RecordingEmbedder("m", 1f);
    RecordingEmbedder bge = new RecordingEmbedder("bge", 1f);
    RecordingEmbedder e5 = new RecordingEmbedder("e5", -1f);
    Embedder[] wired = TextRules.wire(rules, model, bge, e5);
    Embedder e = wired[0];
    assertTrue(e.id().startsWith("m+"), e.id());
    e.embed(List.of("갤럭시  S23 케이스 3만원"));
    assertEquals(List.of("Galaxy S23 case 30000원"), model.seen, "the rule file ran before the model");
    float[] both = wired[1].embed(List.of("x"))[0];
    assertEquals(wired[1].dimension(), both.length, "ensemble returns one vector of its dimension");
    assertFalse(bge.seen.isEmpty() || e5.seen.isEmpty(), "ensemble asks both parts");
  }

  /** A two-dimensional embedder that records what it was asked to embed. */
  private static final class RecordingEmbedder implements Embedder {
    final String id;
    final float sign;
    final List<String> seen = new ArrayList<>();

    RecordingEmbedder(String id, float sign) {
      this.id = id;
      this.sign = sign;
    }

    @Override
    public float[][] embed(List<String> texts, Role role) {
      seen.addAll(texts);
      float[][] v = new float[texts.size()][];
      for (int i = 0; i < v.length; i++) {
        v[i] = new float[] {0.6f, 0.8f * sign};
      }
      return v;
    }

    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public String id() {
      return id;
    }
  }

  static String captureStdout(Runnable r) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  private static String json(String... kv) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < kv.length; i += 2) {
      sb.append(i == 0 ? "" : ", ").append(quote(kv[i])).append(": ").append(quote(kv[i + 1]));
    }
    return sb.append('}').toString();
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}

package dev.embedlab.models.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped MTEB extract: its source is pinned, scores equal the values in the results repository's
 * files (read by hand with {@code git show <commit>:<path>}), and the extractor regenerates it byte for
 * byte when a copy of the results repository is at hand.
 */
class MtebExtractTest {
  static final String COMMIT = "f4cc6c8b365a3c779dbc708d6affe0b0355b2ddf";
  private static final double EXACT = 0.0;

  @Test
  void sourceIsThePinnedCommitUnderCc0() {
    MtebExtract x = MtebExtract.load();
    assertEquals("https://github.com/embeddings-benchmark/results", x.source().repository());
    assertEquals(COMMIT, x.source().commit());
    assertEquals("CC0-1.0", x.source().licence());
    assertTrue(x.source().command().contains("tools/mteb_extract.py") && x.source().command().contains(COMMIT),
        x.source().command());
  }

  /** Each value as printed in the file named, at COMMIT. */
  @Test
  void scoresEqualTheRepositoryFiles() {
    MtebExtract x = MtebExtract.load();
    // results/sentence-transformers__paraphrase-multilingual-MiniLM-L12-v2/bf3bf13a.../AutoRAGRetrieval.json
    assertEquals(0.42296, score(x, "sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2", "AutoRAGRetrieval"),
        EXACT);
    // results/intfloat__multilingual-e5-small/fd1525a9.../AutoRAGRetrieval.json (mteb 2.12.30)
    assertEquals(0.80068, score(x, "intfloat/multilingual-e5-small", "AutoRAGRetrieval"), EXACT);
    // results/nlpai-lab__KURE-v1/d14c8a94.../AutoRAGRetrieval.json
    assertEquals(0.87076, score(x, "nlpai-lab/KURE-v1", "AutoRAGRetrieval"), EXACT);
    // the dev split's "ko" subset of results/intfloat__multilingual-e5-small/fd1525a9.../MIRACLRetrieval.json
    assertEquals(0.61238, score(x, "intfloat/multilingual-e5-small", "MIRACLRetrieval"), EXACT);
    // the test split (not train) of results/BAAI__bge-small-en-v1.5/5c38ec7c.../SciFact.json
    assertEquals(0.71273, score(x, "BAAI/bge-small-en-v1.5", "SciFact"), EXACT);
    assertEquals(0.8203247283076371, score(x, "sentence-transformers/all-MiniLM-L6-v2", "STSBenchmark"), EXACT);
    // pre-1.11 format: test.cos_sim.spearman of results/openai__text-embedding-ada-002/no_revision_available/STSBenchmark.json
    assertEquals(0.8316780387096034, score(x, "openai/text-embedding-ada-002", "STSBenchmark"), EXACT);
  }

  @Test
  void metadataAndProvenanceOfAScore() {
    MtebExtract x = MtebExtract.load();
    PublishedModel e5 = x.model("intfloat/multilingual-e5-small").orElseThrow();
    assertEquals(118_000_000L, e5.params());
    assertEquals(384, e5.dim());
    assertEquals(Boolean.TRUE, e5.openWeights());
    assertTrue(e5.trainedOn().contains("MIRACLRetrieval"), "model_meta lists MIRACL among its training data");
    assertEquals("results/intfloat__multilingual-e5-small/fd1525a9fd15316a2d503bf26ab031a61d056e98/AutoRAGRetrieval.json",
        e5.resultPath("AutoRAGRetrieval").orElseThrow());
    assertEquals("results/intfloat__multilingual-e5-small/e4ce9877abf3edfe10b0d82785e83bdcb973e22e/KorSTS.json",
        e5.resultPath("KorSTS").orElseThrow(), "a score from another revision folder names that folder");
    assertEquals(384, x.model("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2").orElseThrow().dim(),
        "model_meta's 768 is corrected to config.json's hidden size");
    assertEquals(Boolean.FALSE, x.model("Cohere/Cohere-embed-multilingual-v3.0").orElseThrow().openWeights());
    assertEquals(List.of("en", "ko"), x.languages());
    assertEquals(List.of("retrieval", "sts"), x.types("ko"));
    assertTrue(x.notFound().stream().anyMatch(s -> s.startsWith("sentence-transformers/multi-qa-mpnet-base-dot-v1")),
        x.notFound().toString());
  }

  @Test
  void malformedExtractsNameTheOriginAndField() {
    IOException missing = assertThrows(IOException.class, () -> read("{\"header\":{\"source\":\"s\",\"commit\":\"c\","
        + "\"licence\":\"l\",\"command\":\"x\"},\"models\":[]}"));
    assertTrue(missing.getMessage().contains("test.json") && missing.getMessage().contains("\"tasks\""),
        missing.getMessage());
    IOException badScore = assertThrows(IOException.class, () -> read("{\"header\":{\"source\":\"s\",\"commit\":\"c\","
        + "\"licence\":\"l\",\"command\":\"x\"},\"tasks\":[{\"name\":\"T\",\"language\":\"ko\",\"type\":\"sts\","
        + "\"split\":\"test\",\"subset\":\"default\",\"metric\":\"m\"}],\"models\":[{\"name\":\"a/b\",\"revision\":\"1\","
        + "\"scores\":{\"T\":\"high\"}}]}"));
    assertTrue(badScore.getMessage().contains("models[0] scores.T"), badScore.getMessage());
    IOException unknownTask = assertThrows(IOException.class, () -> read("{\"header\":{\"source\":\"s\",\"commit\":\"c\","
        + "\"licence\":\"l\",\"command\":\"x\"},\"tasks\":[],\"models\":[{\"name\":\"a/b\",\"revision\":\"1\","
        + "\"scores\":{\"T\":0.5}}]}"));
    assertTrue(unknownTask.getMessage().contains("a/b has a score on T"), unknownTask.getMessage());
  }

  /**
   * Runs tools/mteb_extract.py on a copy of the results repository named by the system property
   * {@code embedlab.mteb.results} or the environment variable {@code MTEB_RESULTS_REPO} (a git clone or
   * mirror holding commit {@value #COMMIT}) and compares its output with the shipped resource byte for byte.
   */
  @Test
  void extractorRegeneratesTheShippedExtract(@TempDir Path tmp) throws Exception {
    String repo = System.getProperty("embedlab.mteb.results", System.getenv("MTEB_RESULTS_REPO"));
    Assumptions.assumeTrue(repo != null && Files.isDirectory(Path.of(repo)),
        "no copy of embeddings-benchmark/results (set MTEB_RESULTS_REPO); skipping the regeneration check");
    Path script = Path.of(System.getProperty("user.dir")).resolve("../tools/mteb_extract.py").normalize();
    Assumptions.assumeTrue(Files.isRegularFile(script), "missing " + script + "; skipping");
    Path out = tmp.resolve("extract.json");
    Process p = new ProcessBuilder("python3", script.toString(), "--repo", repo, "--commit", COMMIT, "--out",
        out.toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "extractor did not finish in 120 s");
    assertEquals(0, p.exitValue(), log);
    byte[] shipped;
    try (InputStream in = MtebExtract.class.getResourceAsStream(MtebExtract.RESOURCE)) {
      shipped = in.readAllBytes();
    }
    assertArrayEquals(shipped, Files.readAllBytes(out), "regenerated extract differs from " + MtebExtract.RESOURCE);
  }

  private static double score(MtebExtract x, String model, String task) {
    PublishedModel m = x.model(model).orElseThrow(() -> new AssertionError(model + " not in the extract"));
    assertFalse(m.score(task).isEmpty(), model + " has no " + task);
    return m.score(task).getAsDouble();
  }

  private static MtebExtract read(String json) throws IOException {
    return MtebExtract.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
  }
}

package dev.embedlab.models.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code advise} entry point on the shipped extract: the Korean retrieval text, filters, exit codes. */
class AdviseCommandTest {
  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AdviseCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void koreanRetrievalShowsTheAutoRagFactWithItsSource() {
    Result r = run("--language", "ko", "--task", "retrieval");
    assertEquals(0, r.code(), r.err());
    String o = r.out();
    assertTrue(o.startsWith("Korean retrieval: MTEB scores -- published, not measured here.\n"), o);
    assertTrue(o.contains("Source: https://github.com/embeddings-benchmark/results (CC0-1.0),\n        commit "
        + MtebExtractTest.COMMIT + "\n"), o);
    assertTrue(o.contains("   1 AutoRAGRetrieval (ndcg_at_10, test, default)\n"), o);
    // ranks 9 and 13 in the table; task 1 = AutoRAGRetrieval in the per-task rows
    assertTrue(o.contains("\n  9 hf:intfloat/multilingual-e5-small "), o);
    assertTrue(o.contains("\n...  (common picks ranked lower)\n 13 hf:sentence-transformers/"
        + "paraphrase-multilingual-MiniLM-L12-v2 "), o);
    assertTrue(o.contains("\n  #9  0.801  0.752 "), o);
    assertTrue(o.contains("\n #13  0.423  0.459 "), o);
    assertTrue(o.contains("  paraphrase-multilingual-MiniLM-L12-v2 (#13, 118M params): the source guide's Korean pick\n"
        + "    #7 multilingual-e5-small-ko-v2 (118M) wins 7 of 7 shared tasks against it;\n"
        + "      widest gap: AutoRAGRetrieval 0.850 vs 0.423, in\n"), o);
    assertTrue(o.contains("results/sentence-transformers__paraphrase-multilingual-MiniLM-L12-v2/"
        + "bf3bf13ab40c3157080a7ab344c831b9ad18b5eb/AutoRAGRetrieval.json"), o);
    assertTrue(o.contains("  1 hf:nlpai-lab/KURE-v1 "), o);
    assertTrue(o.contains("embedlab bakeoff --beir YOUR_BEIR_FOLDER --models hf:nlpai-lab/KURE-v1,"), o);
    for (String l : o.split("\n")) {
      boolean path = l.startsWith("      results/") || l.contains(" --models ");
      assertTrue(path || l.length() <= 100, "wider than 100 columns: " + l);
    }
  }

  @Test
  void filtersAndTopShapeTheTable() {
    Result r = run("--language", "ko", "--task", "retrieval", "--max-params", "150M", "--open-weights-only",
        "--top", "2", "--bakeoff-command", "bakeoff --beir data/ko --models");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Filters: params <= 150M, open weights only"), r.out());
    assertTrue(r.out().contains("  1 hf:dragonkue/multilingual-e5-small-ko-v2 "), r.out());
    assertTrue(r.out().contains("  2 hf:intfloat/multilingual-e5-small "), r.out());
    assertTrue(!r.out().contains("  3 hf:"), "--top 2 shows two ranked rows");
    assertTrue(r.out().contains("  weights not public: text-embedding-3-small,"), r.out());
    assertTrue(r.out().contains("  bakeoff --beir data/ko --models hf:dragonkue/multilingual-e5-small-ko-v2,"), r.out());
  }

  @Test
  void mistakesExitTwoAndSayWhatExists() {
    Result lang = run("--language", "fr", "--task", "retrieval");
    assertEquals(2, lang.code());
    assertEquals(List.of("advise: unknown language \"fr\"; the extract has en, ko", AdviseCommand.USAGE),
        List.of(lang.err().split("\\R")));
    Result type = run("--language", "ko", "--task", "clustering");
    assertEquals(2, type.code());
    assertTrue(type.err().startsWith("advise: unknown task type \"clustering\" for language ko; it has retrieval, sts"),
        type.err());
    Result params = run("--language", "ko", "--task", "sts", "--max-params", "lots");
    assertEquals(2, params.code());
    assertTrue(params.err().contains("--max-params: expected a positive number such as 300M, 1.5B or 768; got \"lots\""),
        params.err());
    assertEquals(2, run("--language", "ko").code());
    assertEquals(2, run("--language", "ko", "--task", "sts", "--top", "0").code());
    assertEquals(2, run("--language", "ko", "--task", "sts", "--bogus").code());
  }

  @Test
  void countsAcceptSuffixes() {
    assertEquals(300_000_000L, AdviseCommand.parseCount("300M", "--max-params"));
    assertEquals(1_500_000_000L, AdviseCommand.parseCount("1.5b", "--max-params"));
    assertEquals(768L, AdviseCommand.parseCount("768", "--max-dim"));
  }
}

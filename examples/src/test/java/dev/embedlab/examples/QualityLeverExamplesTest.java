package dev.embedlab.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.text.TextPreprocessor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke tests of the quality-lever examples (PreprocessingDemo, EnsembleSearch, HybridSearch). */
class QualityLeverExamplesTest {

  private static String captureMain(ThrowingMain main) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      main.run();
    } finally {
      System.setOut(old);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    return out;
  }

  interface ThrowingMain {
    void run() throws Exception;
  }

  @Test
  void shippedRuleFilesParseAndRewriteTheSeedExamples() throws Exception {
    TextPreprocessor commerce = PreprocessingDemo.resourceRules("ko-commerce.rules");
    assertEquals("Galaxy S23 case 10000원", commerce.apply("갤럭시 S23 케이스 10k원"));
    assertEquals("35000원", commerce.apply("3만 5천원"));
    TextPreprocessor generic = PreprocessingDemo.resourceRules("generic-ko.rules");
    assertEquals("nfkc > whitespace > units-v1", generic.description());
  }

  @Test
  void preprocessingDemoRunsOnTheBundledToySet(@TempDir Path cache) throws Exception {
    String out = captureMain(() -> PreprocessingDemo.main(new String[] {"dataset=demo", "cache=" + cache}));
    assertTrue(out.contains("the chain changes 0 of 12 documents and 12 of 12 queries"), out);
    assertTrue(out.contains("all-minilm-l6-v2-q + rules"), out);
  }

  @Test
  void dataExamplesSkipWithAReasonWithoutSharedData(@TempDir Path empty) throws Exception {
    String shared = "shared=" + empty;
    assertTrue(captureMain(() -> EnsembleSearch.main(new String[] {shared})).contains("SciFact not found"));
    assertTrue(captureMain(() -> HybridSearch.main(new String[] {shared})).contains("SciFact not found"));
    assertTrue(captureMain(() -> HybridSearch.main(new String[] {shared, "dataset=korquad"}))
        .contains("KorQuAD not found"));
  }
}

package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.embedlab.core.retrieval.Provenance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: {@link OnnxEmbedder#provenance()} is the primary description, built from typed fields,
 * and {@link OnnxEmbedder#fingerprint()} is derived from it, byte for byte the string earlier
 * versions wrote (so on-disk caches keyed by it keep their vectors).
 */
class OnnxEmbedderProvenanceTest {
  @TempDir static Path dir;
  static Path model;
  static Path tokenizer;

  @BeforeAll
  static void files() throws IOException {
    model = TinyOnnx.write(dir.resolve("tiny.onnx"), OnnxEmbedder.HIDDEN_STATE_OUTPUT, true);
    tokenizer = dir.resolve("tokenizer.json");
    TinyCrossEncoder.copyTokenizer(tokenizer);
  }

  private static String hex16(String s) {
    return ModelFiles.sha256Hex(s).substring(0, 16);
  }

  @Test
  void provenanceIsTypedAndTheFingerprintIsTheEarlierStringDerivedFromIt() {
    try (OnnxEmbedder e = OnnxEmbedder.builder(model, tokenizer).maxLength(128).queryPrefix("query: ")
        .id("tiny").intraOpThreads(1).build()) {
      Provenance p = e.provenance();
      Map<String, ?> params = p.params();
      assertEquals("onnx-embedder", p.kind());
      assertEquals("tiny", String.valueOf(params.get("id")));
      assertEquals("sha256:" + ModelFiles.fileSha256(model), String.valueOf(params.get("model")));
      assertEquals("sha256:" + ModelFiles.fileSha256(tokenizer), String.valueOf(params.get("tokenizer")));
      assertEquals("128", String.valueOf(params.get("maxLength")));
      assertEquals("builder maxLength(128)", String.valueOf(params.get("maxLengthSource")));
      assertEquals("1", String.valueOf(params.get("dim")));
      assertEquals("MEAN", String.valueOf(params.get("pooling")));
      assertEquals("true", String.valueOf(params.get("normalize")));
      assertEquals("false", String.valueOf(params.get("dynamicInt8")));
      // The formula of the previous release, written out by hand.
      String legacy = "onnx-st/v1;model=sha256:" + ModelFiles.fileSha256(model) + ";tokenizer=sha256:"
          + ModelFiles.fileSha256(tokenizer) + ";pooling=MEAN;normalize=true;maxLength=128;queryPrefix="
          + hex16("query: ") + ";documentPrefix=" + hex16("") + ";dim=1";
      assertEquals(legacy, e.fingerprint());
      assertFalse(e.fingerprint().contains("tiny"), "the id does not change vectors");
    }
  }

  @Test
  void theFingerprintFollowsWhatChangesVectorsOnly() {
    String base;
    try (OnnxEmbedder e = OnnxEmbedder.builder(model, tokenizer).id("a").intraOpThreads(1).build()) {
      base = e.fingerprint();
    }
    try (OnnxEmbedder renamed = OnnxEmbedder.builder(model, tokenizer).id("b").tokenBudget(7).intraOpThreads(1).build();
        OnnxEmbedder shorter = OnnxEmbedder.builder(model, tokenizer).maxLength(64).intraOpThreads(1).build();
        OnnxEmbedder cls = OnnxEmbedder.builder(model, tokenizer).pooling(Pooling.CLS).intraOpThreads(1).build()) {
      assertEquals(base, renamed.fingerprint(), "id and token budget do not change vectors");
      assertNotEquals(base, shorter.fingerprint());
      assertNotEquals(base, cls.fingerprint());
      assertNotEquals(renamed.provenance(), shorter.provenance());
    }
  }
}

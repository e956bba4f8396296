package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes a user can make when wiring a model fail at load, not on the first unlucky text. */
class LoadTimeChecksTest {

  @TempDir
  Path dir;

  @Test
  void aTokenizerFromAnotherModelIsRefusedAtLoad() throws IOException {
    Path folder = TinyXlmR.writeFolder(dir.resolve("xlmr"), false, false);
    Path model;
    try (var s = Files.list(folder)) {
      model = s.filter(p -> p.toString().endsWith(".onnx")).findFirst().orElseThrow();
    }
    Path bertTokenizer = dir.resolve("bert-tokenizer.json");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      Files.copy(in, bertTokenizer);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxEmbedder.builder(model, bertTokenizer).expectedDimension(0).build());
    assertTrue(e.getMessage().startsWith("tokenizer " + bertTokenizer + " emits ids up to 30521, but model "
        + model + " fails on id 30521"), e.getMessage());
    // Its own tokenizer loads and embeds.
    try (OnnxEmbedder ok = OnnxEmbedder.builder(model, folder.resolve("tokenizer.json")).expectedDimension(0).build()) {
      assertEquals(1, ok.embed(List.of("서울")).length);
    }
  }

  @Test
  void unknownSessionConfigKeysAreRefusedWithASuggestion() {
    OnnxEmbedder.Builder b = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> b.sessionConfig("session.intra_op.allow_spining", "0"));
    assertTrue(e.getMessage().contains("unknown ONNX Runtime session config key 'session.intra_op.allow_spining'")
        && e.getMessage().contains("did you mean session.intra_op.allow_spinning"), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> b.sessionConfig("no.such.key", "1"))
        .getMessage().contains("sessionConfigUnchecked"));
    b.sessionConfig("session.set_denormal_as_zero", "1");
    b.sessionConfig("ep.cuda.use_arena", "1"); // execution-provider keys pass by prefix
    b.sessionConfigUnchecked("session.some_future_key", "1");
  }
}

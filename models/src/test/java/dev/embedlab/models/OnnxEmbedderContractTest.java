package dev.embedlab.models;

import dev.embedlab.core.Embedder;
import dev.embedlab.testing.BaseEmbedderTestCase;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link Embedder} contract on {@link OnnxEmbedder}, over the tiny hand-made graph
 * ({@link TinyOnnx}: a token's hidden state is its id) with the real all-MiniLM tokenizer, so a
 * vector is the mean token id of the text: fast, and distinct per text. A query prefix makes the
 * roles differ.
 */
class OnnxEmbedderContractTest extends BaseEmbedderTestCase {
  @TempDir static Path dir;
  static Path model;
  static Path tokenizer;

  @BeforeAll
  static void files() throws IOException {
    model = TinyOnnx.write(dir.resolve("tiny.onnx"), OnnxEmbedder.HIDDEN_STATE_OUTPUT, true);
    tokenizer = dir.resolve("tokenizer.json");
    TinyCrossEncoder.copyTokenizer(tokenizer);
  }

  @Override
  protected Embedder newEmbedder() {
    return OnnxEmbedder.builder(model, tokenizer).normalize(false).queryPrefix("query: ").intraOpThreads(1)
        .tokenBudget(16).build();
  }

  @Override
  protected boolean rolesDiffer() {
    return true;
  }
}

package dev.embedlab.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.text.LowercaseRule;
import dev.embedlab.core.text.NfkcRule;
import dev.embedlab.core.text.PreprocessingEmbedder;
import dev.embedlab.core.text.TextPreprocessor;
import dev.embedlab.core.text.WhitespaceRule;
import org.junit.jupiter.api.Test;

/**
 * The {@link Embedder} contract on {@link PreprocessingEmbedder} (core) owning a counting fixture
 * model. Here rather than in core: core's tests cannot depend on this module.
 */
class PreprocessingEmbedderContractTest extends BaseEmbedderTestCase {
  private CountingTestEmbedder model;

  @Override
  protected Embedder newEmbedder() {
    model = new CountingTestEmbedder("model", 16, 3);
    return PreprocessingEmbedder.owning(model,
        TextPreprocessor.of(NfkcRule.INSTANCE, WhitespaceRule.INSTANCE, LowercaseRule.INSTANCE));
  }

  @Override
  protected java.util.Optional<Long> modelTexts(Embedder e) {
    return java.util.Optional.of(model.usage().texts());
  }

  @Test
  void closingTheOwnerClosesTheModel() throws Exception {
    Embedder e = newEmbedder();
    e.close();
    assertTrue(model.isClosed());
  }
}

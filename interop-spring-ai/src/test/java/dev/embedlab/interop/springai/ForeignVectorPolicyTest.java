package dev.embedlab.interop.springai;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/** The Spring AI adapters refuse a foreign model's non-finite vectors and a null request with clear errors. */
class ForeignVectorPolicyTest {
  static EmbeddingModel returning(float bad) {
    return new EmbeddingModel() {
      @Override
      public EmbeddingResponse call(EmbeddingRequest request) {
        List<Embedding> out = new ArrayList<>();
        for (int i = 0; i < request.getInstructions().size(); i++) {
          out.add(new Embedding(new float[] {0.5f, i == 1 ? bad : 0.5f}, i));
        }
        return new EmbeddingResponse(out);
      }

      @Override
      public float[] embed(Document document) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Test
  void nanInfinityAndHugeVectorsFromAForeignModelAreRefused() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, 3e38f}) {
      SpringAiEmbedder e = SpringAiEmbedder.of(returning(bad), "foreign", 2, "", "", null);
      IllegalStateException x = assertThrows(IllegalStateException.class,
          () -> e.embed(List.of("a", "b"), Embedder.Role.DOCUMENT), "value " + bad);
      assertTrue(x.getMessage().startsWith("foreign returned a vector outside the vector policy for texts[1]"),
          x.getMessage());
    }
  }

  @Test
  void callWithANullRequestIsAClearError() {
    Embedder any = new Embedder() {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        return new float[texts.size()][2];
      }

      @Override public int dimension() { return 2; }
      @Override public String id() { return "zeros"; }
    };
    IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
        () -> EmbedlabSpringEmbeddingModel.documents(any).call(null));
    assertTrue(x.getMessage().startsWith("request must hold a list of texts"), x.getMessage());
  }
}

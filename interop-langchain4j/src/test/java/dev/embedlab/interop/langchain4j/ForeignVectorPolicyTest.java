package dev.embedlab.interop.langchain4j;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A foreign LangChain4j model's NaN, infinity or huge vector stops at the adapter (the library's vector policy). */
class ForeignVectorPolicyTest {
  /** Returns {@code bad} at component 1 of the second text's vector. */
  static EmbeddingModel returning(float bad) {
    return new EmbeddingModel() {
      @Override
      public Response<List<Embedding>> embedAll(List<TextSegment> segs) {
        List<Embedding> out = new ArrayList<>();
        for (int i = 0; i < segs.size(); i++) {
          out.add(Embedding.from(new float[] {0.5f, i == 1 ? bad : 0.5f, 0.5f}));
        }
        return Response.from(out);
      }

      @Override
      public int dimension() {
        return 3;
      }
    };
  }

  @Test
  void nanInfinityAndHugeVectorsFromAForeignModelAreRefusedNamingTextAndComponent() {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e38f}) {
      LangChain4jEmbedder e = LangChain4jEmbedder.builder(returning(bad)).dimension(3).build();
      IllegalStateException x = assertThrows(IllegalStateException.class,
          () -> e.embed(List.of("a", "b", "c"), Embedder.Role.DOCUMENT), "value " + bad);
      assertTrue(x.getMessage().contains("for texts[1]") && (x.getMessage().contains("vector[1] must be finite")
          || x.getMessage().contains("L2 norm")), x.getMessage());
    }
  }
}

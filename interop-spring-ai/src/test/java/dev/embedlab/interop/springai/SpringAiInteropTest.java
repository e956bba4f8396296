package dev.embedlab.interop.springai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.UsageReporting;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.EmbeddingResponseMetadata;

class SpringAiInteropTest {

  /** A Spring AI model: vector = (length, first char); returns results in reverse order with their indexes. */
  static final class Reversing implements EmbeddingModel {
    final List<String> seen = new ArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public EmbeddingResponse call(EmbeddingRequest request) {
      calls.incrementAndGet();
      List<Embedding> out = new ArrayList<>();
      List<String> in = request.getInstructions();
      for (int i = 0; i < in.size(); i++) {
        seen.add(in.get(i));
        out.add(new Embedding(new float[] {in.get(i).length(), in.get(i).charAt(0)}, i));
      }
      Collections.reverse(out);
      org.springframework.ai.chat.metadata.Usage u = new org.springframework.ai.chat.metadata.Usage() {
        @Override
        public Integer getPromptTokens() {
          return 2 * in.size();
        }

        @Override
        public Integer getCompletionTokens() {
          return 0;
        }

        @Override
        public Object getNativeUsage() {
          return null;
        }
      };
      return new EmbeddingResponse(out, new EmbeddingResponseMetadata("rev", u));
    }

    @Override
    public float[] embed(Document document) {
      return call(new EmbeddingRequest(List.of(document.getText()), null)).getResults().get(0).getOutput();
    }
  }

  @Test
  void aSpringModelIsAnEmbedderInInputOrderWithPrefixesAndUsage() {
    Reversing m = new Reversing();
    SpringAiEmbedder e = SpringAiEmbedder.of(m, "rev", 0, "query: ", "", "rev;v1");
    assertEquals(1, m.calls.get(), "Spring AI's default dimensions() embeds a probe text, once, at build");
    assertEquals(2, e.dimension());
    float[][] v = e.embed(List.of("abc", "xy", "hello"), Embedder.Role.DOCUMENT);
    assertArrayEquals(new float[] {3, 'a'}, v[0], "results put back in input order by index");
    assertArrayEquals(new float[] {5, 'h'}, v[2]);
    float[] q = e.embed(List.of("abc"), Embedder.Role.QUERY)[0];
    assertArrayEquals(new float[] {10, 'q'}, q);
    assertEquals(new UsageReporting.Usage(4, 8, 0, 2), e.usage());
    assertEquals("rev;v1", e.fingerprint());
    assertEquals(2, e.dimension());
    assertEquals(3, m.calls.get(), "dimension() never runs the model");
  }

  @Test
  void anEmbedderIsASpringModelPerRole() {
    Embedder roleAware = new Embedder() {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        Embedder.Role r = role;
        float[][] v = new float[texts.size()][];
        for (int i = 0; i < v.length; i++) {
          v[i] = new float[] {texts.get(i).length(), r == Role.QUERY ? 1 : 0};
        }
        return v;
      }

      @Override
      public int dimension() {
        return 2;
      }

      @Override
      public String id() {
        return "role-aware";
      }
    };
    EmbeddingModel docs = EmbedlabSpringEmbeddingModel.documents(roleAware);
    EmbeddingModel queries = EmbedlabSpringEmbeddingModel.queries(roleAware);
    assertEquals(2, docs.dimensions());
    assertArrayEquals(new float[] {5, 0}, docs.embed("hello"), "Spring's default embed(String) goes through call");
    assertArrayEquals(new float[] {5, 1}, queries.embed("hello"));
    List<float[]> many = docs.embed(List.of("a", "bb"));
    assertArrayEquals(new float[] {2, 0}, many.get(1));
    assertArrayEquals(new float[] {3, 0}, docs.embed(new Document("abc")));
    assertThrows(IllegalArgumentException.class, () -> docs.embed(List.of("a", "\uD800")), "checked by the embedder");
  }

  @Test
  void roundTripKeepsVectors() {
    Reversing m = new Reversing();
    SpringAiEmbedder e = SpringAiEmbedder.of(m, null, 2, "", "", null);
    assertTrue(e.id().startsWith("spring-ai:"));
    EmbeddingModel back = EmbedlabSpringEmbeddingModel.documents(e);
    EmbeddingResponse r = back.call(new EmbeddingRequest(List.of("one", "three"), null));
    assertArrayEquals(new float[] {5, 't'}, r.getResults().get(1).getOutput());
    assertEquals(4, r.getMetadata().getUsage().getPromptTokens(), "token delta of the wrapped embedder (2 per text)");
  }
}

package dev.embedlab.interop.langchain4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Fingerprinted;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingInputType;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LangChain4jInteropTest {

  /** A LangChain4j model that records what it was asked: vector = (length, first char, input type code). */
  static final class Recording implements EmbeddingModel {
    final List<String> seen = new ArrayList<>();
    final AtomicInteger dimensionCalls = new AtomicInteger();
    EmbeddingInputType lastType;

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segs) {
      List<Embedding> out = new ArrayList<>();
      for (TextSegment s : segs) {
        seen.add(s.text());
        out.add(Embedding.from(new float[] {s.text().length(), s.text().charAt(0), 0}));
      }
      return Response.from(out, new TokenUsage(segs.size() * 3));
    }

    @Override
    public EmbeddingResponse doEmbed(EmbeddingRequest r) {
      lastType = r.inputType();
      List<Embedding> out = new ArrayList<>();
      r.inputs().forEach(in -> out.add(Embedding.from(new float[] {in.text().length(), in.text().charAt(0),
          r.inputType() == EmbeddingInputType.QUERY ? 1 : 2})));
      return EmbeddingResponse.builder().embeddings(out).build();
    }

    @Override
    public java.util.Set<dev.langchain4j.model.embedding.request.EmbeddingParameter<?>> supportedParameters() {
      return java.util.Set.of(dev.langchain4j.model.embedding.request.EmbeddingRequestParameters.INPUT_TYPE);
    }

    @Override
    public int dimension() {
      dimensionCalls.incrementAndGet();
      return 3;
    }
  }

  @Test
  void aLangChain4jModelIsAnEmbedderWithPrefixesUsageAndNoHiddenInference() {
    Recording m = new Recording();
    LangChain4jEmbedder e = LangChain4jEmbedder.builder(m).id("rec").prefixes("query: ", "passage: ").build();
    assertEquals(1, m.dimensionCalls.get(), "dimension asked once, at build");
    assertEquals(3, e.dimension());
    e.dimension();
    assertEquals(1, m.dimensionCalls.get());
    float[][] q = e.embed(List.of("abc"), Embedder.Role.QUERY);
    float[][] d = e.embed(List.of("abc", "xy"), Embedder.Role.DOCUMENT);
    assertEquals(List.of("query: abc", "passage: abc", "passage: xy"), m.seen);
    assertArrayEquals(new float[] {10, 'q', 0}, q[0]);
    assertArrayEquals(new float[] {12, 'p', 0}, d[0]);
    assertEquals(new dev.embedlab.core.UsageReporting.Usage(3, 9, 0, 2), e.usage());
    assertTrue(Fingerprinted.fingerprintOf(e).startsWith("unfingerprinted;id=rec;dim=3"));
    assertThrows(IllegalArgumentException.class, () -> e.embed(java.util.Arrays.asList("a", null), Embedder.Role.QUERY));

    LangChain4jEmbedder typed = LangChain4jEmbedder.builder(m).dimension(3).inputTypes(true).fingerprint("rec;v1").build();
    assertEquals(1, m.dimensionCalls.get(), "a given dimension is not asked");
    assertArrayEquals(new float[] {3, 'a', 1}, typed.embed(List.of("abc"), Embedder.Role.QUERY)[0]);
    assertEquals(EmbeddingInputType.QUERY, m.lastType);
    assertArrayEquals(new float[] {3, 'a', 2}, typed.embed(List.of("abc"), Embedder.Role.DOCUMENT)[0]);
    assertEquals("rec;v1", typed.fingerprint());
  }

  @Test
  void anEmbedderIsALangChain4jModelAndRolesMapToInputTypes() {
    Embedder roleAware = new Embedder() {
      @Override
      public float[][] embed(List<String> texts, Role role) {
        float[][] v = new float[texts.size()][];
        for (int i = 0; i < v.length; i++) {
          v[i] = new float[] {texts.get(i).length(), role == Role.QUERY ? 1 : 0};
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
    EmbeddingModel m = EmbedlabEmbeddingModel.of(roleAware);
    assertEquals(2, m.dimension());
    assertEquals("role-aware", m.modelName());
    assertArrayEquals(new float[] {5, 0}, m.embed("hello").content().vector(), "plain embed is a document");
    assertArrayEquals(new float[] {2, 0}, m.embedAll(List.of(TextSegment.from("hi"))).content().get(0).vector());
    EmbeddingResponse r = m.embed(EmbeddingRequest.builder().inputs("hello").inputType(EmbeddingInputType.QUERY).build());
    assertArrayEquals(new float[] {5, 1}, r.embeddings().get(0).vector(), "QUERY input type is the query role");
  }

  /** LangChain4j's own in-process all-MiniLM-L6-v2, through both adapters, gives the vectors it gives directly. */
  @Test
  void allMiniLmRoundTripsThroughBothAdapters() {
    AllMiniLmL6V2EmbeddingModel lc = new AllMiniLmL6V2EmbeddingModel();
    List<String> texts = List.of("The cat sits on the mat.", "Embeddings map text to vectors.", "조용한 밤");
    List<TextSegment> segs = texts.stream().map(TextSegment::from).toList();
    List<Embedding> direct = lc.embedAll(segs).content();
    LangChain4jEmbedder asEmbedder = LangChain4jEmbedder.builder(lc).dimension(384).build();
    float[][] v = asEmbedder.embed(texts, Embedder.Role.DOCUMENT);
    EmbeddingModel back = EmbedlabEmbeddingModel.of(asEmbedder);
    List<Embedding> again = back.embedAll(segs).content();
    for (int i = 0; i < texts.size(); i++) {
      assertArrayEquals(direct.get(i).vector(), v[i], 0f, "text " + i);
      assertArrayEquals(direct.get(i).vector(), again.get(i).vector(), 0f, "text " + i);
    }
    assertEquals(384, back.dimension());
    assertThrows(IllegalArgumentException.class, () -> LangChain4jEmbedder.builder(lc).dimension(384).inputTypes(true).build(),
        "a model that does not take input types is refused at build, not at the first call");
    double cos = dev.embedlab.core.VectorUtil.cosine(v[0], v[1]);
    assertTrue(cos < 0.5, "unrelated sentences are not near-duplicates: " + cos);
  }
}

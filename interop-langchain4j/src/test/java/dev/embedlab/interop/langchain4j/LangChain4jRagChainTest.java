package dev.embedlab.interop.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.eval.fusion.FusionRetriever;
import dev.embedlab.eval.fusion.RankFusion;
import dev.embedlab.eval.lexical.Bm25Index;
import dev.embedlab.monitor.MeteredEmbedder;
import dev.embedlab.monitor.MeteredRetriever;
import dev.embedlab.testing.FakeChatServer;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.rag.DefaultRetrievalAugmentor;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.service.AiServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chosen pipeline inside a real LangChain4j RAG chain: {@code AiServices} with a content
 * retriever or retrieval augmentor, and LangChain4j's {@link OpenAiChatModel} talking HTTP to a
 * loopback fake of the Chat Completions API; the test reads the request the model received to see
 * which passages reached the prompt.
 */
class LangChain4jRagChainTest {
  private static final String KEY = "test-key";
  private static final String ANSWER = "Kimchi is fermented cabbage (fake answer).";

  interface Assistant {
    String answer(String question);
  }

  private FakeChatServer server;
  private OpenAiChatModel chat;

  @BeforeEach
  void start() throws Exception {
    server = new FakeChatServer(KEY, user -> ANSWER);
    chat = OpenAiChatModel.builder().baseUrl(server.baseUrl()).apiKey(KEY).modelName("fake-gpt")
        .temperature(0.0).maxRetries(0).build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** The user message of the one chat request (the prompt the retrieval augmentor built). */
  private String onlyPrompt() throws Exception {
    assertEquals(1, server.requestBodies().size(), "one chat call");
    JsonNode body = new ObjectMapper().readTree(server.requestBodies().get(0));
    assertEquals("fake-gpt", body.path("model").asText(), body.toString());
    JsonNode messages = body.path("messages");
    JsonNode last = messages.get(messages.size() - 1);
    assertEquals("user", last.path("role").asText(), body.toString());
    return last.path("content").asText();
  }

  private static void assertPassages(String prompt, List<String> expectedIds) {
    for (Toy.Passage p : Toy.CORPUS) {
      assertEquals(expectedIds.contains(p.id()), prompt.contains(p.text()),
          p.id() + (expectedIds.contains(p.id()) ? " should" : " should not") + " reach the prompt: " + prompt);
    }
  }

  @Test
  void aiServiceAnswersWithTheBm25PassagesInThePrompt() throws Exception {
    try (Bm25Index bm25 = Toy.bm25()) {
      Assistant a = AiServices.builder(Assistant.class).chatModel(chat)
          .contentRetriever(EmbedlabContentRetriever.builder(bm25).segments(Toy.segments()).build()).build();
      assertEquals(ANSWER, a.answer(Toy.KIMCHI_QUESTION));
      String prompt = onlyPrompt();
      assertTrue(prompt.contains("kimchi fermented from cabbage"), "the question is in the prompt: " + prompt);
      assertPassages(prompt, List.of("d1")); // only d1 shares a non-stop word with the question
    }
  }

  @Test
  void retrievalAugmentorOverAMeteredHybridRetrieverFeedsTheTopPassagesAndIsCounted() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Toy.HashWords words = new Toy.HashWords(512);
    MeteredEmbedder embedder = MeteredEmbedder.builder(words, registry).build();
    try (Bm25Index bm25 = Toy.bm25()) {
      Retriever hybrid = MeteredRetriever.of(
          new FusionRetriever(RankFusion.rrf().build(), 10, false, List.of(bm25, Toy.exact(words))), registry);
      EmbedlabContentRetriever cr = EmbedlabContentRetriever.builder(hybrid).embedder(embedder)
          .segments(Toy.segments()).maxResults(2).build();
      List<Content> expected = cr.retrieve(Query.from(Toy.KIMCHI_QUESTION));
      Assistant a = AiServices.builder(Assistant.class).chatModel(chat)
          .retrievalAugmentor(DefaultRetrievalAugmentor.builder().contentRetriever(cr).build()).build();
      assertEquals(ANSWER, a.answer(Toy.KIMCHI_QUESTION));

      List<String> ids = new ArrayList<>();
      expected.forEach(c -> ids.add(c.textSegment().metadata().getString(EmbedlabContentRetriever.DOC_ID)));
      assertEquals(2, ids.size());
      assertEquals("d1", ids.get(0));
      assertPassages(onlyPrompt(), ids);
      assertEquals(2.0, registry.get("embedlab.search.queries").counter().count(), "our probe + the chain's search");
      assertTrue(registry.getMeters().stream().anyMatch(m -> m.getId().getName().startsWith("embedlab.embed")),
          "the query embedder is metered too: " + registry.getMeters().stream().map(m -> m.getId().getName()).toList());
    }
  }

  @Test
  void langChain4jsOwnStoreRetrieverOverTheEmbedlabStoreFeedsThePrompt() throws Exception {
    EmbeddingModel model = EmbedlabEmbeddingModel.of(new Toy.HashWords(512));
    EmbedlabEmbeddingStore store = new EmbedlabEmbeddingStore();
    List<TextSegment> segments = new ArrayList<>(Toy.segments().values());
    store.addAll(model.embedAll(segments).content(), segments);
    EmbeddingStoreContentRetriever cr = EmbeddingStoreContentRetriever.builder().embeddingStore(store)
        .embeddingModel(model).maxResults(1).minScore(0.5).build();

    List<Content> direct = cr.retrieve(Query.from(Toy.KIMCHI_QUESTION));
    assertEquals(1, direct.size());
    assertEquals("kimchi.pdf", direct.get(0).textSegment().metadata().getString("file"));
    assertEquals(2, direct.get(0).textSegment().metadata().getInteger("page"));

    Assistant a = AiServices.builder(Assistant.class).chatModel(chat).contentRetriever(cr).build();
    assertEquals(ANSWER, a.answer(Toy.KIMCHI_QUESTION));
    assertPassages(onlyPrompt(), List.of("d1"));
  }

  @Test
  void aQuestionNothingMatchesReachesTheModelWithoutPassages() throws Exception {
    try (Bm25Index bm25 = Toy.bm25()) {
      Assistant a = AiServices.builder(Assistant.class).chatModel(chat)
          .contentRetriever(EmbedlabContentRetriever.builder(bm25).segments(Toy.segments()).build()).build();
      a.answer("Qwertyuiop asdfghjkl?");
      String prompt = onlyPrompt();
      assertTrue(prompt.contains("Qwertyuiop asdfghjkl"), prompt);
      assertPassages(prompt, List.of());
      assertFalse(prompt.contains("Answer using the following information"), prompt);
    }
  }
}

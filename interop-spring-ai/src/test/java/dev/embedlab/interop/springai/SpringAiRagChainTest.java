package dev.embedlab.interop.springai;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.api.Advisor;
import org.springframework.ai.chat.client.advisor.vectorstore.QuestionAnswerAdvisor;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.rag.advisor.RetrievalAugmentationAdvisor;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;
import org.springframework.ai.vectorstore.SearchRequest;

/**
 * The chosen pipeline inside Spring AI's own advisor chains: a {@link ChatClient} with a
 * {@link RetrievalAugmentationAdvisor} over {@link EmbedlabDocumentRetriever} or over Spring's
 * {@link VectorStoreDocumentRetriever} on {@link EmbedlabVectorStore}, and a
 * {@link QuestionAnswerAdvisor} on the store, all calling Spring AI's {@link OpenAiChatModel} over
 * HTTP against a loopback fake of the Chat Completions API; the test reads the request the model
 * received to see which documents reached the prompt.
 */
class SpringAiRagChainTest {
  private static final String KEY = "test-key";
  private static final String ANSWER = "Kimchi is fermented cabbage (fake answer).";
  private FakeChatServer server;
  private ChatClient.Builder chat;

  @BeforeEach
  void start() throws Exception {
    server = new FakeChatServer(KEY, user -> ANSWER);
    OpenAiApi api = OpenAiApi.builder().baseUrl(server.root()).apiKey(KEY).build();
    OpenAiChatModel model = OpenAiChatModel.builder().openAiApi(api)
        .defaultOptions(OpenAiChatOptions.builder().model("fake-gpt").temperature(0.0).build()).build();
    chat = ChatClient.builder(model);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String ask(Advisor advisor, String question) {
    return chat.build().prompt().advisors(advisor).user(question).call().content();
  }

  /** The text of all messages of the one chat request (the prompt the advisor built). */
  private String onlyPrompt() throws Exception {
    assertEquals(1, server.requestBodies().size(), "one chat call");
    JsonNode body = new ObjectMapper().readTree(server.requestBodies().get(0));
    assertEquals("fake-gpt", body.path("model").asText(), body.toString());
    StringBuilder sb = new StringBuilder();
    body.path("messages").forEach(m -> sb.append(m.path("content").asText()).append('\n'));
    return sb.toString();
  }

  private static void assertDocuments(String prompt, List<String> expectedIds) {
    for (Toy.Passage p : Toy.CORPUS) {
      assertEquals(expectedIds.contains(p.id()), prompt.contains(p.text()),
          p.id() + (expectedIds.contains(p.id()) ? " should" : " should not") + " reach the prompt: " + prompt);
    }
  }

  @Test
  void retrievalAugmentationAdvisorOverAMeteredBm25RetrieverFeedsItsDocuments() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (Bm25Index bm25 = Toy.bm25()) {
      EmbedlabDocumentRetriever retriever = EmbedlabDocumentRetriever.builder(MeteredRetriever.of(bm25, registry))
          .documents(Toy.documents()).build();
      String answer = ask(RetrievalAugmentationAdvisor.builder().documentRetriever(retriever).build(),
          Toy.KIMCHI_QUESTION);
      assertEquals(ANSWER, answer);
      String prompt = onlyPrompt();
      assertTrue(prompt.contains(Toy.KIMCHI_QUESTION), prompt);
      assertDocuments(prompt, List.of("d1"));
      assertEquals(1.0, registry.get("embedlab.search.queries").counter().count());
    }
  }

  @Test
  void retrievalAugmentationAdvisorOverAHybridRetrieverWithAMeteredQueryEmbedder() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Toy.HashWords words = new Toy.HashWords(512);
    try (Bm25Index bm25 = Toy.bm25()) {
      Retriever hybrid = new FusionRetriever(RankFusion.rrf().build(), 10, false, List.of(bm25, Toy.exact(words)));
      EmbedlabDocumentRetriever retriever = EmbedlabDocumentRetriever.builder(hybrid)
          .embedder(MeteredEmbedder.builder(words, registry).build()).documents(Toy.documents()).topK(2).build();
      List<String> expected = new ArrayList<>();
      retriever.retrieve(new org.springframework.ai.rag.Query(Toy.KIMCHI_QUESTION)).forEach(d -> expected.add(d.getId()));
      assertEquals(2, expected.size());
      assertEquals("d1", expected.get(0));
      assertEquals(ANSWER,
          ask(RetrievalAugmentationAdvisor.builder().documentRetriever(retriever).build(), Toy.KIMCHI_QUESTION));
      assertDocuments(onlyPrompt(), expected);
      assertTrue(registry.getMeters().stream().anyMatch(m -> m.getId().getName().startsWith("embedlab.embed")));
    }
  }

  @Test
  void questionAnswerAdvisorOverTheEmbedlabVectorStore() throws Exception {
    EmbedlabVectorStore store = EmbedlabVectorStore.of(new Toy.HashWords(512));
    store.add(new ArrayList<>(Toy.documents().values()));
    QuestionAnswerAdvisor qa = QuestionAnswerAdvisor.builder(store)
        .searchRequest(SearchRequest.builder().topK(1).build()).build();
    assertEquals(ANSWER, ask(qa, Toy.KIMCHI_QUESTION));
    assertDocuments(onlyPrompt(), List.of("d1"));
  }

  @Test
  void springsOwnVectorStoreRetrieverWithAFilterOverTheEmbedlabStore() throws Exception {
    EmbedlabVectorStore store = EmbedlabVectorStore.of(new Toy.HashWords(512));
    store.add(new ArrayList<>(Toy.documents().values()));
    VectorStoreDocumentRetriever retriever = VectorStoreDocumentRetriever.builder().vectorStore(store).topK(3)
        .filterExpression(new org.springframework.ai.vectorstore.filter.FilterExpressionBuilder()
            .eq("file", "food.pdf").build()).build();
    assertEquals(ANSWER,
        ask(RetrievalAugmentationAdvisor.builder().documentRetriever(retriever).build(), "Which dish has chili?"));
    assertDocuments(onlyPrompt(), List.of("d5"));
  }
}

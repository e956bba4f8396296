package dev.embedlab.models.hub;

import static dev.embedlab.models.hub.HubFixture.CLS;
import static dev.embedlab.models.hub.HubFixture.HELLO;
import static dev.embedlab.models.hub.HubFixture.SEP;
import static dev.embedlab.models.hub.HubFixture.WORLD;
import static dev.embedlab.models.hub.HubFixture.mean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.models.Pooling;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sentence-transformers configuration a repo carries decides the vectors, with no flags:
 * checked by hand on the BERT-shaped tiny model, whose hidden state at a token is the token's id
 * ([CLS]=101, hello=7592, world=2088, [SEP]=102), so mean pooling is the mean of the ids.
 */
class HubConfigTest {
  @TempDir Path tmp;
  FakeHub hub;
  HubFixture fx;

  @BeforeEach
  void start() throws IOException {
    hub = new FakeHub();
    fx = new HubFixture(tmp);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  HubEmbedder serve(String repo, Map<String, byte[]> files) throws IOException {
    hub.repo(repo).commit("main", files);
    return new HubEmbedderSource().open(repo, fx.context(hub, tmp.resolve("cache")));
  }

  static float doc(HubEmbedder e, String text) {
    return e.embed(List.of(text), Role.DOCUMENT)[0][0];
  }

  static float query(HubEmbedder e, String text) {
    return e.embed(List.of(text), Role.QUERY)[0][0];
  }

  @Test
  void promptsPoolingNormalisationAndMaxLengthComeFromTheRepo() throws IOException {
    try (HubEmbedder e = serve("org/st-mean", fx.bert(
        "modules.json", HubFixture.modules(false),
        "1_Pooling/config.json", HubFixture.pooling("mean"),
        "sentence_bert_config.json", "{\"max_seq_length\": 4, \"do_lower_case\": false}",
        "config_sentence_transformers.json", "{\"prompts\": {\"query\": \"hello \", \"document\": \"\"},"
            + " \"default_prompt_name\": null}"))) {
      assertFalse(e.onnx().normalize(), "no Normalize module: raw vectors");
      assertEquals(4, e.onnx().maxLength());
      assertEquals(mean(CLS, WORLD, SEP), doc(e, "world"), 1e-3f, "document prompt is empty");
      assertEquals(mean(CLS, HELLO, WORLD, SEP), query(e, "world"), 1e-3f, "the query prompt is tokenized in");
      assertEquals(mean(CLS, WORLD, HELLO, SEP), doc(e, "world hello world hello"), 1e-3f, "cut at max_seq_length 4");
      assertEquals(1, e.onnx().usage().truncatedTexts());
    }
  }

  @Test
  void clsPoolingAndTheNormalizeModule() throws IOException {
    try (HubEmbedder cls = serve("org/st-cls", fx.bert("modules.json", HubFixture.modules(false),
        "1_Pooling/config.json", HubFixture.pooling("cls")))) {
      assertEquals(Pooling.CLS, cls.onnx().pooling());
      assertEquals((float) CLS, doc(cls, "hello world"));
      assertEquals(512, cls.onnx().maxLength(), "no sentence_bert_config.json: config.json's 512 positions");
    }
    try (HubEmbedder norm = serve("org/st-norm", fx.bert("modules.json", HubFixture.modules(true),
        "1_Pooling/config.json", HubFixture.pooling("max")))) {
      assertTrue(norm.onnx().normalize());
      assertEquals(Pooling.MAX, norm.onnx().pooling());
      assertEquals(1f, doc(norm, "hello world"), "one dimension, L2-normalised");
    }
  }

  @Test
  void theDefaultPromptAppliesWhereNoRolePromptIsGiven() throws IOException {
    try (HubEmbedder e = serve("org/st-default", fx.bert("modules.json", HubFixture.modules(false),
        "1_Pooling/config.json", HubFixture.pooling("mean"),
        "config_sentence_transformers.json", "{\"prompts\": {\"query\": \"hello \", \"retrieval\": \"world \"},"
            + " \"default_prompt_name\": \"retrieval\"}"))) {
      assertEquals("world ", e.config().documentPrefix());
      assertEquals(mean(CLS, WORLD, HELLO, SEP), doc(e, "hello"), 1e-3f);
      assertEquals(mean(CLS, HELLO, HELLO, SEP), query(e, "hello"), 1e-3f);
    }
  }

  @Test
  void aRepoWithoutModulesJsonEmbedsAsSentenceTransformersWouldAPlainTransformer() throws IOException {
    try (HubEmbedder e = serve("org/plain-bert", fx.bert())) {
      assertEquals(Pooling.MEAN, e.onnx().pooling());
      assertFalse(e.onnx().normalize());
      assertEquals(mean(CLS, HELLO, WORLD, SEP), doc(e, "hello world"), 1e-3f);
      assertTrue(e.provenance().canonical().contains("configNotes=no modules.json"), e.provenance().canonical());
    }
  }

  @Test
  void aModuleTheOnnxExportLacksIsRefusedNamingIt() {
    String modules = "[{\"idx\": 0, \"name\": \"0\", \"path\": \"\", \"type\": \"sentence_transformers.models.Transformer\"},"
        + " {\"idx\": 1, \"name\": \"1\", \"path\": \"1_Pooling\", \"type\": \"sentence_transformers.models.Pooling\"},"
        + " {\"idx\": 2, \"name\": \"2\", \"path\": \"2_Dense\", \"type\": \"sentence_transformers.models.Dense\"}]";
    IOException x = assertThrows(IOException.class, () -> serve("org/labse-like", fx.bert("modules.json", modules,
        "1_Pooling/config.json", HubFixture.pooling("cls"))));
    assertTrue(x.getMessage().startsWith("hf:org/labse-like (commit ") && x.getMessage().contains("modules.json: module 2 '2_Dense'"
        + " is sentence_transformers.models.Dense"), x.getMessage());
  }

  @Test
  void theXlmRShapedRepoOpensThroughServiceLoaderWithE5Prompts() throws IOException {
    hub.repo("intfloat/tiny-e5").commit("main", fx.xlmr("modules.json", HubFixture.modules(true),
        "config_sentence_transformers.json", "{\"prompts\": {\"query\": \"query: \", \"passage\": \"passage: \"}}"));
    EmbedderSources sources = EmbedderSources.load();
    assertTrue(sources.schemes().contains("hf"), sources.schemes().toString());
    sources.validate("hf:intfloat/tiny-e5@main#onnx/model.onnx", fx.context(hub, tmp.resolve("cache")));
    try (HubEmbedder e = (HubEmbedder) sources.open("hf:intfloat/tiny-e5", fx.context(hub, tmp.resolve("cache")))) {
      assertFalse(e.onnx().feedsTokenTypeIds(), "XLM-R graph: no token_type_ids");
      assertEquals(1L, e.onnx().padTokenId());
      assertEquals(384, e.dimension());
      assertEquals(List.of(), e.config().notes());
      org.junit.jupiter.api.Assertions.assertArrayEquals(HubFixture.xlmrExpected("▁query", ":", "▁서울", "은"),
          e.embed(List.of("서울은"), Role.QUERY)[0], 1e-6f);
      org.junit.jupiter.api.Assertions.assertArrayEquals(HubFixture.xlmrExpected("▁passage", ":", "▁서울", "은"),
          e.embed(List.of("서울은"), Role.DOCUMENT)[0], 1e-6f);
    }
  }

  @Test
  void anE5RepoWithoutPromptsGetsTheModelCardsPrefixesAndSaysSo() throws IOException {
    hub.repo("intfloat/multilingual-e5-small").commit("main", fx.xlmr("modules.json", HubFixture.modules(true)));
    try (HubEmbedder e = new HubEmbedderSource().open("intfloat/multilingual-e5-small", fx.context(hub, tmp.resolve("cache")))) {
      assertEquals("query: ", e.config().queryPrefix());
      assertEquals("passage: ", e.config().documentPrefix());
      org.junit.jupiter.api.Assertions.assertArrayEquals(HubFixture.xlmrExpected("▁query", ":", "▁서울", "은"),
          e.embed(List.of("서울은"), Role.QUERY)[0], 1e-6f);
      assertTrue(e.config().notes().get(0).contains("model card's prefixes"), e.config().notes().toString());
    }
  }
}

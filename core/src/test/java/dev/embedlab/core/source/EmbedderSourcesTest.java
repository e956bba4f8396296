package dev.embedlab.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbedderSourcesTest {

  record Fixed(String scheme) implements EmbedderSource {
    @Override public String usage() { return scheme + ":NAME"; }
    @Override public Embedder open(String name, SourceContext context) {
      return new Embedder() {
        @Override public float[][] embed(List<String> texts, Role role) { return new float[texts.size()][1]; }
        @Override public int dimension() { return 1; }
        @Override public String id() { return scheme + "/" + name; }
      };
    }
  }

  @Test
  void schemeIsALowerCaseWordBeforeTheFirstColon() {
    assertEquals("hf", EmbedderSources.schemeOf("hf:BAAI/bge-small-en-v1.5@main"));
    assertEquals("BAAI/bge-small-en-v1.5@main", EmbedderSources.nameOf("hf:BAAI/bge-small-en-v1.5@main"));
    assertEquals("", EmbedderSources.schemeOf("all-minilm-l6-v2"));
    assertEquals("", EmbedderSources.schemeOf("C:/models/x"), "a drive letter is not a scheme");
    assertEquals("", EmbedderSources.schemeOf(":x"));
    assertEquals("C:/models/x", EmbedderSources.nameOf("C:/models/x"));
  }

  @Test
  void opensByScheme() throws Exception {
    EmbedderSources s = EmbedderSources.of(List.of(new Fixed(""), new Fixed("hf")));
    try (Embedder e = s.open("hf:a/b", SourceContext.defaults())) {
      assertEquals("hf/a/b", e.id());
    }
    try (Embedder e = s.open("plain", SourceContext.defaults())) {
      assertEquals("/plain", e.id());
    }
  }

  @Test
  void unknownSchemeListsTheKnownOnes() {
    EmbedderSources s = EmbedderSources.of(List.of(new Fixed("hf")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.sourceFor("cohere:embed-v4"));
    assertTrue(e.getMessage().contains("'cohere'") && e.getMessage().contains("hf:"), e.getMessage());
  }

  @Test
  void twoSourcesForOneSchemeAreRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmbedderSources.of(List.of(new Fixed("hf"), new Fixed("hf"))));
    assertTrue(e.getMessage().contains("claimed twice"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EmbedderSources.of(List.of(new Fixed("HF"))));
  }

  @Test
  void contextReadsItsOwnEnvironment() {
    SourceContext c = SourceContext.defaults().withEnv(Map.of("HF_TOKEN", "t"));
    assertEquals("t", c.env("HF_TOKEN"));
    assertSame(null, c.env("OPENAI_API_KEY"));
    assertThrows(IllegalArgumentException.class, () -> new SourceContext(Map.of(), null, 0, null));
  }

  @Test
  void blankNameIsRefusedByDefaultValidation() {
    EmbedderSources s = EmbedderSources.of(List.of(new Fixed("hf")));
    assertThrows(IllegalArgumentException.class, () -> s.validate("hf:", SourceContext.defaults()));
  }
}

package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.retrieval.ProvenanceSource;
import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.core.source.SourceContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped catalog (plain names) and ONNX folders ({@code onnx:DIR}) as model sources found by scheme. */
class LocalSourcesTest {
  private static final SourceContext CTX = new SourceContext(Map.of(), null, 1, null);
  private final EmbedderSources sources = EmbedderSources.load();

  @Test
  void serviceLoaderFindsBothAndPlainNamesGoToTheCatalog() {
    assertTrue(sources.schemes().containsAll(List.of("", "onnx")), sources.schemes().toString());
    assertTrue(sources.sourceFor("all-minilm-l6-v2") instanceof CatalogSource);
    assertTrue(sources.sourceFor("onnx:/tmp/x") instanceof OnnxFolderSource);
    sources.validate("ALL_MINILM_L6_V2_Q", CTX);
    sources.validate("all-minilm-l6-v2-q?maxLength=64", CTX);
  }

  @Test
  void badNamesAndOptionsSayWhatExists(@TempDir Path tmp) throws Exception {
    String m = assertThrows(IllegalArgumentException.class, () -> sources.validate("gpt-9", CTX)).getMessage();
    assertTrue(m.startsWith("unknown model \"gpt-9\"; known: [all-minilm-l6-v2, "), m);
    m = assertThrows(IllegalArgumentException.class, () -> sources.validate("all-minilm-l6-v2?maxLength=0", CTX))
        .getMessage();
    assertEquals("model all-minilm-l6-v2?maxLength=0: maxLength must be a whole number >= 1; maxLength=0", m);
    m = assertThrows(IllegalArgumentException.class, () -> sources.validate("all-minilm-l6-v2?dim=3", CTX)).getMessage();
    assertTrue(m.contains("unknown option dim; expected one of [documentPrefix, id, maxLength, pooling, queryPrefix]"), m);
    Path dir = Files.createDirectories(tmp.resolve("m"));
    Files.writeString(dir.resolve("model.onnx"), "x");
    m = assertThrows(IllegalArgumentException.class, () -> sources.validate("onnx:" + dir, CTX)).getMessage();
    assertEquals("onnx:" + dir + ": expected a folder with model.onnx (or onnx/model.onnx) and tokenizer.json; "
        + "found: model.onnx", m);
    m = assertThrows(IllegalArgumentException.class, () -> sources.validate("onnx:" + tmp.resolve("nope"), CTX))
        .getMessage();
    assertTrue(m.endsWith(": no such folder; expected a folder with model.onnx (or onnx/model.onnx) and tokenizer.json"), m);
    Files.writeString(dir.resolve("tokenizer.json"), "{}");
    m = assertThrows(IllegalArgumentException.class, () -> sources.validate("onnx:" + dir + "?pooling=sum", CTX))
        .getMessage();
    assertTrue(m.contains("pooling must be one of [") && m.contains("pooling=sum"), m);
  }

  @Test
  void aFolderWithOptionsOpensTheSameModelAsTheCatalogWithTypedProvenance(@TempDir Path tmp) throws Exception {
    KnownModel km = KnownModel.ALL_MINILM_L6_V2_Q;
    Path dir = Files.createDirectories(tmp.resolve("mini"));
    for (String[] f : new String[][] {{km.modelResource(), "model.onnx"}, {km.tokenizerResource(), "tokenizer.json"}}) {
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(f[0])) {
        Files.copy(in, dir.resolve(f[1]));
      }
    }
    try (Embedder catalog = sources.open("all-minilm-l6-v2-q?maxLength=64", CTX);
        Embedder folder = sources.open("onnx:" + dir + "?maxLength=64&id=mine&queryPrefix=q%3A%20", CTX)) {
      assertEquals("mine", folder.id());
      assertEquals(64L, ProvenanceSource.provenanceOf(catalog).value("maxLength"));
      assertEquals(64L, ProvenanceSource.provenanceOf(folder).value("maxLength"));
      float[] a = catalog.embed(List.of("the cat sleeps"), Role.DOCUMENT)[0];
      assertArrayEquals(a, folder.embed(List.of("the cat sleeps"), Role.DOCUMENT)[0], 0f);
      assertArrayEquals(catalog.embed(List.of("q: the cat"), Role.DOCUMENT)[0],
          folder.embed(List.of("the cat"), Role.QUERY)[0], 0f, "the decoded query prefix is used");
    }
  }
}

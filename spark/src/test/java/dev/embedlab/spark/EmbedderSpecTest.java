package dev.embedlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.models.KnownModel;
import dev.embedlab.models.Pooling;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** The serialisable recipe executors build their embedder from (no Spark session needed). */
class EmbedderSpecTest {

  @Test
  void survivesJavaSerialisationWithItsKey() throws Exception {
    EmbedderSpec spec = EmbedderSpec.folder("/models/e5").config("multilingual-e5-small").pooling(Pooling.MEAN)
        .maxLength(256).queryPrefix("query: ").rules("r.txt", "lowercase\n").intraOpThreads(2).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(spec);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      EmbedderSpec back = (EmbedderSpec) in.readObject();
      assertEquals(spec, back);
      assertEquals(spec.key(), back.key());
    }
  }

  @Test
  void everySettingChangesTheKey() {
    String base = EmbedderSpec.knownModel(KnownModel.ALL_MINILM_L6_V2).build().key();
    assertEquals(base, EmbedderSpec.knownModel("all-minilm-l6-v2").build().key());
    assertNotEquals(base, EmbedderSpec.knownModel(KnownModel.ALL_MINILM_L6_V2).maxLength(128).build().key());
    assertNotEquals(base, EmbedderSpec.knownModel(KnownModel.ALL_MINILM_L6_V2).documentPrefix("").build().key());
    assertNotEquals(EmbedderSpec.knownModel(KnownModel.ALL_MINILM_L6_V2).rules("r", "lowercase\n").build().key(),
        EmbedderSpec.knownModel(KnownModel.ALL_MINILM_L6_V2).rules("r", "nfkc\n").build().key());
  }

  @Test
  void mistakesFailOnTheDriverNamingTheValue() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> EmbedderSpec.knownModel("no-such-model"));
    assertTrue(unknown.getMessage().contains("no-such-model") && unknown.getMessage().contains("all-minilm-l6-v2"),
        unknown.getMessage());
    IllegalArgumentException rules = assertThrows(IllegalArgumentException.class,
        () -> EmbedderSpec.knownModel(KnownModel.ALL_MINILM_L6_V2).rules("bad.rules", "no-such-rule 1 2\n"));
    assertTrue(rules.getMessage().contains("bad.rules"), rules.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EmbedderSpec.sparkFile("a/b"));
    assertThrows(IllegalArgumentException.class,
        () -> EmbedderSpec.knownModel(KnownModel.ALL_MINILM_L6_V2).config("multilingual-e5-small"));
  }
}

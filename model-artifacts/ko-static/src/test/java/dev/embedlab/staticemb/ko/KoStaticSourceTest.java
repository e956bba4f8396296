package dev.embedlab.staticemb.ko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.core.source.SourceContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code static:ko-static} names the shipped model wherever a model is named (CLI, bake-off, API). */
class KoStaticSourceTest {

  @Test
  void theShippedModelOpensByName() throws Exception {
    try (Embedder e = EmbedderSources.load().open("static:ko-static", SourceContext.defaults())) {
      float[][] v = e.embed(List.of("서울은 대한민국의 수도이다", "대한민국의 수도는 서울이다", "고양이가 잠을 잔다"), Embedder.Role.DOCUMENT);
      assertEquals(e.dimension(), v[0].length);
      assertTrue(VectorUtil.cosine(v[0], v[1]) > VectorUtil.cosine(v[0], v[2]), "paraphrases are closer than unrelated text");
    }
  }

  @Test
  void anUnknownNameSaysWhatWasExpected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EmbedderSources.load().validate("static:no-such-model", SourceContext.defaults()));
    assertTrue(e.getMessage().contains("expected a static model folder"), e.getMessage());
  }
}

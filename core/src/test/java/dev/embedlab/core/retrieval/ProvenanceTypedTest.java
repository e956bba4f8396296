package dev.embedlab.core.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Provenance keeps numbers as numbers, through wrappers, and its canonical form stays what it was. */
class ProvenanceTypedTest {

  @Test
  void valuesAreTypedAndTheCanonicalFormIsStringValueOfWhatWasGiven() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("maxLength", 256);
    m.put("ratio", 0.1f);
    m.put("bits", (short) 7);
    m.put("normalize", true);
    m.put("name", "a,b");
    m.put("cuts", List.of(1, 10));
    m.put("pooling", java.time.DayOfWeek.MONDAY);
    Provenance p = Provenance.of("x", m);
    assertEquals(256L, p.value("maxLength"));
    assertEquals(Optional.of(256L), p.longValue("maxLength"));
    assertEquals(0.1, p.value("ratio"));
    assertEquals(7L, p.value("bits"));
    assertEquals(Boolean.TRUE, p.value("normalize"));
    assertEquals(List.of(1L, 10L), p.value("cuts"));
    assertEquals("MONDAY", p.value("pooling"));
    assertEquals(Optional.empty(), p.longValue("name"));
    assertEquals("x{bits=7,cuts=[1\\, 10],maxLength=256,name=a\\,b,normalize=true,pooling=MONDAY,ratio=0.1}",
        p.canonical());
    // the strings that keyed caches before values were typed give the same canonical form and hash
    Map<String, String> asStrings = new LinkedHashMap<>();
    m.forEach((k, v) -> asStrings.put(k, String.valueOf(v)));
    assertEquals(p.canonical(), new Provenance("x", asStrings, List.of()).canonical());
    assertEquals(p.sha256(), new Provenance("x", asStrings, List.of()).sha256());
  }

  @Test
  void aValueIsFoundThroughAnyStackOfWrappers() {
    Provenance model = Provenance.of("onnx-embedder", Map.of("maxLength", 128, "model", "sha256:ab"));
    Provenance rules = Provenance.of("rules", Map.of("id", "nfkc"), model);
    Provenance cache = Provenance.of("cache", Map.of("namespace", "n"), rules);
    assertEquals(128L, cache.find("maxLength"));
    assertEquals("sha256:ab", cache.find("model"));
    assertNull(cache.find("pooling"));
    assertEquals(Optional.of("128"), model.text("maxLength"));
    assertTrue(Provenance.of("a", Map.of("n", 1)).equals(Provenance.of("a", Map.of("n", 1L))), "1 and 1L are one value");
  }
}

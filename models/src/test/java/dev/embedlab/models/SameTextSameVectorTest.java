package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A text's vector is a function of the text alone, bit for bit, for every shipped model: the same
 * texts embedded in another order, with other batch mates and under other token budgets give
 * identical floats. For the dynamic-int8 models the opt-in batch-dependent mode is shown to differ,
 * so this test can tell the two apart.
 */
class SameTextSameVectorTest {

  /** Our own sentences of very different lengths (3 to ~120 tokens), English and Korean. */
  static List<String> texts() {
    List<String> t = new ArrayList<>(List.of(
        "A cat.", "Stocks fell sharply on Monday after the central bank raised rates again.",
        "서울은 한국의 수도입니다.", "", "Why is the sky blue?",
        "The mitochondrion is the powerhouse of the cell, producing most of its supply of ATP.",
        "가격은 3만 5천원입니다", "Rain.", "How do vaccines train the adaptive immune system to recognise a pathogen?"));
    StringBuilder lng = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      lng.append("sentence ").append(i).append(" about retrieval and embeddings; ");
    }
    t.add(lng.toString());
    for (int i = 0; i < 8; i++) {
      t.add("Query number " + i + " asks about topic " + (i * 7 % 11) + " in " + "detail ".repeat(i));
    }
    return t;
  }

  static List<String> shuffled(List<String> in, List<Integer> idx) {
    List<String> out = new ArrayList<>();
    for (int i : idx) {
      out.add(in.get(i));
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(KnownModel.class)
  void vectorsDoNotDependOnBatchMatesOrderOrBudget(KnownModel km) {
    List<String> texts = texts();
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      idx.add(i);
    }
    Collections.shuffle(idx, new Random(20261129));
    try (OnnxEmbedder a = OnnxEmbedder.builder(km).build();
        OnnxEmbedder small = OnnxEmbedder.builder(km).tokenBudget(64).build()) {
      assertTrue(a.batchIndependent(), km + " must be batch-independent by default");
      float[][] ref = a.embed(texts, Role.DOCUMENT);
      float[][] sh = a.embed(shuffled(texts, idx), Role.DOCUMENT);
      float[][] sm = small.embed(texts, Role.DOCUMENT);
      for (int k = 0; k < texts.size(); k++) {
        assertArrayEquals(ref[idx.get(k)], sh[k], km + ": text " + idx.get(k) + " in shuffled batches");
      }
      for (int i = 0; i < texts.size(); i++) {
        assertArrayEquals(ref[i], sm[i], km + ": text " + i + " under a 64-token budget");
      }
      for (int i : new int[] {0, 3, 5, 9}) {
        assertArrayEquals(ref[i], a.embed(List.of(texts.get(i)), Role.DOCUMENT)[0], km + ": text " + i + " alone");
      }
      if (a.dynamicallyQuantized()) {
        try (OnnxEmbedder fast = OnnxEmbedder.builder(km).batchDependentInt8(true).tokenBudget(8192).build()) {
          float[][] f = fast.embed(texts, Role.DOCUMENT);
          int differ = 0;
          for (int i = 0; i < texts.size(); i++) {
            differ += Arrays.equals(ref[i], f[i]) ? 0 : 1;
          }
          assertTrue(differ > 0, km + ": the opt-in batch-dependent mode should move some vectors");
          assertTrue(!fast.fingerprint().equals(a.fingerprint()), "modes must not share cache entries");
        }
      } else {
        assertEquals(-1, a.fingerprint().indexOf("batching="), "fp32 fingerprints unchanged");
      }
    }
  }
}

package dev.embedlab.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@link Embedder} contract, checked for every implementation (after Lucene's
 * {@code BaseKnnVectorsFormatTestCase}): a subclass says how to build its embedder; every test
 * here then runs against a fresh one and closes it.
 *
 * <ul>
 *   <li>one vector per text, in input order, each of length {@link Embedder#dimension()}, every
 *       component finite and the norm within the core policy ({@link VectorUtil#checkFinite});
 *   <li>the same text gives the same vector, within a batch, across calls and alone or batched
 *       (within {@link #tolerance()});
 *   <li>an empty list gives an empty array; a null list, a null role, a null element or a text with
 *       an unpaired surrogate is an {@link IllegalArgumentException} naming the index
 *       ({@code texts[i]}) where there is one;
 *   <li>both roles give vectors; {@code embed(texts)} is {@code embed(texts, DOCUMENT)}; an
 *       embedder with role prefixes ({@link #rolesDiffer()}) gives a query another vector;
 *   <li>{@code id()} is non-blank and {@code id()}/{@code dimension()} run no model (the usage
 *       counters, when there are any, do not move);
 *   <li>{@code close()} is idempotent and a later {@code embed} is an
 *       {@link IllegalStateException} saying it is closed;
 *   <li>the embedder describes itself ({@link ProvenanceSource}) with a non-blank kind, without
 *       running the model.
 * </ul>
 */
public abstract class BaseEmbedderTestCase {

  /** A new embedder under test; the test closes it. */
  protected abstract Embedder newEmbedder() throws Exception;

  /**
   * Texts the contract embeds: short, long-ish, Korean, an astral code point, whitespace and the
   * empty string. Override for an embedder that cannot take some of them.
   */
  protected List<String> texts() {
    return List.of("the quick brown fox", "a", "서울의 호텔 추천", "emoji \uD83D\uDE00 inside",
        "a longer sentence about vector search, caching and evaluation of embedding models", "  ", "");
  }

  /** Largest absolute difference allowed between two vectors of the same text (default 1e-6). */
  protected float tolerance() {
    return 1e-6f;
  }

  /** Whether a query and a document of the same text get different vectors (role prefixes). */
  protected boolean rolesDiffer() {
    return false;
  }

  /**
   * Texts embedded by the model behind the embedder so far, to check that {@code id()} and
   * {@code dimension()} do not run it. Default: {@link UsageReporting} counters when the embedder
   * has them; empty when nothing can tell (the check is then only that both answer).
   */
  protected Optional<Long> modelTexts(Embedder e) {
    return UsageReporting.usageOf(e).map(UsageReporting.Usage::texts);
  }

  private static void assertSame(float[] expected, float[] actual, float tol, String what) {
    assertEquals(expected.length, actual.length, what + ": dimension");
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[j], tol, what + ": component " + j);
    }
  }

  @Test
  public void oneVectorPerTextInOrderOfTheDimension() throws Exception {
    try (Embedder e = newEmbedder()) {
      List<String> texts = texts();
      float[][] v = e.embed(texts, Role.DOCUMENT);
      assertEquals(texts.size(), v.length, "one vector per text");
      for (int i = 0; i < v.length; i++) {
        assertNotNull(v[i], "vector " + i);
        assertEquals(e.dimension(), v[i].length, "vector " + i + " has the embedder's dimension");
        VectorUtil.checkFinite(v[i], "vector " + i);
      }
      for (int i : new int[] {0, v.length - 1}) {
        assertSame(e.embed(List.of(texts.get(i)), Role.DOCUMENT)[0], v[i], tolerance(),
            "vector " + i + " of the batch is text " + i + "'s");
      }
      List<String> reversed = new ArrayList<>(texts);
      Collections.reverse(reversed);
      float[][] r = e.embed(reversed, Role.DOCUMENT);
      for (int i = 0; i < v.length; i++) {
        assertSame(v[i], r[v.length - 1 - i], tolerance(), "text " + i + " embedded in reverse order");
      }
    }
  }

  @Test
  public void sameTextSameVectorInABatchAcrossCallsAndAlone() throws Exception {
    try (Embedder e = newEmbedder()) {
      List<String> texts = texts();
      String t = texts.get(0);
      float[][] batch = e.embed(List.of(t, texts.get(1), t), Role.DOCUMENT);
      assertSame(batch[0], batch[2], tolerance(), "a text twice in one batch");
      float[][] again = e.embed(List.of(t), Role.DOCUMENT);
      assertSame(batch[0], again[0], tolerance(), "the text alone, in a later call");
      float[][] all = e.embed(texts, Role.DOCUMENT);
      for (int i = 0; i < texts.size(); i++) {
        assertSame(all[i], e.embed(List.of(texts.get(i)), Role.DOCUMENT)[0], tolerance(),
            "text " + i + " batched and alone");
      }
    }
  }

  @Test
  public void emptyListGivesEmptyArray() throws Exception {
    try (Embedder e = newEmbedder()) {
      assertEquals(0, e.embed(List.of(), Role.QUERY).length);
      assertEquals(0, e.embed(List.of()).length);
    }
  }

  @Test
  public void nullListRoleAndElementAreRefusedNamingTheIndex() throws Exception {
    try (Embedder e = newEmbedder()) {
      assertThrows(IllegalArgumentException.class, () -> e.embed(null, Role.DOCUMENT), "null list");
      assertThrows(IllegalArgumentException.class, () -> e.embed(List.of("a"), null), "null role");
      List<String> withNull = Arrays.asList("a", "b", null, "d");
      IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
          () -> e.embed(withNull, Role.DOCUMENT));
      assertTrue(x.getMessage() != null && x.getMessage().contains("texts[2]"), "names the index: " + x.getMessage());
    }
  }

  @Test
  public void unpairedSurrogateIsRefusedNamingTheIndex() throws Exception {
    try (Embedder e = newEmbedder()) {
      for (String bad : List.of("x\uD800", "\uDC00y", "a\uD83Db")) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
            () -> e.embed(List.of("fine", bad), Role.QUERY), "unpaired surrogate in " + bad.length() + " chars");
        assertTrue(x.getMessage() != null && x.getMessage().contains("texts[1]"), "names the index: " + x.getMessage());
      }
    }
  }

  @Test
  public void bothRolesEmbedAndTheDefaultIsDocument() throws Exception {
    try (Embedder e = newEmbedder()) {
      List<String> texts = texts();
      float[][] q = e.embed(texts, Role.QUERY);
      float[][] d = e.embed(texts, Role.DOCUMENT);
      float[][] plain = e.embed(texts);
      assertEquals(texts.size(), q.length);
      boolean anyDiffers = false;
      for (int i = 0; i < texts.size(); i++) {
        assertEquals(e.dimension(), q[i].length, "query vector " + i);
        VectorUtil.checkFinite(q[i], "query vector " + i);
        assertSame(d[i], plain[i], tolerance(), "embed(texts) is embed(texts, DOCUMENT) for text " + i);
        anyDiffers |= !Arrays.equals(q[i], d[i]);
      }
      if (rolesDiffer()) {
        assertTrue(anyDiffers, "an embedder with role prefixes gives queries other vectors");
      }
    }
  }

  @Test
  public void idAndDimensionDoNotRunTheModel() throws Exception {
    try (Embedder e = newEmbedder()) {
      Optional<Long> before = modelTexts(e);
      String id = e.id();
      int dim = e.dimension();
      assertTrue(id != null && !id.isBlank(), "id: " + id);
      assertTrue(dim > 0, "dimension: " + dim);
      assertEquals(id, e.id(), "stable id");
      assertEquals(dim, e.dimension(), "stable dimension");
      assertEquals(before, modelTexts(e), "id() and dimension() ran the model");
      e.embed(List.of("count me"), Role.DOCUMENT);
      Optional<Long> after = modelTexts(e);
      if (before.isPresent()) {
        assertTrue(after.orElseThrow() > before.get(), "the counter counts: " + before + " -> " + after);
      }
    }
  }

  @Test
  public void closeIsIdempotentAndUseAfterCloseIsIllegalState() throws Exception {
    Embedder e = newEmbedder();
    e.embed(List.of("before close"), Role.DOCUMENT);
    e.close();
    e.close();
    IllegalStateException x = assertThrows(IllegalStateException.class,
        () -> e.embed(List.of("after close"), Role.DOCUMENT));
    assertTrue(x.getMessage() != null && x.getMessage().contains("closed"), x.getMessage());
    e.close();
  }

  @Test
  public void describesItselfWithoutRunningTheModel() throws Exception {
    try (Embedder e = newEmbedder()) {
      assertTrue(e instanceof ProvenanceSource, e.getClass().getName() + " should describe itself (ProvenanceSource)");
      Optional<Long> before = modelTexts(e);
      Provenance p = ((ProvenanceSource) e).provenance();
      assertNotNull(p);
      assertFalse(p.kind().isBlank());
      assertEquals(p.canonical(), ((ProvenanceSource) e).provenance().canonical(), "stable description");
      assertEquals(before, modelTexts(e), "provenance() ran the model");
    }
  }
}

package dev.embedlab.interop.langchain4j;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.data.Document;
import dev.embedlab.eval.lexical.Bm25Index;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.core.retrieval.Retriever;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small deterministic fixtures: a six-passage corpus with provenance and a hash-of-words embedder. */
final class Toy {
  private Toy() {}

  /** Passage id → (text, file, page). */
  record Passage(String id, String text, String file, int page) {}

  static final List<Passage> CORPUS = List.of(
      new Passage("d1", "Kimchi is fermented napa cabbage seasoned with chili pepper and garlic", "kimchi.pdf", 2),
      new Passage("d2", "The Han River flows through Seoul into the Yellow Sea", "seoul.html", 1),
      new Passage("d3", "Lucene HNSW graphs answer approximate nearest neighbour queries over vectors", "ann.docx", 1),
      new Passage("d4", "BM25 ranks documents by term frequency and inverse document frequency", "bm25.md", 1),
      new Passage("d5", "Bibimbap is rice topped with vegetables beef egg and chili paste", "food.pdf", 5),
      new Passage("d6", "Cherry blossoms in Jinhae attract visitors every April", "travel.html", 3));

  static final String KIMCHI_QUESTION = "How is kimchi fermented from cabbage?";

  /** The passages as LangChain4j segments with their file and page. */
  static Map<String, TextSegment> segments() {
    Map<String, TextSegment> m = new LinkedHashMap<>();
    for (Passage p : CORPUS) {
      m.put(p.id(), TextSegment.from(p.text(), Metadata.from(Map.of("file", p.file(), "page", p.page()))));
    }
    return m;
  }

  static Bm25Index bm25() {
    List<Document> docs = new ArrayList<>();
    for (Passage p : CORPUS) {
      docs.add(new Document(p.id(), "", p.text()));
    }
    return Bm25Index.builder().build(docs);
  }

  static Retriever exact(Embedder e) {
    String[] ids = CORPUS.stream().map(Passage::id).toArray(String[]::new);
    float[][] v = e.embed(CORPUS.stream().map(Passage::text).toList(), Embedder.Role.DOCUMENT);
    return ExactSearch.builder().build().retriever(ids, v);
  }

  /**
   * Bag of words hashed into {@code dim} buckets (lower-cased letters and digits), unit length:
   * texts sharing words have a positive cosine, texts sharing none a cosine of 0 (barring bucket
   * collisions). Records the role of every call.
   */
  static final class HashWords implements Embedder {
    final int dim;
    final List<Role> roles = new CopyOnWriteArrayList<>();

    HashWords(int dim) {
      this.dim = dim;
    }

    @Override
    public float[][] embed(List<String> texts, Role role) {
      roles.add(role);
      float[][] out = new float[texts.size()][];
      for (int i = 0; i < out.length; i++) {
        float[] v = new float[dim];
        for (String w : texts.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
          if (!w.isEmpty()) {
            v[Math.floorMod(w.hashCode(), dim)] += 1f;
          }
        }
        out[i] = VectorUtil.normalizeInPlace(v);
      }
      return out;
    }

    @Override
    public int dimension() {
      return dim;
    }

    @Override
    public String id() {
      return "hash-words-" + dim;
    }
  }
}

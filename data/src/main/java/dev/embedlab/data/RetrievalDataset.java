package dev.embedlab.data;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A retrieval test collection: corpus, queries and relevance judgments, with its provenance.
 *
 * <p>Invariants checked here: document ids unique, query ids unique. Qrels may name documents
 * absent from the corpus (real collections do); loaders report those in {@link #warnings()}.
 *
 * @param id data set id (e.g. {@code scifact/test}), used in provenance
 * @param licence licence text or SPDX-like name; "unspecified" when unknown
 * @param source where it came from (path, URL or repository @ commit)
 * @param corpus documents in file order
 * @param queries queries in file order (only those with judgments, for loaders)
 * @param qrels judgments
 * @param warnings what the loader noticed but did not reject (e.g. qrels ids missing from the corpus)
 */
public record RetrievalDataset(String id, String licence, String source, List<Document> corpus,
    List<Query> queries, Qrels qrels, List<String> warnings) {

  /** Validates and copies. */
  public RetrievalDataset {
    Objects.requireNonNull(id, "id");
    licence = licence == null ? "unspecified" : licence;
    source = source == null ? "" : source;
    corpus = List.copyOf(corpus);
    queries = List.copyOf(queries);
    Objects.requireNonNull(qrels, "qrels");
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    Set<String> ids = new HashSet<>();
    for (Document d : corpus) {
      if (!ids.add(d.id())) {
        throw new IllegalArgumentException("duplicate document id=" + d.id() + " in data set " + id);
      }
    }
    ids.clear();
    for (Query q : queries) {
      if (!ids.add(q.id())) {
        throw new IllegalArgumentException("duplicate query id=" + q.id() + " in data set " + id);
      }
    }
  }

  /** A data set without warnings. */
  public RetrievalDataset(String id, String licence, String source, List<Document> corpus,
      List<Query> queries, Qrels qrels) {
    this(id, licence, source, corpus, queries, qrels, List.of());
  }

  /** @return document id → document, in corpus order */
  public Map<String, Document> corpusById() {
    Map<String, Document> m = new LinkedHashMap<>();
    for (Document d : corpus) {
      m.put(d.id(), d);
    }
    return m;
  }

  /**
   * @return how many queries have blank text (loaders keep them and say so in {@link #warnings()};
   *     an embedder sees an empty string for each)
   */
  public int emptyQueries() {
    int n = 0;
    for (Query q : queries) {
      if (q.text().isBlank()) {
        n++;
      }
    }
    return n;
  }

  /** @return how many documents have blank title and text (kept by loaders, named in {@link #warnings()}) */
  public int emptyDocuments() {
    int n = 0;
    for (Document d : corpus) {
      if (d.title().isBlank() && d.text().isBlank()) {
        n++;
      }
    }
    return n;
  }

  /** @return a copy with another licence string */
  public RetrievalDataset withLicence(String newLicence) {
    return new RetrievalDataset(id, newLicence, source, corpus, queries, qrels, warnings);
  }

  /** @return a copy with another source string */
  public RetrievalDataset withSource(String newSource) {
    return new RetrievalDataset(id, licence, newSource, corpus, queries, qrels, warnings);
  }

  @Override
  public String toString() {
    return "RetrievalDataset[" + id + ": " + corpus.size() + " docs, " + queries.size() + " queries, "
        + qrels.size() + " judgments, " + warnings.size() + " warnings]";
  }
}

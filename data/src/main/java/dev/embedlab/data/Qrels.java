package dev.embedlab.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Relevance judgments: query id → (document id → integer relevance), immutable.
 *
 * <p>Conventions (trec_eval's): a document is <em>relevant</em> when its relevance is ≥ 1;
 * judged-but-not-relevant documents (relevance 0 or negative) are kept, since nDCG's ideal ranking
 * and the set of judged queries depend on them. Query order is the order of first appearance in
 * the source. A (query, document) pair may appear only once.
 */
public final class Qrels {
  private final Map<String, Map<String, Integer>> judgments;
  private final int size;

  private Qrels(Map<String, Map<String, Integer>> judgments) {
    Map<String, Map<String, Integer>> copy = new LinkedHashMap<>();
    int n = 0;
    for (Map.Entry<String, Map<String, Integer>> e : judgments.entrySet()) {
      Objects.requireNonNull(e.getKey(), "query id");
      Map<String, Integer> docs = new LinkedHashMap<>();
      for (Map.Entry<String, Integer> d : e.getValue().entrySet()) {
        docs.put(Objects.requireNonNull(d.getKey(), "doc id"), Objects.requireNonNull(d.getValue(), "relevance"));
      }
      if (!docs.isEmpty()) {
        copy.put(e.getKey(), Collections.unmodifiableMap(docs));
        n += docs.size();
      }
    }
    this.judgments = Collections.unmodifiableMap(copy);
    this.size = n;
  }

  /** Copies {@code judgments} (query → doc → relevance); queries with no judgments are dropped. */
  public static Qrels of(Map<String, ? extends Map<String, Integer>> judgments) {
    Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
    judgments.forEach((q, d) -> m.put(q, new LinkedHashMap<>(d)));
    return new Qrels(m);
  }

  /** @return a builder that rejects duplicate (query, document) pairs */
  public static Builder builder() {
    return new Builder();
  }

  /** Accumulates judgments; {@link #build()} returns an immutable {@link Qrels}. */
  public static final class Builder {
    private final Map<String, Map<String, Integer>> m = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Adds one judgment.
     *
     * @throws IllegalArgumentException if (qid, docId) was already added
     */
    public Builder add(String qid, String docId, int relevance) {
      Objects.requireNonNull(qid, "qid");
      Objects.requireNonNull(docId, "docId");
      Integer prev = m.computeIfAbsent(qid, k -> new LinkedHashMap<>()).putIfAbsent(docId, relevance);
      if (prev != null) {
        throw new IllegalArgumentException("duplicate judgment for qid=" + qid + " docId=" + docId);
      }
      return this;
    }

    /** @return whether (qid, docId) has been added */
    public boolean contains(String qid, String docId) {
      Map<String, Integer> d = m.get(qid);
      return d != null && d.containsKey(docId);
    }

    /** @return the immutable qrels */
    public Qrels build() {
      return new Qrels(m);
    }
  }

  /**
   * Reads TREC qrels: whitespace-separated {@code qid iter docid rel} per line (the iter column is
   * ignored, as trec_eval does). Blank lines are skipped.
   *
   * @throws MalformedDataException on a line without 4 fields, a non-integer relevance, an id
   *     holding a control character, or a duplicate (qid, docid)
   */
  public static Qrels readTrec(Path file) throws IOException {
    Builder b = builder();
    TextFiles.forEachLine(file, (line, no) -> {
      if (line.isBlank()) {
        return;
      }
      String[] f = TextFiles.splitWhitespace(line);
      if (f.length != 4) {
        throw new MalformedDataException(file, no,
            "expected 4 whitespace-separated fields (qid iter docid rel), found " + f.length);
      }
      add(b, file, no, f[0], f[2], f[3]);
    });
    return b.build();
  }

  /**
   * Reads BEIR qrels: a header line {@code query-id corpus-id score}, then one tab-separated
   * {@code qid docid score} per line. Blank lines are skipped.
   *
   * @throws MalformedDataException on a wrong header, a line without 3 columns, a non-integer
   *     score, an id holding whitespace or a control character, or a duplicate (qid, docid)
   */
  public static Qrels readBeirTsv(Path file) throws IOException {
    Builder b = builder();
    TextFiles.forEachLine(file, (line, no) -> {
      if (no == 1) {
        java.util.List<String> h = TextFiles.split(line.strip(), '\t');
        if (h.size() != 3 || !h.get(0).strip().equals("query-id") || !h.get(1).strip().equals("corpus-id")
            || !h.get(2).strip().equals("score")) {
          throw new MalformedDataException(file, no,
              "expected header 'query-id<TAB>corpus-id<TAB>score', found '" + line + "'");
        }
        return;
      }
      if (line.isBlank()) {
        return;
      }
      java.util.List<String> f = TextFiles.split(line, '\t');
      if (f.size() != 3) {
        throw new MalformedDataException(file, no,
            "expected 3 tab-separated columns (query-id corpus-id score), found " + f.size());
      }
      add(b, file, no, f.get(0).strip(), f.get(1).strip(), f.get(2).strip());
    });
    return b.build();
  }

  private static void add(Builder b, Path file, long no, String qid, String docId, String rel)
      throws MalformedDataException {
    int r;
    try {
      r = Integer.parseInt(rel);
    } catch (NumberFormatException e) {
      throw new MalformedDataException(file, no, "expected an integer relevance, found '" + rel + "'");
    }
    if (qid.isEmpty() || docId.isEmpty()) {
      throw new MalformedDataException(file, no, "expected non-empty query and document ids");
    }
    Ids.check(file, no, "a query id", qid);
    Ids.check(file, no, "a document id", docId);
    if (b.contains(qid, docId)) {
      throw new MalformedDataException(file, no, "duplicate judgment for qid=" + qid + " docid=" + docId);
    }
    b.add(qid, docId, r);
  }

  /**
   * Writes TREC qrels ({@code qid 0 docid rel}), queries and documents in this object's order.
   *
   * @throws IllegalArgumentException before writing anything when an id holds whitespace or a
   *     control character (it would split into extra columns)
   */
  public void writeTrec(Path file) throws IOException {
    judgments.forEach((q, d) -> {
      Ids.checkForWriting("qid", q);
      d.keySet().forEach(docId -> Ids.checkForWriting("docid", docId));
    });
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, Map<String, Integer>> e : judgments.entrySet()) {
        for (Map.Entry<String, Integer> d : e.getValue().entrySet()) {
          w.write(e.getKey() + " 0 " + d.getKey() + " " + d.getValue() + "\n");
        }
      }
    }
  }

  /** @return the judged query ids, in order of first appearance (unmodifiable) */
  public Set<String> queryIds() {
    return judgments.keySet();
  }

  /** @return the relevance of {@code docId} for {@code qid}; 0 when not judged */
  public int relevance(String qid, String docId) {
    Map<String, Integer> d = judgments.get(qid);
    Integer r = d == null ? null : d.get(docId);
    return r == null ? 0 : r;
  }

  /** @return whether (qid, docId) is judged (with any relevance, including 0) */
  public boolean isJudged(String qid, String docId) {
    Map<String, Integer> d = judgments.get(qid);
    return d != null && d.containsKey(docId);
  }

  /** @return doc id → relevance for {@code qid} (unmodifiable; empty when the query is not judged) */
  public Map<String, Integer> judged(String qid) {
    return judgments.getOrDefault(qid, Map.of());
  }

  /** @return the number of documents with relevance ≥ 1 for {@code qid} */
  public int numRelevant(String qid) {
    int n = 0;
    for (int r : judged(qid).values()) {
      if (r >= 1) {
        n++;
      }
    }
    return n;
  }

  /** @return the number of (query, document) judgments */
  public int size() {
    return size;
  }

  /** @return the whole mapping, query → doc → relevance (unmodifiable) */
  public Map<String, Map<String, Integer>> asMap() {
    return judgments;
  }

  /** @return a copy holding only the queries in {@code qids} (order kept) */
  public Qrels restrictTo(Set<String> qids) {
    Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
    judgments.forEach((q, d) -> {
      if (qids.contains(q)) {
        m.put(q, d);
      }
    });
    return new Qrels(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Qrels q && q.judgments.equals(judgments);
  }

  @Override
  public int hashCode() {
    return judgments.hashCode();
  }

  @Override
  public String toString() {
    return "Qrels[" + judgments.size() + " queries, " + size + " judgments]";
  }
}

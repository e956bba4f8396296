package dev.embedlab.data;

import dev.embedlab.core.Checks;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A retrieval run: query id → ranked list of {@link ScoredDoc}, immutable.
 *
 * <p>Lists are held in trec_eval's order ({@link ScoredDoc#TREC_ORDER}: score descending, ties by
 * document id descending as strings), whatever order they were given in; the rank column of TREC
 * files is ignored, exactly as trec_eval ignores it. A document may appear once per query (trec_eval
 * rejects duplicates too). Query order is the order of first appearance.
 */
public final class Run {
  private final Map<String, List<ScoredDoc>> ranked;

  private Run(Map<String, List<ScoredDoc>> ranked) {
    this.ranked = ranked;
  }

  /**
   * Copies and sorts {@code results} into trec_eval order.
   *
   * @throws IllegalArgumentException when a document appears twice for one query
   */
  public static Run of(Map<String, ? extends List<ScoredDoc>> results) {
    Map<String, List<ScoredDoc>> m = new LinkedHashMap<>();
    for (Map.Entry<String, ? extends List<ScoredDoc>> e : results.entrySet()) {
      String qid = Objects.requireNonNull(e.getKey(), "query id");
      List<ScoredDoc> docs = new ArrayList<>(e.getValue());
      Set<String> seen = new HashSet<>();
      for (ScoredDoc d : docs) {
        if (!seen.add(Objects.requireNonNull(d, "scored doc").docId())) {
          throw new IllegalArgumentException("duplicate docId=" + d.docId() + " for qid=" + qid);
        }
      }
      docs.sort(ScoredDoc.TREC_ORDER);
      m.put(qid, Collections.unmodifiableList(docs));
    }
    return new Run(Collections.unmodifiableMap(m));
  }

  /**
   * The run of a batch of {@link dev.embedlab.core.retrieval.Ranking rankings} (what every
   * {@link dev.embedlab.core.retrieval.Retriever} returns), queries in the order given.
   *
   * @throws IllegalArgumentException when a query id appears twice
   */
  public static Run of(List<dev.embedlab.core.retrieval.Ranking> rankings) {
    Map<String, List<ScoredDoc>> m = new LinkedHashMap<>();
    for (dev.embedlab.core.retrieval.Ranking r : rankings) {
      List<ScoredDoc> docs = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) {
        docs.add(new ScoredDoc(r.docId(i), r.score(i)));
      }
      if (m.put(r.queryId(), Collections.unmodifiableList(docs)) != null) {
        throw new IllegalArgumentException("query " + r.queryId() + " appears twice");
      }
    }
    return new Run(Collections.unmodifiableMap(m)); // a Ranking is already in trec_eval order
  }

  /**
   * This run's lists as {@link dev.embedlab.core.retrieval.Ranking rankings}, for the queries in
   * {@code queryIds} order (an empty ranking for a query the run lacks).
   */
  public List<dev.embedlab.core.retrieval.Ranking> rankings(String[] queryIds) {
    List<dev.embedlab.core.retrieval.Ranking> out = new ArrayList<>(queryIds.length);
    for (String q : queryIds) {
      List<ScoredDoc> docs = ranked(q);
      String[] ids = new String[docs.size()];
      double[] s = new double[docs.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = docs.get(i).docId();
        s[i] = docs.get(i).score();
      }
      out.add(new dev.embedlab.core.retrieval.Ranking(q, ids, s));
    }
    return out;
  }

  /**
   * Reads a TREC run: whitespace-separated {@code qid Q0 docid rank score tag} per line. The rank
   * column is ignored; order is recomputed from the score as trec_eval does. Blank lines skipped.
   *
   * @throws MalformedDataException on a line without 6 fields, a non-numeric or non-finite score,
   *     an id holding a control character, or a document repeated within a query
   */
  public static Run readTrec(Path file) throws IOException {
    Map<String, List<ScoredDoc>> m = new LinkedHashMap<>();
    Map<String, Set<String>> seen = new LinkedHashMap<>();
    TextFiles.forEachLine(file, (line, no) -> {
      if (line.isBlank()) {
        return;
      }
      String[] f = TextFiles.splitWhitespace(line);
      if (f.length != 6) {
        throw new MalformedDataException(file, no,
            "expected 6 whitespace-separated fields (qid Q0 docid rank score tag), found " + f.length);
      }
      double score;
      try {
        score = Double.parseDouble(f[4]);
      } catch (NumberFormatException e) {
        throw new MalformedDataException(file, no, "expected a numeric score in field 5, found '" + f[4] + "'");
      }
      if (!Double.isFinite(score)) {
        throw new MalformedDataException(file, no, "expected a finite score in field 5, found '" + f[4] + "'");
      }
      Ids.check(file, no, "a qid", f[0]);
      Ids.check(file, no, "a docid", f[2]);
      if (!seen.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[2])) {
        throw new MalformedDataException(file, no, "duplicate docid=" + f[2] + " for qid=" + f[0]);
      }
      m.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new ScoredDoc(f[2], score));
    });
    return of(m);
  }

  /**
   * Writes a TREC run ({@code qid Q0 docid rank score tag}, rank 1-based in trec_eval order, score
   * printed with {@link Double#toString} so it reads back exactly).
   *
   * @param tag run tag, non-empty and without whitespace
   * @throws IllegalArgumentException before writing anything when the tag or an id holds
   *     whitespace or a control character (it would split into extra columns, and trec_eval would
   *     read the wrong ones)
   */
  public void writeTrec(Path file, String tag) throws IOException {
    if (tag == null || Ids.problem(tag) != null) {
      throw new IllegalArgumentException("tag must be non-empty without whitespace; tag=" + Ids.quote(tag));
    }
    ranked.forEach((q, l) -> {
      Ids.checkForWriting("qid", q);
      l.forEach(d -> Ids.checkForWriting("docid", d.docId()));
    });
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, List<ScoredDoc>> e : ranked.entrySet()) {
        int rank = 1;
        for (ScoredDoc d : e.getValue()) {
          w.write(e.getKey() + " Q0 " + d.docId() + " " + rank++ + " " + d.score() + " " + tag + "\n");
        }
      }
    }
  }

  /** @return the ranked list for {@code qid} in trec_eval order (unmodifiable; empty when absent) */
  public List<ScoredDoc> ranked(String qid) {
    return ranked.getOrDefault(qid, List.of());
  }

  /** @return whether the run has a (possibly empty) list for {@code qid} */
  public boolean contains(String qid) {
    return ranked.containsKey(qid);
  }

  /** @return the query ids of the run in order of first appearance (unmodifiable) */
  public Set<String> queryIds() {
    return ranked.keySet();
  }

  /** @return query id → ranked list (unmodifiable) */
  public Map<String, List<ScoredDoc>> asMap() {
    return ranked;
  }

  /** @return a run keeping only the first {@code k} documents of each list (trec_eval {@code -M k}) */
  public Run truncate(int k) {
    Checks.atLeast("k", k, 1);
    Map<String, List<ScoredDoc>> m = new LinkedHashMap<>();
    ranked.forEach((q, l) -> m.put(q, l.size() <= k ? l : List.copyOf(l.subList(0, k))));
    return new Run(Collections.unmodifiableMap(m));
  }

  /** @return the total number of (query, document) lines */
  public int size() {
    int n = 0;
    for (List<ScoredDoc> l : ranked.values()) {
      n += l.size();
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Run r && r.ranked.equals(ranked);
  }

  @Override
  public int hashCode() {
    return ranked.hashCode();
  }

  @Override
  public String toString() {
    return "Run[" + ranked.size() + " queries, " + size() + " results]";
  }
}

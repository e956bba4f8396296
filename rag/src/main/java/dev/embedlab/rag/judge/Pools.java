package dev.embedlab.rag.judge;

import dev.embedlab.core.retrieval.Ranking;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Judgment pools, as TREC builds them: for each query, the union of the top {@code depth} documents of
 * several retrievers (BM25 and dense, say), ordered by how many retrievers agree on a document, then
 * by its best rank; documents already judged are left out. The pool is written as a labelling file a
 * person fills in ({@link LabelFile}).
 */
public final class Pools {
  private Pools() {}

  /**
   * One pooled document.
   *
   * @param queryId the query
   * @param docId the document
   * @param votes how many retrievers put it in their top {@code depth}
   * @param bestRank its best 1-based rank in any of them
   */
  public record Entry(String queryId, String docId, int votes, int bestRank) {}

  /**
   * Pools {@code runs} (retriever name to rankings, one ranking per query) at {@code depth}.
   *
   * @param judged query id to the documents already judged (left out), may be empty
   * @param minVotes keep documents at least this many retrievers agree on ({@code >= 1})
   */
  public static List<Entry> pool(Map<String, List<Ranking>> runs, int depth, int minVotes,
      Map<String, ? extends java.util.Set<String>> judged) {
    if (depth < 1 || minVotes < 1) {
      throw new IllegalArgumentException("need depth >= 1 and minVotes >= 1; depth=" + depth + ", minVotes=" + minVotes);
    }
    if (minVotes > runs.size()) {
      throw new IllegalArgumentException("minVotes=" + minVotes + " exceeds the " + runs.size() + " retrievers pooled");
    }
    Map<String, Map<String, int[]>> byQuery = new LinkedHashMap<>();
    for (List<Ranking> rankings : runs.values()) {
      for (Ranking r : rankings) {
        Map<String, int[]> docs = byQuery.computeIfAbsent(r.queryId(), k -> new HashMap<>());
        for (int i = 0; i < Math.min(depth, r.size()); i++) {
          int[] v = docs.computeIfAbsent(r.docId(i), k -> new int[] {0, Integer.MAX_VALUE});
          v[0]++;
          v[1] = Math.min(v[1], i + 1);
        }
      }
    }
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, int[]>> q : byQuery.entrySet()) {
      java.util.Set<String> done = judged.containsKey(q.getKey()) ? judged.get(q.getKey()) : java.util.Set.of();
      List<Entry> es = new ArrayList<>();
      q.getValue().forEach((doc, v) -> {
        if (v[0] >= minVotes && !done.contains(doc)) {
          es.add(new Entry(q.getKey(), doc, v[0], v[1]));
        }
      });
      es.sort(Comparator.comparingInt(Entry::votes).reversed().thenComparingInt(Entry::bestRank)
          .thenComparing(Entry::docId));
      out.addAll(es);
    }
    return out;
  }

  /**
   * Writes {@code pool} as a labelling file: a header, then one row per entry with an empty label
   * column for a person to fill with a grade ({@code 0} not relevant, {@code 1} relevant,
   * {@code 2} highly relevant), and the query and document texts to read (tabs and line breaks
   * replaced by spaces).
   */
  public static void writeLabelFile(Path file, List<Entry> pool, Function<String, String> queryText,
      Function<String, String> docText) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(LabelFile.HEADER);
      w.write('\n');
      for (Entry e : pool) {
        w.write(e.queryId() + "\t" + e.docId() + "\t\t" + e.votes() + "\t" + flat(queryText.apply(e.queryId()))
            + "\t" + flat(docText.apply(e.docId())) + "\n");
      }
    }
  }

  private static String flat(String s) {
    return s == null ? "" : s.replaceAll("[\\t\\r\\n]+", " ");
  }
}

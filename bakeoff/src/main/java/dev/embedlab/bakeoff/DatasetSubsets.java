package dev.embedlab.bakeoff;

import dev.embedlab.core.Checks;
import dev.embedlab.data.Document;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Smaller versions of a retrieval set for quick bake-offs, each with the sentence a report must
 * show so its numbers are not mistaken for full-set numbers.
 */
public final class DatasetSubsets {
  private DatasetSubsets() {}

  /**
   * A subset and what to tell the reader about it.
   *
   * @param dataset the smaller data set (its id says how it was cut)
   * @param note the sentence for the report, or empty when nothing was cut
   */
  public record Subset(RetrievalDataset dataset, String note) {}

  /** The first {@code n} queries (and their judgments); the corpus is kept whole. */
  public static Subset firstQueries(RetrievalDataset ds, int n) {
    Checks.atLeast("n", n, 1);
    if (n >= ds.queries().size()) {
      return new Subset(ds, "");
    }
    List<Query> qs = ds.queries().subList(0, n);
    Set<String> ids = new HashSet<>();
    qs.forEach(q -> ids.add(q.id()));
    RetrievalDataset out = new RetrievalDataset(ds.id() + " (first " + n + " of " + ds.queries().size() + " queries)",
        ds.licence(), ds.source(), ds.corpus(), qs, ds.qrels().restrictTo(ids), ds.warnings());
    return new Subset(out, "Query subset: the first " + Words.count(n, "query", "queries") + " of "
        + String.format(java.util.Locale.ROOT, "%,d", ds.queries().size())
        + "; means over a different query set are not comparable.");
  }

  /**
   * At most {@code maxDocs} documents: every document judged for a query of {@code ds} (any grade,
   * so all of them even when they alone exceed {@code maxDocs}) plus a uniform random sample of the
   * others, drawn with {@code seed}; corpus order is kept. A smaller corpus makes retrieval easier,
   * so the note says the numbers are not comparable to full-corpus numbers.
   */
  public static Subset sampleCorpus(RetrievalDataset ds, int maxDocs, long seed) {
    Checks.atLeast("maxDocs", maxDocs, 1);
    if (maxDocs >= ds.corpus().size()) {
      return new Subset(ds, "");
    }
    Set<String> judged = new HashSet<>();
    for (Query q : ds.queries()) {
      judged.addAll(ds.qrels().judged(q.id()).keySet());
    }
    List<Integer> others = new ArrayList<>();
    int judgedInCorpus = 0;
    for (int i = 0; i < ds.corpus().size(); i++) {
      if (judged.contains(ds.corpus().get(i).id())) {
        judgedInCorpus++;
      } else {
        others.add(i);
      }
    }
    int extra = Math.max(0, maxDocs - judgedInCorpus);
    Collections.shuffle(others, new Random(seed));
    Set<Integer> keep = new HashSet<>(others.subList(0, Math.min(extra, others.size())));
    List<Document> docs = new ArrayList<>();
    for (int i = 0; i < ds.corpus().size(); i++) {
      if (keep.contains(i) || judged.contains(ds.corpus().get(i).id())) {
        docs.add(ds.corpus().get(i));
      }
    }
    String full = String.format(java.util.Locale.ROOT, "%,d", ds.corpus().size());
    RetrievalDataset out = new RetrievalDataset(ds.id() + " (corpus subset: " + docs.size() + " of " + full
        + " documents, seed " + seed + ")", ds.licence(), ds.source(), docs, ds.queries(), ds.qrels(), ds.warnings());
    return new Subset(out, "Corpus subset: " + String.format(java.util.Locale.ROOT, "%,d", docs.size()) + " of " + full
        + " documents (all " + Words.count(judgedInCorpus, "judged document") + " of the evaluated queries + "
        + Words.count(docs.size() - judgedInCorpus, "other document") + " sampled with seed " + seed
        + "). Fewer distractors make retrieval easier: these numbers are NOT comparable to full-corpus numbers.");
  }
}

package dev.embedlab.eval.regression;

import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.eval.lexical.Bm25Index;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs {@code bm25:anserini-flat} and {@code bm25:anserini-multifield}: {@link Bm25Index#anseriniBeir}
 * on a BEIR folder, measured as trec_eval measures a run, with the index statistics Anserini prints.
 */
public final class Bm25RegressionRunner implements RegressionRunner {
  private static final Map<String, Bm25Index.Fields> KINDS = Map.of(
      "bm25:anserini-flat", Bm25Index.Fields.FLAT, "bm25:anserini-multifield", Bm25Index.Fields.MULTIFIELD);

  @Override
  public boolean accepts(String candidate) {
    return candidate.startsWith("bm25:");
  }

  @Override
  public Measured run(Regression r, Path sharedRoot, PrintStream log) throws IOException {
    Bm25Index.Fields fields = KINDS.get(r.candidate());
    if (fields == null) {
      throw new IllegalArgumentException(r.name() + ": unknown BM25 candidate '" + r.candidate()
          + "'; expected one of " + new java.util.TreeSet<>(KINDS.keySet()));
    }
    if (!r.datasetKind().equals("beir")) {
      throw new IllegalArgumentException(r.name() + ": BM25 needs a beir data set; kind=" + r.datasetKind());
    }
    long t0 = System.nanoTime();
    RetrievalDataset ds = BeirDatasets.load(sharedRoot.resolve(r.datasetPath()), r.split());
    try (Bm25Index idx = Bm25Index.anseriniBeir(fields).build(ds.corpus())) {
      Bm25Index.IndexStats s = idx.stats();
      log.println(r.name() + ": indexed " + s.documents() + " documents, " + s.totalTerms() + " terms");
      Map<String, Double> metrics = Evaluation.retrieval(r, ds.qrels(), idx.search(ds.queries(), r.hits()));
      Map<String, Long> stats = new LinkedHashMap<>();
      stats.put("documents", s.documents());
      stats.put("documents_non_empty", s.nonEmptyDocuments());
      stats.put("total_terms", s.totalTerms());
      return new Measured(metrics, stats, (System.nanoTime() - t0) / 1e9);
    }
  }
}

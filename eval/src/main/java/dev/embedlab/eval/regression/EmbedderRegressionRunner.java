package dev.embedlab.eval.regression;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.core.source.SourceContext;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.data.PairDataset;
import dev.embedlab.data.PairDatasets;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.Run;
import dev.embedlab.eval.search.ExactSearch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code embedder:SPEC}: the model {@code SPEC} opened through {@link EmbedderSources} (a shipped
 * model id, {@code hf:ORG/NAME}, {@code onnx:DIR}, a paid API…), so this module never names a model
 * implementation. Retrieval: documents embedded as {@link Embedder.Role#DOCUMENT} (title and text
 * joined as the BEIR reference code joins them), queries as {@link Embedder.Role#QUERY}, exact
 * inner-product search. Pairs: both sides embedded with the file's {@code pair_role} (MTEB embeds STS
 * sentences as queries for e5 and without instruction for bge), cosine similarity.
 */
public final class EmbedderRegressionRunner implements RegressionRunner {
  private static final String PREFIX = "embedder:";
  private static final int BATCH = 64;

  @Override
  public boolean accepts(String candidate) {
    return candidate.startsWith(PREFIX);
  }

  @Override
  public Measured run(Regression r, Path sharedRoot, PrintStream log) throws IOException {
    String spec = r.candidate().substring(PREFIX.length());
    long t0 = System.nanoTime();
    try (Embedder e = EmbedderSources.load().open(spec, SourceContext.defaults())) {
      Map<String, Double> metrics;
      if (r.datasetKind().equals("beir")) {
        RetrievalDataset ds = BeirDatasets.load(sharedRoot.resolve(r.datasetPath()), r.split());
        List<Document> corpus = ds.corpus();
        float[][] docs = embed(e, corpus.stream().map(Document::titleAndText).toList(), Embedder.Role.DOCUMENT, log, r.name());
        float[][] qs = embed(e, ds.queries().stream().map(Query::text).toList(), Embedder.Role.QUERY, log, r.name());
        String[] docIds = corpus.stream().map(Document::id).toArray(String[]::new);
        String[] qIds = ds.queries().stream().map(Query::id).toArray(String[]::new);
        Run run = Run.of(ExactSearch.builder().k(r.hits()).build().search(qs, qIds, docs, docIds));
        metrics = Evaluation.retrieval(r, ds.qrels(), run);
      } else {
        PairDataset ds = PairDatasets.stsBenchmark(sharedRoot.resolve(r.datasetPath()));
        Embedder.Role role = r.pairRole().equals("query") ? Embedder.Role.QUERY : Embedder.Role.DOCUMENT;
        float[][] a = embed(e, ds.textsA(), role, log, r.name());
        float[][] b = embed(e, ds.textsB(), role, log, r.name());
        double[] cos = new double[a.length];
        for (int i = 0; i < a.length; i++) {
          cos[i] = VectorUtil.cosine(a[i], b[i]);
        }
        metrics = Evaluation.pairs(r, cos, ds.scores());
      }
      return new Measured(metrics, Map.of(), (System.nanoTime() - t0) / 1e9);
    }
  }

  private static float[][] embed(Embedder e, List<String> texts, Embedder.Role role, PrintStream log, String name) {
    float[][] out = new float[texts.size()][];
    long last = System.nanoTime();
    for (int from = 0; from < texts.size(); from += BATCH) {
      int to = Math.min(texts.size(), from + BATCH);
      float[][] part = e.embed(texts.subList(from, to), role);
      System.arraycopy(part, 0, out, from, part.length);
      if (System.nanoTime() - last > 10_000_000_000L) {
        log.println(name + ": embedded " + to + " of " + texts.size() + " " + role.name().toLowerCase(java.util.Locale.ROOT) + " texts");
        last = System.nanoTime();
      }
    }
    return out;
  }
}

package dev.embedlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.core.retrieval.Ranking;
import dev.embedlab.bakeoff.BakeOff;
import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.Candidate;
import dev.embedlab.bakeoff.CandidateResult;
import dev.embedlab.bakeoff.report.BakeOffReports;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.Run;
import dev.embedlab.eval.metrics.EvaluationResult;
import dev.embedlab.eval.metrics.RankingEvaluator;
import dev.embedlab.eval.search.ExactSearch;
import dev.embedlab.eval.search.ScoreBackend;
import dev.embedlab.models.KnownModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real data: a SciFact subset (the first 40 test queries, their judged documents and the first
 * 60 corpus documents) embedded with all-MiniLM-L6-v2 on Spark and in one JVM; the distributed run
 * against {@link ExactSearch}; and the Spark bake-off against {@link BakeOff}.
 */
@ExtendWith(SharedSpark.class)
class SciFactSparkTest {
  static final int QUERIES = 40;
  static final int EXTRA_DOCS = 60;
  static final int MAX_LENGTH = 128; // keeps the run short; the same on both sides
  static RetrievalDataset subset;

  @BeforeAll
  static void load() throws Exception {
    Path shared = SharedSpark.shared();
    Path dir = shared == null ? null : shared.resolve("data/scifact");
    assumeTrue(dir != null && Files.isDirectory(dir), "SciFact not found under ../shared/data/scifact; skipped");
    RetrievalDataset full = BeirDatasets.load(dir, "test");
    List<Query> qs = full.queries().subList(0, QUERIES);
    Set<String> qids = new LinkedHashSet<>();
    Set<String> keep = new LinkedHashSet<>();
    for (Query q : qs) {
      qids.add(q.id());
      keep.addAll(full.qrels().judged(q.id()).keySet());
    }
    for (int i = 0; i < EXTRA_DOCS; i++) {
      keep.add(full.corpus().get(i).id());
    }
    List<Document> docs = new ArrayList<>();
    for (Document d : full.corpus()) {
      if (keep.contains(d.id())) {
        docs.add(d);
      }
    }
    subset = new RetrievalDataset("scifact/test[" + QUERIES + "q," + docs.size() + "d]", full.licence(),
        full.source(), docs, qs, full.qrels().restrictTo(qids));
  }

  static EmbedderSpec spec(int maxLength) {
    return EmbedderSpec.knownModel(KnownModel.ALL_MINILM_L6_V2).maxLength(maxLength).build();
  }

  @Test
  void sparkVectorsRunAndMetricsEqualTheSingleMachinePath() {
    SparkSession spark = SharedSpark.session();
    List<Row> rows = new ArrayList<>();
    for (Document d : subset.corpus()) {
      rows.add(RowFactory.create(d.id(), d.titleAndText()));
    }
    StructType schema = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);
    SparkEmbedJob.Embedded e = SparkEmbedJob.builder(spec(MAX_LENGTH)).l2Normalize(true).chunkSize(64).build()
        .embed(spark.createDataFrame(rows, schema).repartition(3));
    Dataset<Row> vectors = e.vectors().cache();
    Map<String, float[]> got = new HashMap<>();
    for (Row r : vectors.collectAsList()) {
      got.put(r.getString(0), SparkEmbedJob.vector(r, 1));
    }
    System.err.println("SciFact subset " + subset.id() + ": " + e.counters().snapshot());

    int nd = subset.corpus().size();
    String[] docIds = new String[nd];
    float[][] docs = new float[nd][];
    String[] qids = new String[subset.queries().size()];
    float[][] queries;
    try (Embedder single = spec(MAX_LENGTH).create()) {
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < nd; i++) {
        docIds[i] = subset.corpus().get(i).id();
        texts.add(subset.corpus().get(i).titleAndText());
      }
      float[][] want = single.embed(texts, Role.DOCUMENT);
      double minCos = 1;
      for (int i = 0; i < nd; i++) {
        docs[i] = VectorUtil.normalized(want[i]);
        minCos = Math.min(minCos, SharedSpark.cosine(got.get(docIds[i]), docs[i]));
      }
      System.err.println("min cosine Spark vs single JVM over " + nd + " SciFact documents: " + minCos);
      assertTrue(minCos >= SparkEmbedJobTest.MIN_COSINE, "min cosine " + minCos);
      List<String> qt = new ArrayList<>();
      for (int i = 0; i < qids.length; i++) {
        qids[i] = subset.queries().get(i).id();
        qt.add(subset.queries().get(i).text());
      }
      queries = single.embed(qt, Role.QUERY);
      for (int i = 0; i < queries.length; i++) {
        queries[i] = VectorUtil.normalized(queries[i]);
      }
    }
    // Same vectors on both sides (the Spark ones), so the comparison is of the searches alone.
    float[][] sparkDocs = new float[nd][];
    for (int i = 0; i < nd; i++) {
      sparkDocs[i] = got.get(docIds[i]);
    }
    List<Ranking> dist = SparkExactSearch.builder().k(100).build().search(vectors, qids, queries);
    Run run = Run.of(dist);
    Run java = Run.of(ExactSearch.builder().k(100).backend(ScoreBackend.JAVA).build().search(queries, qids, sparkDocs, docIds));
    assertEquals(java, run, "ids, order and scores equal ExactSearch's Java kernel");
    RankingEvaluator ev = RankingEvaluator.standard();
    EvaluationResult a = ev.evaluate(subset.qrels(), java);
    EvaluationResult b = ev.evaluate(subset.qrels(), run);
    assertEquals(a.means(), b.means());
    for (var m : a.measures()) {
      assertEquals(a.perQuery(m), b.perQuery(m), m.label());
    }
    // ExactSearch's BLAS kernel sums in another order: scores agree to float rounding.
    Run blas = Run.of(ExactSearch.builder().k(100).backend(ScoreBackend.BLAS).build().search(queries, qids, sparkDocs, docIds));
    double maxDiff = 0;
    int sameOrder = 0;
    for (String q : qids) {
      var x = run.ranked(q);
      var y = blas.ranked(q);
      boolean same = x.size() == y.size();
      for (int r = 0; r < Math.min(x.size(), y.size()); r++) {
        maxDiff = Math.max(maxDiff, Math.abs(x.get(r).score() - y.get(r).score()));
        same &= x.get(r).docId().equals(y.get(r).docId());
      }
      sameOrder += same ? 1 : 0;
    }
    System.err.println("vs BLAS kernel: max |score diff| at equal rank " + maxDiff + ", identical rankings "
        + sameOrder + "/" + qids.length + ", nDCG@10 " + a.means() + " vs " + ev.evaluate(subset.qrels(), blas).means());
    assertTrue(maxDiff < 1e-5, "BLAS scores within float rounding; max diff " + maxDiff);
    vectors.unpersist();
  }

  @Test
  void sparkBakeOffReportsWhatBakeOffReports(@TempDir Path dir) throws Exception {
    SparkSession spark = SharedSpark.session();
    EmbedderSpec full = spec(MAX_LENGTH);
    EmbedderSpec shortSpec = spec(32);
    BakeOffResult sparkResult = SparkBakeOff.builder(spark).dataset(subset).partitions(3)
        .candidate("minilm-128", full, "all-MiniLM-L6-v2, 128 tokens")
        .candidate("minilm-32", shortSpec, "all-MiniLM-L6-v2, 32 tokens").significance(0.95, 1000, 42, 0.05).build().run();
    BakeOffResult local = BakeOff.builder().dataset(subset).latencyQueries(0).significance(0.95, 1000, 42, 0.05)
        .candidate(Candidate.of("minilm-128", full::create))
        .candidate(Candidate.of("minilm-32", shortSpec::create)).build().run();

    assertEquals(local.best(), sparkResult.best());
    for (CandidateResult l : local.candidates()) {
      CandidateResult s = sparkResult.candidate(l.name()).orElseThrow();
      assertEquals(l.quality().means(), s.quality().means(), l.name());
      assertEquals(l.quality().perQuery(), s.quality().perQuery(), l.name());
      assertEquals(l.quality().recallCurve(), s.quality().recallCurve(), l.name());
      assertEquals(l.footprint(), s.footprint(), l.name() + " (dimension, bytes, truncations)");
      assertEquals("1", s.info().properties().get("spark.executors"));
      assertEquals("local[2]", s.info().properties().get("spark.master"));
      System.err.println(l.name() + ": BakeOff " + l.timing() + "\n   SparkBakeOff " + s.timing()
          + " " + s.info().properties());
    }
    assertEquals(local.comparisons(), sparkResult.comparisons());
    BakeOffReports.Written w = BakeOffReports.writeAll(sparkResult, dir);
    String json = Files.readString(w.json());
    assertTrue(json.contains("spark.executors") && json.contains("minilm-32"), "provenance in the JSON report");
    assertTrue(Files.size(w.html()) > 1000 && Files.size(w.markdown()) > 100);
  }
}

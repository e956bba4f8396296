package dev.embedlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The embedding job on the shared local[2] session against the single-JVM embedder (all-MiniLM-L6-v2 weights). */
@ExtendWith(SharedSpark.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkEmbedJobTest {
  /** fp32 batching is exact; the bound leaves room only for summation-order noise. */
  static final double MIN_COSINE = 0.999999;
  static final int MAX_LENGTH = 24; // short, so several fixture texts are truncated

  static final StructType INPUT = new StructType().add("id", DataTypes.StringType).add("text", DataTypes.StringType);

  /** 13 texts: an empty one, short ones, and long ones cut at MAX_LENGTH tokens. */
  static List<String[]> fixture() {
    List<String[]> rows = new ArrayList<>();
    String[] texts = {
        "", "a", "Exact search ranks documents by inner product.",
        "Spark runs one task per core and shares the executor's embedder between them.",
        "The quick brown fox jumps over the lazy dog. ".repeat(8),
        "Sentence embeddings map texts to vectors; cosine similarity compares them.",
        "트랜스포머 임베딩은 한국어 문장도 벡터로 바꾼다.",
        "Numbers 12 345 6789 and symbols #@!",
        "Truncation keeps the first tokens of a long passage and drops the rest of it, always. ".repeat(5),
        "short", "Another medium length sentence about retrieval evaluation with trec_eval.",
        "Parquet files store the vectors as arrays of floats.",
        "The last text."};
    for (int i = 0; i < texts.length; i++) {
      rows.add(new String[] {"d" + i, texts[i]});
    }
    return rows;
  }

  static Dataset<Row> frame(SparkSession spark, List<String[]> rows, int partitions) {
    List<Row> rs = new ArrayList<>();
    for (String[] r : rows) {
      rs.add(RowFactory.create(r[0], r[1]));
    }
    return spark.createDataFrame(rs, INPUT).repartition(partitions);
  }

  private static Embedder single;

  /** The single-JVM reference embedder (same spec as the executors'), built once for the class. */
  static synchronized Embedder single() {
    if (single == null) {
      single = minilm().create();
    }
    return single;
  }

  @AfterAll
  static synchronized void closeSingle() {
    if (single != null) {
      single.close();
      single = null;
    }
  }

  static EmbedderSpec minilm() {
    return EmbedderSpec.knownModel(KnownModel.ALL_MINILM_L6_V2).maxLength(MAX_LENGTH).build();
  }

  static Map<String, float[]> collect(Dataset<Row> vectors) {
    Map<String, float[]> m = new HashMap<>();
    for (Row r : vectors.collectAsList()) {
      m.put(r.getString(0), SparkEmbedJob.vector(r, 1));
    }
    return m;
  }

  @Test
  void vectorsAndCountersEqualTheSingleJvmEmbedder() {
    SparkSession spark = SharedSpark.session();
    List<String[]> rows = fixture();
    // 13 rows over 20 partitions: at least 7 partitions are empty.
    SparkEmbedJob.Embedded e = SparkEmbedJob.builder(minilm()).chunkSize(4).build()
        .embed(frame(spark, rows, 20));
    Map<String, float[]> got = collect(e.vectors());
    EmbedCounters.Stats s = e.counters().snapshot();

    List<String> texts = rows.stream().map(r -> r[1]).toList();
    try (OnnxEmbedder single = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).maxLength(MAX_LENGTH)
        .intraOpThreads(1).build()) {
      float[][] want = single.embed(texts, Role.DOCUMENT);
      int[] counts = single.tokenCounts(texts, Role.DOCUMENT);
      long tokens = 0;
      for (int c : counts) {
        tokens += c;
      }
      UsageReporting.Usage u = single.usage();
      assertEquals(rows.size(), got.size());
      int identical = 0;
      for (int i = 0; i < rows.size(); i++) {
        float[] v = got.get(rows.get(i)[0]);
        double cos = SharedSpark.cosine(v, want[i]);
        assertTrue(cos >= MIN_COSINE, "row " + rows.get(i)[0] + " cosine " + cos);
        identical += java.util.Arrays.equals(v, want[i]) ? 1 : 0;
      }
      System.err.println("embed job: " + s + "; bit-identical vectors " + identical + "/" + rows.size());
      assertEquals(rows.size(), s.rows());
      assertEquals(tokens, s.tokens(), "tokens accumulated across partitions");
      assertEquals(u.truncatedTexts(), s.truncatedTexts(), "truncations accumulated across partitions");
      assertTrue(s.truncatedTexts() >= 2, "fixture truncates its long texts; " + s);
      assertEquals(20, s.partitions());
      assertTrue(s.emptyPartitions() >= 7, "empty partitions counted; " + s);
      assertTrue(s.batches() >= 4, "chunks of 4 texts are at least 4 model calls; " + s);
    }
  }

  @Test
  void nullTextFailsNamingTheRowAndLeavesNoOutput(@TempDir Path dir) throws Exception {
    SparkSession spark = SharedSpark.session();
    List<String[]> rows = fixture();
    rows.set(5, new String[] {"d5", null});
    SparkEmbedJob.Embedded e = SparkEmbedJob.builder(minilm()).build().embed(frame(spark, rows, 3));
    Path out = dir.resolve("vectors.parquet");
    Exception ex = assertThrows(Exception.class,
        () -> SparkCorpora.writeParquetAtomically(e.vectors(), out.toString(), false));
    String msg = messages(ex);
    assertTrue(msg.contains("row id=d5") && msg.contains("null text"), msg);
    assertFalse(Files.exists(out), "no partial output");
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(), s.toList(), "temporary folder removed");
    }
  }

  @Test
  void nullIdFailsNamingThePartitionRow() {
    SparkSession spark = SharedSpark.session();
    List<String[]> rows = List.<String[]>of(new String[] {null, "text"});
    Exception ex = assertThrows(Exception.class, () -> SparkEmbedJob.builder(minilm()).build()
        .embed(frame(spark, rows, 1)).vectors().count());
    assertTrue(messages(ex).contains("null id"), messages(ex));
  }

  @Test
  void missingColumnIsNamed() {
    SparkSession spark = SharedSpark.session();
    Dataset<Row> bad = frame(spark, fixture(), 1).withColumnRenamed("text", "body");
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> SparkEmbedJob.builder(minilm()).build().embed(bad));
    assertTrue(ex.getMessage().contains("'text'") && ex.getMessage().contains("body"), ex.getMessage());
  }

  @Test
  void modelFolderMissingOnExecutorsIsNamed() {
    SparkSession spark = SharedSpark.session();
    String path = "/nonexistent/embedlab-model-" + System.nanoTime();
    Exception ex = assertThrows(Exception.class, () -> SparkEmbedJob.builder(EmbedderSpec.folder(path).build())
        .build().embed(frame(spark, fixture(), 2)).vectors().count());
    assertTrue(messages(ex).contains(path) && messages(ex).contains("missing on executor"), messages(ex));

    Exception ex2 = assertThrows(Exception.class, () -> SparkEmbedJob.builder(
        EmbedderSpec.sparkFile("never-distributed-model").build()).build()
        .embed(frame(spark, fixture(), 2)).vectors().count());
    assertTrue(messages(ex2).contains("never-distributed-model") && messages(ex2).contains("distribute"),
        messages(ex2));
  }

  @Test
  void distributedModelFolderEmbedsLikeTheCatalogModel(@TempDir Path dir) throws Exception {
    SparkSession spark = SharedSpark.session();
    Path folder = SharedSpark.minilmFolder(dir);
    EmbedderSpec spec = EmbedderSpec.distribute(spark.sparkContext(), folder).maxLength(MAX_LENGTH).build();
    Map<String, float[]> got = collect(SparkEmbedJob.builder(spec).role(Role.QUERY).build()
        .embed(frame(spark, fixture(), 3)).vectors());
    List<String[]> rows = fixture();
    float[][] want = single().embed(rows.stream().map(r -> r[1]).toList(), Role.QUERY);
    for (int i = 0; i < rows.size(); i++) {
      double cos = SharedSpark.cosine(got.get(rows.get(i)[0]), want[i]);
      assertTrue(cos >= MIN_COSINE, rows.get(i)[0] + " cosine " + cos);
    }
  }

  @Test
  void preprocessingRulesTravelWithTheSpec() {
    SparkSession spark = SharedSpark.session();
    EmbedderSpec spec = EmbedderSpec.knownModel(KnownModel.ALL_MINILM_L6_V2).maxLength(MAX_LENGTH)
        .rules("inline-rules", "lowercase\n").build();
    Map<String, float[]> got = collect(SparkEmbedJob.builder(spec).build()
        .embed(frame(spark, List.<String[]>of(new String[] {"x", "HELLO World"}), 1)).vectors());
    float[] want = single().embed(List.of("hello world"))[0];
    assertTrue(SharedSpark.cosine(got.get("x"), want) >= MIN_COSINE);
  }

  @Test
  void readsJsonlBeirAndParquetAndWritesAtomically(@TempDir Path dir) throws Exception {
    SparkSession spark = SharedSpark.session();
    Path beir = Files.createDirectories(dir.resolve("beir"));
    Files.writeString(beir.resolve("corpus.jsonl"), String.join("\n",
        "{\"_id\": 7, \"title\": \"Title\", \"text\": \"body seven\"}",
        "{\"_id\": \"a\", \"title\": \"\", \"text\": \"only text\"}",
        "{\"_id\": \"b\", \"text\": \"no title\"}") + "\n");
    Map<String, String> want = Map.of("7", "Title body seven", "a", "only text", "b", "no title");
    assertEquals(want, texts(SparkCorpora.read(spark, beir.toString(), SparkCorpora.Format.BEIR)));
    assertEquals(want, texts(SparkCorpora.read(spark, beir.resolve("corpus.jsonl").toString(),
        SparkCorpora.Format.JSONL)));

    Path parquetIn = dir.resolve("in.parquet");
    SparkCorpora.writeParquetAtomically(SparkCorpora.read(spark, beir.toString(), SparkCorpora.Format.BEIR),
        parquetIn.toString(), false);
    assertEquals(want, texts(SparkCorpora.read(spark, parquetIn.toString(), SparkCorpora.Format.PARQUET)));

    SparkEmbedJob.Embedded e = SparkEmbedJob.builder(minilm()).build()
        .embed(SparkCorpora.read(spark, parquetIn.toString(), SparkCorpora.Format.PARQUET));
    Path out = dir.resolve("vectors");
    SparkCorpora.writeParquetAtomically(e.vectors(), out.toString(), false);
    Map<String, float[]> back = collect(spark.read().parquet(out.toString()));
    assertEquals(want.keySet(), back.keySet());
    float[] v = single().embed(List.of("Title body seven"))[0];
    assertTrue(SharedSpark.cosine(back.get("7"), v) >= MIN_COSINE);
    IllegalArgumentException exists = assertThrows(IllegalArgumentException.class,
        () -> SparkCorpora.writeParquetAtomically(e.vectors(), out.toString(), false));
    assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());
    try (Stream<Path> s = Files.list(dir)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary folder left");
    }
    Exception missing = assertThrows(Exception.class,
        () -> SparkCorpora.read(spark, dir.resolve("nope").toString(), SparkCorpora.Format.BEIR));
    assertTrue(messages(missing).contains("nope"), messages(missing));
  }

  /** Last: it closes every embedder of this JVM, which the other tests would otherwise reload. */
  @Test
  @Order(Integer.MAX_VALUE)
  void pluginClosesExecutorEmbeddersAtShutdown() {
    EmbedderSpec spec = EmbedderSpec.knownModel(KnownModel.ALL_MINILM_L6_V2).maxLength(16).build();
    ExecutorEmbedders.Entry a = ExecutorEmbedders.acquire(spec);
    assertTrue(a == ExecutorEmbedders.acquire(spec), "one embedder per spec per JVM");
    new EmbedlabSparkPlugin().executorPlugin().shutdown();
    assertEquals(0, ExecutorEmbedders.size());
    assertThrows(IllegalStateException.class, () -> a.embedder().embed(List.of("x")));
  }

  static Map<String, String> texts(Dataset<Row> d) {
    Map<String, String> m = new HashMap<>();
    for (Row r : d.collectAsList()) {
      m.put(r.getString(0), r.getString(1));
    }
    return m;
  }

  static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(" | ");
    }
    return sb.toString();
  }
}

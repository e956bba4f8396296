package dev.embedlab.eval.bakeoff.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.eval.bakeoff.BakeOffResult;
import dev.embedlab.eval.bakeoff.CandidateResult;
import dev.embedlab.eval.bakeoff.Comparison;
import dev.embedlab.eval.bakeoff.DatasetInfo;
import dev.embedlab.eval.bakeoff.PairResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a {@link BakeOffResult} as JSON with a stable schema, {@value #SCHEMA}.
 *
 * <p>Stability rules: fields are written in a fixed order; a field is never renamed or removed
 * within a schema version, only added; numbers are plain JSON numbers (seconds, milliseconds,
 * metric values in [0, 1]); an undefined value ({@code NaN}, a truncation count the embedder did
 * not report) is {@code null}, never omitted. Layout:
 * <pre>
 * { "schema", "run": {embedlabVersion, jvm, os, cores, startedAt, totalSeconds},
 *   "settings": {k, measures[], primaryMeasure, latencyQueries, excludeIdenticalIds,
 *                significance: {level, resamples, seed, alpha, test, ci, correction}},
 *   "dataset": {id, licence, source, documents, queries, judgments, warnings[]},
 *   "pairDataset": {…} | null, "best",
 *   "candidates": [{name, modelId, description, sha256, cachedEmbeddings, properties{},
 *                   dimension, bytesPerVector, truncatedTexts,
 *                   timing: {loadSeconds, corpusSeconds, docsPerSecond, querySeconds, searchSeconds, totalSeconds},
 *                   latency: {samples, p50Millis, p95Millis, meanMillis},
 *                   metrics: {label: mean}, recallCurve: {k: recall}, queries,
 *                   pairs: {datasetId, pairs, spearman, pearson, rocAuc} | null,
 *                   perQuery: {measure, values: {qid: value}}}],
 *   "comparisons": [{candidate, reference, measure, meanDifference, ciLower, ciUpper, ciLevel,
 *                    pValue, pHolm, significant, wins, losses, ties}] }
 * </pre>
 */
public final class BakeOffJson {
  /** The schema id written into every document. */
  public static final String SCHEMA = "embedlab.bakeoff/1";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private BakeOffJson() {}

  /** The JSON tree of {@code r}. */
  public static ObjectNode toTree(BakeOffResult r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    ObjectNode run = root.putObject("run");
    run.put("embedlabVersion", r.run().embedlabVersion());
    run.put("jvm", r.run().jvm());
    run.put("os", r.run().os());
    run.put("cores", r.run().cores());
    run.put("startedAt", r.run().startedAt().toString());
    run.put("totalSeconds", r.run().totalSeconds());

    ObjectNode st = root.putObject("settings");
    st.put("k", r.settings().k());
    ArrayNode ms = st.putArray("measures");
    r.settings().measures().forEach(ms::add);
    st.put("primaryMeasure", r.settings().primaryMeasure());
    st.put("latencyQueries", r.settings().latencyQueries());
    st.put("excludeIdenticalIds", r.settings().excludeIdenticalIds());
    ObjectNode sig = st.putObject("significance");
    sig.put("level", r.settings().significance().level());
    sig.put("resamples", r.settings().significance().resamples());
    sig.put("seed", r.settings().significance().seed());
    sig.put("alpha", r.settings().significance().alpha());
    sig.put("test", "paired randomisation (sign-flip), two-sided");
    sig.put("ci", "percentile bootstrap of the mean per-query difference");
    sig.put("correction", "Holm over the comparisons against the best");

    dataset(root.putObject("dataset"), r.dataset());
    if (r.pairDataset() == null) {
      root.putNull("pairDataset");
    } else {
      dataset(root.putObject("pairDataset"), r.pairDataset());
    }
    root.put("best", r.best());

    ArrayNode cs = root.putArray("candidates");
    for (CandidateResult c : r.candidates()) {
      ObjectNode o = cs.addObject();
      o.put("name", c.info().name());
      o.put("modelId", c.info().modelId());
      o.put("description", c.info().description());
      o.put("sha256", c.info().sha256());
      o.put("cachedEmbeddings", c.info().cachedEmbeddings());
      ObjectNode props = o.putObject("properties");
      c.info().properties().forEach(props::put);
      o.put("dimension", c.footprint().dimension());
      o.put("bytesPerVector", c.footprint().bytesPerVector());
      if (c.footprint().truncationReported()) {
        o.put("truncatedTexts", c.footprint().truncatedTexts());
      } else {
        o.putNull("truncatedTexts");
      }
      ObjectNode t = o.putObject("timing");
      t.put("loadSeconds", c.timing().loadSeconds());
      t.put("corpusSeconds", c.timing().corpusSeconds());
      t.put("docsPerSecond", c.timing().docsPerSecond());
      t.put("querySeconds", c.timing().querySeconds());
      t.put("searchSeconds", c.timing().searchSeconds());
      t.put("totalSeconds", c.timing().totalSeconds());
      ObjectNode l = o.putObject("latency");
      l.put("samples", c.latency().samples());
      l.put("p50Millis", c.latency().p50Millis());
      l.put("p95Millis", c.latency().p95Millis());
      l.put("meanMillis", c.latency().meanMillis());
      ObjectNode m = o.putObject("metrics");
      c.quality().means().forEach((k, v) -> number(m, k, v));
      ObjectNode rc = o.putObject("recallCurve");
      c.quality().recallCurve().forEach((k, v) -> number(rc, Integer.toString(k), v));
      o.put("queries", c.quality().queries());
      PairResult p = c.pairs();
      if (p == null) {
        o.putNull("pairs");
      } else {
        ObjectNode po = o.putObject("pairs");
        po.put("datasetId", p.datasetId());
        po.put("pairs", p.pairs());
        number(po, "spearman", p.spearman());
        number(po, "pearson", p.pearson());
        number(po, "rocAuc", p.rocAuc());
      }
      ObjectNode pq = o.putObject("perQuery");
      pq.put("measure", r.settings().primaryMeasure());
      ObjectNode vals = pq.putObject("values");
      for (Map.Entry<String, Double> e : c.quality().perQuery().entrySet()) {
        number(vals, e.getKey(), e.getValue());
      }
    }

    ArrayNode cmp = root.putArray("comparisons");
    double alpha = r.settings().significance().alpha();
    for (Comparison c : r.comparisons()) {
      ObjectNode o = cmp.addObject();
      o.put("candidate", c.candidate());
      o.put("reference", c.reference());
      o.put("measure", r.settings().primaryMeasure());
      o.put("meanDifference", c.meanDifference());
      o.put("ciLower", c.ci().lower());
      o.put("ciUpper", c.ci().upper());
      o.put("ciLevel", c.ci().level());
      o.put("pValue", c.pValue());
      o.put("pHolm", c.pHolm());
      o.put("significant", c.significant(alpha));
      o.put("wins", c.winLoss().wins());
      o.put("losses", c.winLoss().losses());
      o.put("ties", c.winLoss().ties());
    }
    return root;
  }

  /** The JSON text (indented, UTF-8 when written). */
  public static String toJson(BakeOffResult r) {
    try {
      return MAPPER.writeValueAsString(toTree(r)) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise bake-off result", e);
    }
  }

  /** Writes {@link #toJson} to {@code file} (UTF-8), creating parent folders. */
  public static void write(BakeOffResult r, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, toJson(r), StandardCharsets.UTF_8);
  }

  private static void dataset(ObjectNode o, DatasetInfo d) {
    o.put("id", d.id());
    o.put("licence", d.licence());
    o.put("source", d.source());
    o.put("documents", d.documents());
    o.put("queries", d.queries());
    o.put("judgments", d.judgments());
    ArrayNode w = o.putArray("warnings");
    d.warnings().forEach(w::add);
  }

  private static void number(ObjectNode o, String key, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }
}

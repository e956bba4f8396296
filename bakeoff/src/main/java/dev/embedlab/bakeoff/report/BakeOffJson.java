package dev.embedlab.bakeoff.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.CandidateInfo;
import dev.embedlab.bakeoff.CandidateResult;
import dev.embedlab.bakeoff.Comparison;
import dev.embedlab.bakeoff.DatasetInfo;
import dev.embedlab.bakeoff.Footprint;
import dev.embedlab.bakeoff.Latency;
import dev.embedlab.bakeoff.PairResult;
import dev.embedlab.bakeoff.Quality;
import dev.embedlab.bakeoff.Recommendation;
import dev.embedlab.bakeoff.RunInfo;
import dev.embedlab.bakeoff.Slice;
import dev.embedlab.bakeoff.TruncationProbe;
import dev.embedlab.bakeoff.Settings;
import dev.embedlab.bakeoff.Timing;
import dev.embedlab.eval.stats.ConfidenceInterval;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 *                   dimension, bytesPerVector, truncatedTexts, truncatedDocuments, maxLength,
 *                   indexBytes, bytesPerDocument, footprintNote,
 *                   timing: {loadSeconds, corpusSeconds, docsPerSecond, querySeconds, searchSeconds, totalSeconds, indexSeconds},
 *                   latency: {samples, p50Millis, p95Millis, meanMillis},
 *                   metrics: {label: mean}, recallCurve: {k: recall}, queries,
 *                   pairs: {datasetId, pairs, spearman, pearson, rocAuc} | null,
 *                   cost: {corpusTokens, queryTokens, otherTokens, tokensMeasured, usdPerMillionTokens,
 *                          corpusUsd, queryUsd, runUsd, usdPerMillionDocuments, priceDate, priceSource,
 *                          documents, documentsSent, reusedDocuments, queries, queriesSent, reusedQueries} | null,
 *                   rag: {k, queries, contextPrecision, contextRecall, averagePrecision} | null,
 *                   perQuery: {measure, values: {qid: value}}}],
 *   "comparisons": [{candidate, reference, measure, meanDifference, ciLower, ciUpper, ciLevel,
 *                    pValue, pHolm, significant, wins, losses, ties}],
 *   "notes": [text],
 *   "synthetic": {generator, temperature, seed, chunking, passages, queries, rejected} | null,
 *   "slices": [{dimension, value, source, queries, queryIds[], means: {candidate: {label: mean}}}],
 *   "truncationProbes": [{candidate, baseMaxLength, baseTruncatedDocuments, basePrimary, maxLength,
 *                         truncatedDocuments, primary}],
 *   "recommendation": {pareto[], picks[], warnings[], truncation[],
 *                      power: [{candidate, reference, queries, sdOfDifferences, meanDifference, mde,
 *                               queriesNeeded, resolvable}]} }
 * </pre>
 * {@code dimension} and {@code bytesPerVector} are 0 for a candidate without vectors (BM25);
 * {@code indexBytes}, {@code truncatedDocuments} and {@code bytesPerDocument} are {@code null} when
 * unknown. The recommendation is derived from the rest and not read back.
 * <pre>
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
    if (r.best() == null) {
      root.putNull("best");
    } else {
      root.put("best", r.best());
    }

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
      countOrNull(o, "truncatedDocuments", c.footprint().truncatedDocuments());
      o.put("maxLength", c.footprint().maxLength());
      countOrNull(o, "indexBytes", c.footprint().indexBytes());
      number(o, "bytesPerDocument", c.footprint().bytesPerDocument(r.dataset().documents()));
      o.put("footprintNote", c.footprint().note());
      ObjectNode t = o.putObject("timing");
      t.put("loadSeconds", c.timing().loadSeconds());
      t.put("corpusSeconds", c.timing().corpusSeconds());
      t.put("docsPerSecond", c.timing().docsPerSecond());
      t.put("querySeconds", c.timing().querySeconds());
      t.put("searchSeconds", c.timing().searchSeconds());
      t.put("totalSeconds", c.timing().totalSeconds());
      t.put("indexSeconds", c.timing().indexSeconds());
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
      ReportExtras.writeCandidate(o, c);
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
    ArrayNode notes = root.putArray("notes");
    r.notes().forEach(notes::add);
    ReportExtras.writeSynthetic(root, r.synthetic());
    ArrayNode sl = root.putArray("slices");
    for (Slice s : r.slices()) {
      ObjectNode o = sl.addObject();
      o.put("dimension", s.dimension());
      o.put("value", s.value());
      o.put("source", s.source());
      o.put("queries", s.queries());
      ArrayNode ids = o.putArray("queryIds");
      s.queryIds().forEach(ids::add);
      ObjectNode means = o.putObject("means");
      s.means().forEach((cand, m) -> {
        ObjectNode mo = means.putObject(cand);
        m.forEach((k, v) -> number(mo, k, v));
      });
    }
    ArrayNode probes = root.putArray("truncationProbes");
    for (TruncationProbe p : r.truncationProbes()) {
      ObjectNode o = probes.addObject();
      o.put("candidate", p.candidate());
      o.put("baseMaxLength", p.baseMaxLength());
      o.put("baseTruncatedDocuments", p.baseTruncatedDocuments());
      number(o, "basePrimary", p.basePrimary());
      o.put("maxLength", p.maxLength());
      o.put("truncatedDocuments", p.truncatedDocuments());
      number(o, "primary", p.primary());
      o.put("sampleDocuments", p.sampleDocuments());
      o.put("sampleQueries", p.sampleQueries());
    }
    Recommendation rec = Recommendation.of(r);
    ObjectNode ro = root.putObject("recommendation");
    ArrayNode par = ro.putArray("pareto");
    rec.pareto().forEach(par::add);
    ArrayNode picks = ro.putArray("picks");
    rec.picks().forEach(picks::add);
    ArrayNode warn = ro.putArray("warnings");
    rec.warnings().forEach(warn::add);
    ArrayNode tr = ro.putArray("truncation");
    rec.truncation().forEach(tr::add);
    ArrayNode pw = ro.putArray("power");
    for (Recommendation.Power p : rec.power()) {
      ObjectNode o = pw.addObject();
      o.put("candidate", p.candidate());
      o.put("reference", p.reference());
      o.put("queries", p.queries());
      number(o, "sdOfDifferences", p.sdOfDifferences());
      number(o, "meanDifference", p.meanDifference());
      number(o, "mde", p.mde());
      o.put("queriesNeeded", p.queriesNeeded());
      o.put("resolvable", p.resolvable());
    }
    return root;
  }

  private static void countOrNull(ObjectNode o, String key, long v) {
    if (v < 0) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
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

  /**
   * Reads a document written by {@link #write} back into a result (for re-rendering reports or
   * comparing runs). Per-candidate {@code perQuery} values, recall curve and metrics are restored;
   * {@code toJson(read(f))} equals the file's text.
   *
   * @throws IOException when the file cannot be read or its schema is not {@value #SCHEMA}
   */
  public static BakeOffResult read(Path file) throws IOException {
    JsonNode root = MAPPER.readTree(file.toFile());
    String schema = root.path("schema").asText("");
    if (!SCHEMA.equals(schema)) {
      throw new IOException(file + ": expected schema " + SCHEMA + ", found \"" + schema + "\"");
    }
    try {
      JsonNode run = root.get("run");
      RunInfo ri = new RunInfo(run.get("embedlabVersion").asText(), run.get("jvm").asText(),
          run.get("os").asText(), run.get("cores").asInt(), Instant.parse(run.get("startedAt").asText()),
          run.get("totalSeconds").asDouble());
      JsonNode st = root.get("settings");
      List<String> measures = new ArrayList<>();
      st.get("measures").forEach(n -> measures.add(n.asText()));
      JsonNode sig = st.get("significance");
      Settings settings = new Settings(st.get("k").asInt(), measures, st.get("primaryMeasure").asText(),
          st.get("latencyQueries").asInt(), st.get("excludeIdenticalIds").asBoolean(),
          new Settings.SignificanceSettings(sig.get("level").asDouble(), sig.get("resamples").asInt(),
              sig.get("seed").asLong(), sig.get("alpha").asDouble()));
      DatasetInfo ds = readDataset(root.get("dataset"));
      DatasetInfo ps = root.get("pairDataset").isNull() ? null : readDataset(root.get("pairDataset"));
      List<CandidateResult> cs = new ArrayList<>();
      for (JsonNode o : root.get("candidates")) {
        Map<String, String> props = new LinkedHashMap<>();
        o.get("properties").fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue().asText()));
        CandidateInfo info = new CandidateInfo(o.get("name").asText(), o.get("modelId").asText(),
            o.get("description").asText(), o.get("sha256").asText(), o.get("cachedEmbeddings").asBoolean(), props);
        Footprint fp = new Footprint(o.get("dimension").asInt(), o.get("bytesPerVector").asLong(),
            o.get("truncatedTexts").isNull() ? -1 : o.get("truncatedTexts").asLong(),
            count(o.get("truncatedDocuments")), o.path("maxLength").asInt(0), count(o.get("indexBytes")),
            o.path("footprintNote").asText(""));
        JsonNode t = o.get("timing");
        Timing timing = new Timing(t.get("loadSeconds").asDouble(), t.get("corpusSeconds").asDouble(),
            t.get("docsPerSecond").asDouble(), t.get("querySeconds").asDouble(),
            t.get("searchSeconds").asDouble(), t.get("totalSeconds").asDouble(),
            t.path("indexSeconds").asDouble(0)); // absent in files written before the index seam
        JsonNode l = o.get("latency");
        Latency lat = new Latency(l.get("samples").asInt(), l.get("p50Millis").asDouble(),
            l.get("p95Millis").asDouble(), l.get("meanMillis").asDouble());
        Map<String, Double> means = new LinkedHashMap<>();
        o.get("metrics").fields().forEachRemaining(e -> means.put(e.getKey(), num(e.getValue())));
        TreeMap<Integer, Double> rc = new TreeMap<>();
        o.get("recallCurve").fields().forEachRemaining(e -> rc.put(Integer.parseInt(e.getKey()), num(e.getValue())));
        Map<String, Double> pq = new LinkedHashMap<>();
        o.get("perQuery").get("values").fields().forEachRemaining(e -> pq.put(e.getKey(), num(e.getValue())));
        PairResult pr = null;
        if (!o.get("pairs").isNull()) {
          JsonNode p = o.get("pairs");
          pr = new PairResult(p.get("datasetId").asText(), p.get("pairs").asInt(), num(p.get("spearman")),
              num(p.get("pearson")), num(p.get("rocAuc")));
        }
        cs.add(ReportExtras.readCandidate(o, new CandidateResult(info, fp, timing, lat,
            new Quality(o.get("queries").asInt(), means, rc, pq), pr)));
      }
      List<Comparison> cmp = new ArrayList<>();
      for (JsonNode o : root.get("comparisons")) {
        cmp.add(new Comparison(o.get("candidate").asText(), o.get("reference").asText(),
            o.get("meanDifference").asDouble(),
            new ConfidenceInterval(o.get("ciLower").asDouble(), o.get("ciUpper").asDouble(), o.get("ciLevel").asDouble()),
            o.get("pValue").asDouble(), o.get("pHolm").asDouble(),
            new Comparison.WinLoss(o.get("wins").asInt(), o.get("losses").asInt(), o.get("ties").asInt())));
      }
      String best = root.get("best").isNull() ? null : root.get("best").asText();
      List<String> notes = new ArrayList<>();
      root.path("notes").forEach(n -> notes.add(n.asText()));
      List<Slice> slices = new ArrayList<>();
      for (JsonNode o : root.path("slices")) {
        List<String> ids = new ArrayList<>();
        o.get("queryIds").forEach(n -> ids.add(n.asText()));
        Map<String, Map<String, Double>> means = new LinkedHashMap<>();
        o.get("means").fields().forEachRemaining(e -> {
          Map<String, Double> m = new LinkedHashMap<>();
          e.getValue().fields().forEachRemaining(f -> m.put(f.getKey(), num(f.getValue())));
          means.put(e.getKey(), m);
        });
        slices.add(new Slice(o.get("dimension").asText(), o.get("value").asText(), o.get("source").asText(), ids,
            means));
      }
      List<TruncationProbe> probes = new ArrayList<>();
      for (JsonNode o : root.path("truncationProbes")) {
        probes.add(new TruncationProbe(o.get("candidate").asText(), o.get("baseMaxLength").asInt(),
            o.get("baseTruncatedDocuments").asLong(), num(o.get("basePrimary")), o.get("maxLength").asInt(),
            o.get("truncatedDocuments").asLong(), num(o.get("primary")), o.path("sampleDocuments").asInt(0),
            o.path("sampleQueries").asInt(0)));
      }
      return new BakeOffResult(ri, settings, ds, ps, cs, best, cmp, slices, probes, notes,
          ReportExtras.readSynthetic(root));
    } catch (NullPointerException | IllegalArgumentException e) {
      throw new IOException(file + ": not a valid " + SCHEMA + " document: " + e, e);
    }
  }

  private static DatasetInfo readDataset(JsonNode o) {
    List<String> w = new ArrayList<>();
    o.get("warnings").forEach(n -> w.add(n.asText()));
    return new DatasetInfo(o.get("id").asText(), o.get("licence").asText(), o.get("source").asText(),
        o.get("documents").asInt(), o.get("queries").asInt(), o.get("judgments").asInt(), w);
  }

  private static long count(JsonNode n) {
    return n == null || n.isNull() ? -1 : n.asLong();
  }

  static double num(JsonNode n) {
    return n == null || n.isNull() ? Double.NaN : n.asDouble();
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

  static void number(ObjectNode o, String key, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }
}

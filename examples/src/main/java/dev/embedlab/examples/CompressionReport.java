package dev.embedlab.examples;

import dev.embedlab.compress.BinaryCompressor;
import dev.embedlab.compress.CodecSpec;
import dev.embedlab.compress.CompressionQuality;
import dev.embedlab.compress.Float16Compressor;
import dev.embedlab.compress.Int8Compressor;
import dev.embedlab.compress.MemoryEstimator;
import dev.embedlab.compress.PcaCompressor;
import dev.embedlab.compress.ProductQuantizer;
import dev.embedlab.compress.QualityGate;
import dev.embedlab.compress.QualityMeter;
import dev.embedlab.compress.TrainableCompressor;
import dev.embedlab.compress.TruncationCompressor;
import dev.embedlab.compress.VectorCompressor;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.eval.compression.CompressionEvaluator;
import dev.embedlab.eval.compression.RetrievalGate;
import dev.embedlab.eval.compression.RetrievalRetention;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.models.KnownModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every codec on one embedded retrieval set, size next to quality: bytes/vector, compression ratio,
 * memory for 1M vectors, Spearman of pairwise cosines, recall@10 of exact neighbours retained
 * (with and without ×oversampling rescoring), and nDCG@10 retained (qrels), plus the verdict of a
 * {@link QualityGate} and a {@link RetrievalGate}.
 *
 * <p>Run (from the repository root; the corpus embeddings come from the shared cache after the first
 * run, so embed it under the CPU lock):
 * <pre>
 * mvn -o -q -pl examples exec:java \
 *     -Dexec.mainClass=dev.embedlab.examples.CompressionReport \
 *     -Dexec.args="shared=../shared cache=~/.cache/embedlab/embeddings model=ALL_MINILM_L6_V2 oversampling=4"
 * </pre>
 * Trainable codecs (int8 calibration, PQ codebooks, PCA) are fitted on the corpus vectors, as an
 * index would be. SciFact: BEIR test split, 5,183 abstracts, 300 queries (CC BY 4.0 / ODC-By 1.0).
 */
public final class CompressionReport {
  private CompressionReport() {}

  public static void main(String[] args) throws IOException {
    ExampleArgs opt = ExampleArgs.sciFactOrNull(args);
    if (opt == null) {
      return;
    }
    KnownModel model = opt.model(KnownModel.ALL_MINILM_L6_V2);

    RetrievalDataset data = BeirDatasets.load(opt.sciFact(), "test");
    List<String> docIds = data.corpus().stream().map(Document::id).toList();
    List<String> qids = data.queries().stream().map(Query::id).toList();
    float[][] docs;
    float[][] queries;
    String modelId;
    long t0 = System.nanoTime();
    try (Embedder e = opt.cachedEmbedder(model)) {
      modelId = e.id();
      docs = e.embed(data.corpus().stream().map(Document::titleAndText).toList(), Role.DOCUMENT);
      queries = e.embed(data.queries().stream().map(Query::text).toList(), Role.QUERY);
    }
    System.out.printf(Locale.ROOT, "%s on %s: %d docs, %d queries, %d-d (embeddings %.1f s, cache %s)%n",
        modelId, data.id(), docs.length, queries.length, docs[0].length,
        (System.nanoTime() - t0) / 1e9, opt.cache());
    System.out.println(report(docIds, docs, qids, queries, data.qrels(), opt.integer("oversampling", 4),
        opt.integer("threads", 2), opt.seed()));
    System.out.println();
    System.out.println("Memory (flat index, codes only plus codec tables):");
    System.out.println(MemoryEstimator.table(List.of(CodecSpec.float32(3072), CodecSpec.float32(384),
        CodecSpec.float16(384), CodecSpec.int8(384), CodecSpec.pq(384, 48, 8), CodecSpec.binary(384)),
        new long[] {1_000_000, 10_000_000}, dev.embedlab.compress.IndexOverhead.flat()));
  }

  /** The codecs compared: float16, int8 (two calibrations), binary, PQ, OPQ, PCA and truncation. */
  public static List<VectorCompressor> codecs(int dim, int threads, long seed) {
    List<VectorCompressor> list = new ArrayList<>();
    list.add(new Float16Compressor(dim));
    list.add(Int8Compressor.builder(dim).build());
    list.add(Int8Compressor.builder(dim).calibration(Int8Compressor.Calibration.QUANTILE).quantile(0.999).build());
    list.add(new BinaryCompressor(dim));
    for (int sub : new int[] {8, 4}) { // 8 or 4 dimensions per sub-space, 8 bits each
      if (dim % sub == 0) {
        list.add(ProductQuantizer.builder(dim).subspaces(dim / sub).bits(8).seed(seed).threads(threads).build());
      }
    }
    if (dim % 8 == 0) { // the same code size as the first PQ, with a learned rotation
      list.add(ProductQuantizer.builder(dim).subspaces(dim / 8).bits(8).seed(seed).threads(threads)
          .opqIterations(10).build());
    }
    for (int k : new int[] {dim / 3, dim / 6}) {
      if (k >= 1) {
        list.add(new PcaCompressor(dim, k, false));
      }
    }
    for (int k : new int[] {dim * 2 / 3, dim / 3}) {
      if (k >= 1) {
        list.add(new TruncationCompressor(dim, k));
      }
    }
    return list;
  }

  /** Fits, measures and formats every codec of {@link #codecs} as a Markdown table. */
  public static String report(List<String> docIds, float[][] docs, List<String> qids, float[][] queries,
      Qrels qrels, int oversampling, int threads, long seed) {
    int dim = docs[0].length;
    QualityMeter meter = QualityMeter.builder().pairs(20_000).k(10).oversampling(oversampling).seed(seed).build();
    CompressionEvaluator evaluator = CompressionEvaluator.of(10, oversampling);
    CompressionEvaluator.Reference ref = evaluator.reference(docIds, docs, qids, queries, qrels);
    QualityGate gate = QualityGate.builder().minSpearman(0.95).minRecall(0.90).build();
    RetrievalGate ndcgGate = new RetrievalGate(0.99, false);
    RetrievalGate ndcgGateRescored = new RetrievalGate(0.99, true);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "float32 exact search: nDCG@10 = %.4f over %d queries; "
        + "rescoring takes the best %d×10 by code and re-ranks them with float32%n%n",
        ref.ndcg(), qrels.queryIds().size(), oversampling));
    sb.append("| codec | bytes/vec | ratio | 1M vectors | fit s | rel. MSE | Spearman | recall@10 | recall@10 ×")
        .append(oversampling).append(" | nDCG@10 retained | nDCG@10 retained ×").append(oversampling)
        .append(" | gate (ρ≥0.95, R@10≥0.90) | gate (nDCG ≥0.99 / ×").append(oversampling).append(") |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    sb.append(String.format(Locale.ROOT, "| float32 | %d | 1.0 | %s | – | 0 | 1.0000 | 1.0000 | 1.0000 | 1.0000 | 1.0000 | – | – |%n",
        4 * dim, MemoryEstimator.formatDecimal(MemoryEstimator.estimate(1_000_000, CodecSpec.float32(dim)).totalBytes())));
    List<String> notes = new ArrayList<>();
    for (VectorCompressor c : codecs(dim, threads, seed)) {
      double fitSeconds = 0;
      if (c instanceof TrainableCompressor t) {
        long t0 = System.nanoTime();
        t.fit(docs);
        fitSeconds = (System.nanoTime() - t0) / 1e9;
        if (t instanceof Int8Compressor i8 && !i8.calibrationWarnings().isEmpty()) {
          notes.add(c.id() + ": " + String.join("; ", i8.calibrationWarnings()));
        }
        if (t instanceof PcaCompressor p) {
          double sum = 0;
          for (double r : p.explainedVarianceRatio()) {
            sum += r;
          }
          notes.add(String.format(Locale.ROOT, "%s explains %.1f%% of the variance", c.id(), 100 * sum));
        }
      }
      CompressionQuality q = meter.measure(c, docs, queries);
      RetrievalRetention r = evaluator.evaluate(c, ref);
      QualityGate.Decision d = gate.evaluate(q);
      String g1 = d.accepted() ? "accept" : "reject: " + String.join("; ", d.reasons());
      String g2 = (ndcgGate.accepts(r) ? "accept" : "reject") + " / " + (ndcgGateRescored.accepts(r) ? "accept" : "reject");
      sb.append(String.format(Locale.ROOT,
          "| %s | %d | %.1f | %s | %.2f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %s | %s |%n",
          c.id(), c.bytesPerVector(), q.compressionRatio(),
          MemoryEstimator.formatDecimal(MemoryEstimator.estimate(1_000_000, CodecSpec.of(c)).totalBytes()),
          fitSeconds, q.relativeReconstructionError(), q.spearman(), q.recallAtK(), q.recallAtKRescored(),
          r.retained(), r.retainedRescored(), g1, g2));
    }
    for (String n : notes) {
      sb.append("\n- ").append(n);
    }
    return sb.toString();
  }
}

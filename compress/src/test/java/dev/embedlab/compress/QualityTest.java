package dev.embedlab.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class QualityTest {
  static final float[][] DOCS = Synthetic.clustered(1021, 64, 12, 0.8, 2026);
  static final float[][] QUERIES = Synthetic.clustered(50, 64, 12, 0.8, 2027);

  @Test
  void lossLessCodecKeepsEverything() {
    QualityMeter meter = QualityMeter.builder().pairs(2000).build();
    CompressionQuality q = meter.measure(new TruncationCompressor(64, 64), DOCS, QUERIES);
    assertEquals(1.0, q.compressionRatio(), 0);
    assertEquals(1.0, q.spearman(), 1e-9);
    assertEquals(1.0, q.recallAtK(), 0);
    assertEquals(1.0, q.recallAtKRescored(), 0);
    assertEquals(50, q.queries());
    assertTrue(q.reconstructionMse() < 1e-10);
  }

  @Test
  void rankDamageIsVisibleAndRescoringRecoversIt() {
    QualityMeter meter = QualityMeter.builder().pairs(5000).oversampling(8).build();
    CompressionQuality fp16 = meter.measure(new Float16Compressor(64), DOCS, QUERIES);
    CompressionQuality bin = meter.measure(new BinaryCompressor(64), DOCS, QUERIES);
    assertTrue(fp16.spearman() > 0.999, "fp16 " + fp16);
    assertTrue(fp16.recallAtK() > 0.98, "fp16 " + fp16);
    assertTrue(bin.spearman() < fp16.spearman(), "binary " + bin);
    assertTrue(bin.recallAtK() < 0.9, "binary " + bin);
    assertTrue(bin.recallAtKRescored() > bin.recallAtK() + 0.1, "binary " + bin);
    assertEquals(32.0, bin.compressionRatio(), 0);
  }

  @Test
  void sampledDocumentQueriesExcludeThemselvesAndAreSeeded() {
    QualityMeter meter = QualityMeter.builder().pairs(500).sampleQueries(30).seed(5).build();
    CompressionQuality a = meter.measure(new BinaryCompressor(64), DOCS, null);
    CompressionQuality b = meter.measure(new BinaryCompressor(64), DOCS, null);
    assertEquals(a, b);
    assertEquals(30, a.queries());
    assertTrue(a.recallAtK() < 1.0);
  }

  @Test
  void gateKeepsTheOriginalAndSaysWhy() {
    QualityMeter meter = QualityMeter.builder().pairs(3000).build();
    QualityGate strict = QualityGate.builder().minSpearman(0.99).minRecall(0.95).build();
    QualityGate.Choice none = strict.choose(List.of(new BinaryCompressor(64)), meter, DOCS, QUERIES);
    assertFalse(none.chosen().isPresent());
    List<String> reasons = none.decisions().get(0).reasons();
    assertEquals(2, reasons.size());
    assertTrue(reasons.get(0).startsWith("Spearman 0."), reasons.get(0));
    assertTrue(reasons.get(1).startsWith("recall@10 0."), reasons.get(1));
    assertTrue(none.summary().startsWith("kept the original float32 vectors"), none.summary());

    Float16Compressor fp16 = new Float16Compressor(64);
    QualityGate.Choice some = strict.choose(List.of(new BinaryCompressor(64), fp16), meter, DOCS, QUERIES);
    assertSame(fp16, some.chosen().orElseThrow());
    assertTrue(some.decisions().get(1).accepted());
  }
}

package dev.embedlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The FLOP count and the peak that the %peak figures of EmbedThroughputBenchmark rest on. */
class PeakShareTest {

  @Test
  void miniLmFlopsMatchTheHandCount() throws Exception {
    MiniLmFlops f = MiniLmFlops.ALL_MINILM_L6_V2;
    // 6 x 2 x (4 x 384^2 + 2 x 384 x 1536) = 21,233,664; attention 6 x 2 x 2 x 384 = 9,216 per position.
    assertEquals(21_233_664.0, f.denseFlopsPerToken());
    assertEquals(21_233_664.0 + 9_216.0 * 128, f.flopsPerToken(128));
    // Padding is not useful work: two texts of 100 and 28 tokens cost less than a padded 2 x 100 batch.
    double useful = f.usefulFlops(new int[] {100, 28});
    assertEquals(100 * f.flopsPerToken(100) + 28 * f.flopsPerToken(28), useful);
    assertTrue(f.batchFlops(2, 100) > useful, "padded batch " + f.batchFlops(2, 100) + " vs " + useful);
  }

  @Test
  void profileShapesGiveTheFormulaFlops() throws Exception {
    ObjectMapper om = new ObjectMapper();
    // FFN up-projection of an 8 x 128 batch as ONNX Runtime's profiler lists it (weights not listed).
    var ffn = om.readTree("{\"op_name\":\"MatMul\",\"input_type_shape\":[{\"float\":[8,128,384]}],"
        + "\"output_type_shape\":[{\"float\":[8,128,1536]}]}");
    assertEquals(2.0 * 8 * 128 * 384 * 1536, OrtProfileBenchmark.matmulFlops(ffn));
    // Attention scores Q K^T per head: [8,12,128,32] x [8,12,32,128].
    var scores = om.readTree("{\"op_name\":\"FusedMatMul\",\"input_type_shape\":[{\"float\":[8,12,128,32]},"
        + "{\"float\":[8,12,32,128]}],\"output_type_shape\":[{\"float\":[8,12,128,128]}]}");
    assertEquals(2.0 * 8 * 12 * 128 * 128 * 32, OrtProfileBenchmark.matmulFlops(scores));
    var fused = om.readTree("{\"op_name\":\"Attention\",\"input_type_shape\":[{\"float\":[8,128,384]}],"
        + "\"output_type_shape\":[{\"float\":[8,128,384]}]}");
    assertEquals(2.0 * 8 * 128 * 384 * 3 * 384 + 4.0 * 8 * 128 * 128 * 384, OrtProfileBenchmark.matmulFlops(fused));
  }

  @Test
  void theoreticalPeakSaysItIsAssumed() {
    FmaPeak.Peak t = FmaPeak.theoretical();
    assertFalse(t.measured());
    assertTrue(t.how().contains("assumed"), t.how());
    assertTrue(t.cpuGflops(1) > 0, "per-core theoretical peak " + t.cpuGflops(1));
  }

  @Test
  void measuredPeakIsPlausibleWhenGccIsPresent() {
    FmaPeak.Peak m = FmaPeak.measure(0.05, 2);
    if (!m.measured()) {
      // Only the fallback is possible here (no gcc / no FMA); it must say why.
      assertTrue(m.how().startsWith("NOT MEASURED ("), m.how());
      return;
    }
    double perCore = FmaPeak.theoretical().cpuGflops(1);
    double oneThread = m.cpuGflops(1);
    // Per CPU second, one core: within [0.1, 4] x the cpuinfo-clock figure (boost clocks run above
    // the nominal MHz; a core with one FMA pipe reaches half of the assumed two).
    assertTrue(oneThread > 0.1 * perCore && oneThread < 4 * perCore, "measured " + oneThread
        + " GFLOP/s per CPU second on 1 thread; theoretical per core " + perCore + "; " + m.how());
  }
}

package dev.embedlab.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryEstimatorTest {

  @Test
  void reproducesTheSeedTable() {
    // seed: 3072-d float32 ≈ 12 KB per vector; 1M vectors ≈ 12 GB
    MemoryEstimator.Estimate one = MemoryEstimator.estimate(1, CodecSpec.float32(3072));
    assertEquals(12_288, one.totalBytes());
    assertEquals("12.0 KiB", MemoryEstimator.formatBinary(one.totalBytes()));
    MemoryEstimator.Estimate million = MemoryEstimator.estimate(1_000_000, CodecSpec.float32(3072));
    assertEquals(12_288_000_000L, million.totalBytes());
    assertEquals("12.3 GB", MemoryEstimator.formatDecimal(million.totalBytes()));
    assertEquals("11.4 GiB", MemoryEstimator.formatBinary(million.totalBytes()));
    // 384-d (all-MiniLM-L6-v2): 1536 B float32, 768 fp16, 384 int8, 48 binary
    assertEquals(1536, CodecSpec.float32(384).bytesPerVector());
    assertEquals(768, CodecSpec.float16(384).bytesPerVector());
    assertEquals(384, CodecSpec.int8(384).bytesPerVector());
    assertEquals(48, CodecSpec.binary(384).bytesPerVector());
    assertEquals(32.0, CodecSpec.binary(384).compressionRatio(), 0);
  }

  @Test
  void codecFixedCostsAndHnswOverhead() {
    CodecSpec pq = CodecSpec.pq(384, 48, 8);
    assertEquals(48, pq.bytesPerVector());
    assertEquals(4L * 256 * 384, pq.fixedBytes());
    assertEquals(1000L * 48 + 4L * 256 * 384, MemoryEstimator.estimate(1000, pq).totalBytes());
    assertEquals(12, CodecSpec.pq(384, 24, 4).bytesPerVector());
    // hnsw M=16: 132 level-0 + 8 label + 12 bookkeeping + 68/15 upper levels
    IndexOverhead h = IndexOverhead.hnsw(16);
    assertEquals(132 + 8 + 12 + 68.0 / 15, h.bytesPerVector(), 1e-12);
    long total = MemoryEstimator.estimate(1_000_000, CodecSpec.float32(384), h).totalBytes();
    assertEquals(1_536_000_000L + (long) Math.ceil(1_000_000 * h.bytesPerVector()), total);
    String table = MemoryEstimator.table(List.of(CodecSpec.float32(3072), CodecSpec.binary(3072)),
        new long[] {1_000_000}, IndexOverhead.flat());
    assertTrue(table.contains("| float32 | 3072 | 12.0 KiB | 12.3 GB |"), table);
    assertTrue(table.contains("| binary | 3072 | 384 B | 384 MB |"), table);
  }

  @Test
  void specOfTrainedCompressorMatchesFactory() {
    ProductQuantizer pq = ProductQuantizer.builder(16).subspaces(4).bits(4).build();
    pq.fit(ProductQuantizerTest.gaussian(64, 16, 1));
    assertEquals(CodecSpec.pq(16, 4, 4), CodecSpec.of(pq));
    assertEquals(CodecSpec.binary(16).bytesPerVector(), CodecSpec.of(new BinaryCompressor(16)).bytesPerVector());
  }
}

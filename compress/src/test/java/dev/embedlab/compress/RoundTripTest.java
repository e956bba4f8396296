package dev.embedlab.compress;

import dev.embedlab.core.retrieval.Similarity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** encode → decode → write → read → encode/decode again, for every codec; corrupt files fail clearly. */
class RoundTripTest {
  static final int DIM = 24;

  static List<VectorCompressor> allTrained(float[][] train) {
    Int8Compressor minmax = Int8Compressor.builder(DIM).minCalibrationVectors(10).build();
    minmax.fit(train);
    Int8Compressor quant = Int8Compressor.builder(DIM).calibration(Int8Compressor.Calibration.QUANTILE)
        .quantile(0.99).minCalibrationVectors(10).build();
    quant.fit(train);
    ProductQuantizer pq8 = ProductQuantizer.builder(DIM).subspaces(6).bits(8).seed(3).build();
    pq8.fit(train);
    ProductQuantizer pq5 = ProductQuantizer.builder(DIM).subspaces(8).bits(5).seed(3).build();
    pq5.fit(train);
    ProductQuantizer opq = ProductQuantizer.builder(DIM).subspaces(4).bits(4).seed(3).opqIterations(3).build();
    opq.fit(train);
    PcaCompressor pca = new PcaCompressor(DIM, 7, false);
    pca.fit(train);
    PcaCompressor pcaW = new PcaCompressor(DIM, 5, true);
    pcaW.fit(train);
    return List.of(new Float16Compressor(DIM), minmax, quant, new BinaryCompressor(DIM), pq8, pq5, opq,
        pca, pcaW, new TruncationCompressor(DIM, 10));
  }

  static byte[] bytesOf(VectorCompressor c) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    c.write(out);
    return out.toByteArray();
  }

  @Test
  void everyCodecSurvivesWriteAndRead(@TempDir Path dir) throws IOException {
    float[][] train = Synthetic.clustered(600, DIM, 5, 0.4, 11);
    float[][] test = Synthetic.clustered(37, DIM, 5, 0.4, 12);
    for (VectorCompressor c : allTrained(train)) {
      Path file = dir.resolve(c.id().replaceAll("[^a-z0-9]", "_") + ".bin");
      c.write(file);
      VectorCompressor back = VectorCompressor.read(file);
      assertEquals(c.kind(), back.kind());
      assertEquals(c.id(), back.id());
      assertEquals(c.bytesPerVector(), back.bytesPerVector());
      assertArrayEquals(Files.readAllBytes(file), bytesOf(back), c.id() + " re-written identically");
      for (float[] x : test) {
        byte[] code = c.encode(x);
        assertEquals(c.bytesPerVector(), code.length);
        assertArrayEquals(code, back.encode(x), c.id());
        assertArrayEquals(c.decode(code), back.decode(code), c.id());
        // decoding is a fixed point: re-encoding the decoded vector gives the same code
        if (c.kind() != CodecKind.INT8 && c.kind() != CodecKind.TRUNCATION && c.kind() != CodecKind.PCA) {
          assertArrayEquals(code, c.encode(c.decode(code)), c.id() + " idempotent");
        }
        float[] q = test[0];
        assertEquals(c.scorer(q, Similarity.DOT_PRODUCT).score(code, 0),
            back.scorer(q, Similarity.DOT_PRODUCT).score(code, 0), 0f, c.id());
      }
      assertEquals(c.reconstructionError(test), back.reconstructionError(test), 1e-12, c.id());
    }
  }

  @Test
  void codesAreWrittenAtTheirOffset() {
    float[][] train = Synthetic.clustered(600, DIM, 5, 0.4, 13);
    for (VectorCompressor c : allTrained(train)) {
      int bpv = c.bytesPerVector();
      byte[] buf = new byte[3 + 2 * bpv];
      Arrays.fill(buf, (byte) 0x5A);
      c.encode(train[1], buf, 3 + bpv);
      assertArrayEquals(c.encode(train[1]), Arrays.copyOfRange(buf, 3 + bpv, 3 + 2 * bpv), c.id());
      for (int i = 0; i < 3 + bpv; i++) {
        assertEquals((byte) 0x5A, buf[i], c.id() + " wrote outside its range at " + i);
      }
      assertThrows(IllegalArgumentException.class, () -> c.encode(train[1], buf, 4 + bpv), c.id());
      assertThrows(IllegalArgumentException.class, () -> c.encode(new float[DIM + 1]), c.id());
    }
  }

  @Test
  void everyTruncationFailsWithATruncationMessage() throws IOException {
    float[][] train = Synthetic.clustered(300, DIM, 5, 0.4, 14);
    for (VectorCompressor c : allTrained(train)) {
      byte[] full = bytesOf(c);
      // every cut inside the header and the last 16 bytes (checksum, tail), ~100 cuts in between
      java.util.TreeSet<Integer> cuts = new java.util.TreeSet<>();
      for (int len = 0; len < full.length; len++) {
        if (len < 64 || len >= full.length - 16 || len % Math.max(1, full.length / 100) == 0) {
          cuts.add(len);
        }
      }
      for (int len : cuts) {
        byte[] cut = Arrays.copyOf(full, len);
        IOException e = assertThrows(IOException.class,
            () -> VectorCompressor.read(new ByteArrayInputStream(cut)), c.id() + " cut at " + len);
        assertTrue(e.getMessage().startsWith("truncated compressor file"), e.getMessage());
      }
    }
  }

  @Test
  void unknownVersionBadMagicAndCorruptionAreNamed() throws IOException {
    byte[] good = bytesOf(new TruncationCompressor(DIM, 4));
    byte[] v2 = good.clone();
    v2[5] = 2; // version short at bytes 4..5
    IOException e = assertThrows(IOException.class, () -> VectorCompressor.read(new ByteArrayInputStream(v2)));
    assertEquals("unsupported compressor file version 2; this library reads version 1", e.getMessage());

    byte[] magic = good.clone();
    magic[0] = 'X';
    e = assertThrows(IOException.class, () -> VectorCompressor.read(new ByteArrayInputStream(magic)));
    assertTrue(e.getMessage().startsWith("not an embedlab compressor file"), e.getMessage());

    byte[] flipped = bytesOf(new Float16Compressor(DIM));
    flipped[flipped.length - 9] ^= 1; // last byte of the dimension
    e = assertThrows(IOException.class, () -> VectorCompressor.read(new ByteArrayInputStream(flipped)));
    assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
  }

  @Test
  void pathReadNamesTheFile(@TempDir Path dir) throws IOException {
    Path p = dir.resolve("empty.bin");
    Files.write(p, new byte[0]);
    IOException e = assertThrows(IOException.class, () -> VectorCompressor.read(p));
    assertTrue(e.getMessage().contains("empty.bin") && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void untrainedCodecsRefuseToEncodeOrWrite() {
    ProductQuantizer pq = ProductQuantizer.builder(DIM).subspaces(4).build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pq.encode(new float[DIM]));
    assertEquals("pq(m=4,bits=8) is not trained; call fit(...) first", e.getMessage());
    assertThrows(IllegalStateException.class, () -> pq.write(new ByteArrayOutputStream()));
    assertThrows(IllegalStateException.class, () -> new PcaCompressor(DIM, 2, false).encode(new float[DIM]));
    assertThrows(IllegalStateException.class, () -> Int8Compressor.builder(DIM).build().encode(new float[DIM]));
  }
}

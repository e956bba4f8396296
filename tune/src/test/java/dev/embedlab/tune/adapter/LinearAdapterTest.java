package dev.embedlab.tune.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearAdapterTest {

  private static LinearAdapter random(long seed, int d, boolean bias, AdapterSides sides) {
    Random r = new Random(seed);
    float[] w = new float[d * d];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) r.nextGaussian();
    }
    float[] b = null;
    if (bias) {
      b = new float[d];
      for (int i = 0; i < d; i++) {
        b[i] = (float) r.nextGaussian();
      }
    }
    return new LinearAdapter(d, w, b, sides);
  }

  private static byte[] bytes(LinearAdapter a) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    a.write(out);
    return out.toByteArray();
  }

  @Test
  void identityOnlyNormalises() {
    LinearAdapter id = LinearAdapter.identity(3, true, AdapterSides.QUERY);
    assertArrayEquals(new float[] {0.6f, 0.8f, 0f}, id.apply(new float[] {3, 4, 0}), 1e-7f);
    assertArrayEquals(new float[] {3, 4, 0}, id.transform(new float[] {3, 4, 0}));
    assertEquals(0, id.distanceFromIdentity(), 0);
    assertArrayEquals(new float[] {0, 0, 0}, id.apply(new float[] {0, 0, 0}));
  }

  @Test
  void transformIsWxPlusBHandComputed() {
    LinearAdapter a = new LinearAdapter(2, new float[] {1, 2, 3, 4}, new float[] {0.5f, -1}, AdapterSides.BOTH);
    assertArrayEquals(new float[] {1 * 1 + 2 * 1 + 0.5f, 3 * 1 + 4 * 1 - 1}, a.transform(new float[] {1, 1}));
    assertEquals("vector dimensions differ: 3!=2",
        assertThrows(IllegalArgumentException.class, () -> a.transform(new float[3])).getMessage());
  }

  @Test
  void saveAndLoadRoundTripExactly(@TempDir Path dir) throws IOException {
    for (int d : new int[] {1, 13, 384}) {
      for (boolean bias : new boolean[] {false, true}) {
        LinearAdapter a = random(d, d, bias, bias ? AdapterSides.BOTH : AdapterSides.QUERY);
        Path f = dir.resolve("a" + d + bias + ".adapter");
        a.save(f);
        assertEquals(8 + 4 * 3 + 2 + 4L * d * d + (bias ? 4L * d : 0) + 8, Files.size(f));
        LinearAdapter b = LinearAdapter.load(f);
        assertArrayEquals(a.weights(), b.weights());
        assertArrayEquals(a.bias(), b.bias());
        assertEquals(a.sides(), b.sides());
        assertEquals(a.fingerprint(), b.fingerprint());
      }
    }
  }

  @Test
  void truncatedArtefactIsAClearIOExceptionAtEveryLength() throws IOException {
    byte[] full = bytes(random(5, 13, true, AdapterSides.QUERY));
    for (int len = 0; len < full.length; len++) {
      byte[] cut = Arrays.copyOf(full, len);
      IOException e = assertThrows(IOException.class, () -> LinearAdapter.read(new ByteArrayInputStream(cut)),
          "length " + len);
      assertTrue(e.getMessage().startsWith("truncated adapter artefact"), "length " + len + ": " + e.getMessage());
    }
  }

  @Test
  void unknownVersionWrongMagicAndCorruptionAreNamed() throws IOException {
    byte[] full = bytes(random(6, 4, false, AdapterSides.QUERY));
    byte[] v2 = full.clone();
    ByteBuffer.wrap(v2).putInt(8, 2);
    assertEquals("unsupported adapter format version 2; this build reads version 1",
        assertThrows(IOException.class, () -> LinearAdapter.read(new ByteArrayInputStream(v2))).getMessage());
    byte[] magic = full.clone();
    magic[0] = 'X';
    assertTrue(assertThrows(IOException.class, () -> LinearAdapter.read(new ByteArrayInputStream(magic)))
        .getMessage().startsWith("not an embedlab adapter"));
    byte[] flipped = full.clone();
    flipped[30] ^= 0x10;
    assertTrue(assertThrows(IOException.class, () -> LinearAdapter.read(new ByteArrayInputStream(flipped)))
        .getMessage().startsWith("adapter checksum mismatch"));
    byte[] dims = full.clone();
    ByteBuffer.wrap(dims).putInt(16, 5);
    assertTrue(assertThrows(IOException.class, () -> LinearAdapter.read(new ByteArrayInputStream(dims)))
        .getMessage().startsWith("bad adapter header: input dimension 4, output dimension 5"));
  }

  @Test
  void loadNamesTheFile(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("empty.adapter");
    Files.write(f, new byte[0]);
    IOException e = assertThrows(IOException.class, () -> LinearAdapter.load(f));
    assertTrue(e.getMessage().startsWith(f + ": truncated"), e.getMessage());
  }

  @Test
  void fingerprintDependsOnContents() {
    assertNotEquals(random(1, 8, false, AdapterSides.QUERY).fingerprint(),
        random(2, 8, false, AdapterSides.QUERY).fingerprint());
    assertNotEquals(LinearAdapter.identity(8, false, AdapterSides.QUERY).fingerprint(),
        LinearAdapter.identity(8, false, AdapterSides.BOTH).fingerprint());
  }

  @Test
  void constructorRejectsBadShapes() {
    assertEquals("weights must have d*d=4 entries; found 3",
        assertThrows(IllegalArgumentException.class,
            () -> new LinearAdapter(2, new float[3], null, AdapterSides.QUERY)).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new LinearAdapter(2, new float[] {1, Float.NaN, 0, 1}, null, AdapterSides.QUERY));
    assertThrows(IllegalArgumentException.class, () -> LinearAdapter.identity(0, false, AdapterSides.QUERY));
  }
}

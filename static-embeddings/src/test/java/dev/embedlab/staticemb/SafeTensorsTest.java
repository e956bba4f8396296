package dev.embedlab.staticemb;

import dev.embedlab.core.Float16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  @Test
  void float32AndInt64RoundTripExactly() throws IOException {
    Random rnd = new Random(13);
    float[] a = new float[13 * 7];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rnd.nextGaussian();
    }
    long[] m = {0, 5, -3, Long.MAX_VALUE};
    Path f = dir.resolve("t.safetensors");
    SafeTensors.write(f, List.of(SafeTensors.Tensor.ofFloats("embeddings", SafeTensors.DType.F32, a, 13, 7),
        new SafeTensors.Tensor("mapping", SafeTensors.DType.I64, new int[] {4}, null, m)), Map.of("format", "pt"));
    Map<String, SafeTensors.Tensor> back = SafeTensors.read(f);
    assertEquals(List.of("embeddings", "mapping"), List.copyOf(back.keySet()));
    assertArrayEquals(a, back.get("embeddings").floats());
    assertArrayEquals(new int[] {13, 7}, back.get("embeddings").shape());
    assertArrayEquals(m, back.get("mapping").longs());
    // Header length is a multiple of 8 and the file is exactly header + data.
    byte[] bytes = Files.readAllBytes(f);
    long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, n % 8);
    assertEquals(8 + n + a.length * 4L + m.length * 8L, bytes.length);
  }

  @Test
  void float16RoundsToNearestEven() throws IOException {
    // Reference bits from numpy: np.float16(x).view(np.uint16).
    float[] x = {0f, -0f, 1f, -2f, 0.1f, 65504f, 65520f, 1e-8f, 5.9604645e-8f, 6.1035156e-5f, 1.0009766f, 1.00048828125f};
    int[] bits = {0x0000, 0x8000, 0x3c00, 0xc000, 0x2e66, 0x7bff, 0x7c00, 0x0000, 0x0001, 0x0400, 0x3c01, 0x3c00};
    for (int i = 0; i < x.length; i++) {
      assertEquals(bits[i], Float16.floatToHalf(x[i]) & 0xffff, "float16 bits of " + x[i]);
    }
    // Every binary16 value that is finite converts back and forth unchanged.
    for (int h = 0; h < 0x10000; h++) {
      float f = Float16.halfToFloat((short) h);
      if (Float.isFinite(f)) {
        assertEquals(h == 0x8000 ? 0x8000 : h, Float16.floatToHalf(f) & 0xffff, "half " + Integer.toHexString(h));
      }
    }
    Path f = dir.resolve("h.safetensors");
    SafeTensors.write(f, List.of(SafeTensors.Tensor.ofFloats("e", SafeTensors.DType.F16, x, 3, 4)), null);
    float[] back = SafeTensors.read(f).get("e").floats();
    assertEquals(0.0999755859375f, back[4]);
    assertEquals(Float.POSITIVE_INFINITY, back[6]);
  }

  @Test
  void rejectsMalformedFiles() throws IOException {
    Path f = dir.resolve("bad.safetensors");
    Files.write(f, new byte[] {1, 2, 3});
    assertTrue(assertThrows(IOException.class, () -> SafeTensors.read(f)).getMessage().contains("at least 8"));
    write(f, 1000, "{}");
    assertTrue(assertThrows(IOException.class, () -> SafeTensors.read(f)).getMessage().contains("header length 1000"));
    // 2x2 F32 needs 16 bytes; offsets give 12.
    write(f, -1, "{\"e\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]);
    assertTrue(assertThrows(IOException.class, () -> SafeTensors.read(f)).getMessage().contains("needs 16 bytes"));
    // A gap between tensors.
    write(f, -1, "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new byte[12]);
    assertTrue(assertThrows(IOException.class, () -> SafeTensors.read(f)).getMessage().contains("gap or overlap"));
    write(f, -1, "{\"a\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[0,2]}}", new byte[2]);
    assertTrue(assertThrows(IOException.class, () -> SafeTensors.read(f)).getMessage().contains("BF16 not supported"));
    write(f, -1, "[1]", new byte[0]);
    assertTrue(assertThrows(IOException.class, () -> SafeTensors.read(f)).getMessage().contains("JSON object"));
  }

  private static void write(Path f, long declared, String header, byte[]... data) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + (data.length == 0 ? 0 : data[0].length)).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(declared < 0 ? h.length : declared).put(h);
    if (data.length > 0) {
      b.put(data[0]);
    }
    Files.write(f, b.array());
  }
}

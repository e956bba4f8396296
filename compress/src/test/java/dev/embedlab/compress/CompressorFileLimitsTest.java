package dev.embedlab.compress;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Codec files that checksum correctly but declare what they cannot hold are refused at load. */
class CompressorFileLimitsTest {
  @TempDir Path dir;

  /** A file as {@link CompressorFormat#write} frames it, with any kind, dimension and payload. */
  static byte[] framed(String kind, int dim, byte[] payload) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(CompressorFormat.MAGIC);
    d.writeShort(CompressorFormat.VERSION);
    d.writeUTF(kind);
    d.writeInt(dim);
    d.write(payload);
    CRC32 crc = new CRC32();
    crc.update(b.toByteArray());
    d.writeLong(crc.getValue());
    return b.toByteArray();
  }

  @Test
  void dimensionTwoToTheThirtyWithAValidCrcIsRefusedAtLoad() throws IOException {
    Path f = Files.write(dir.resolve("huge.embc"), framed("FLOAT16", 1 << 30, new byte[0]));
    IOException e = assertThrows(IOException.class, () -> VectorCompressor.read(f));
    assertTrue(e.getMessage().startsWith(f + ": corrupt compressor file: dimension must be in [1, 65536];"
        + " dimension=1073741824"), e.getMessage());
  }

  @Test
  void anArrayLargerThanTheFileIsRefusedBeforeItIsAllocated() throws IOException {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(p);
    d.writeUTF("MIN_MAX");
    d.writeDouble(0.99);
    d.writeInt(1000);
    d.writeInt(60_000); // lower bounds: 60,000 floats declared, none present
    byte[] file = framed("INT8", 60_000, p.toByteArray());
    IOException e = assertThrows(IOException.class, () -> VectorCompressor.read(new ByteArrayInputStream(file)));
    assertTrue(e.getMessage().contains("int8 lower bounds declares 60000 floats (240000 bytes); only"), e.getMessage());
  }

  @Test
  void sevenBytesAfterTheCrcFooterAreRefused() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Float16Compressor(8).write(out);
    byte[] good = out.toByteArray();
    VectorCompressor.read(new ByteArrayInputStream(good));
    Path f = Files.write(dir.resolve("long.embc"), Arrays.copyOf(good, good.length + 7));
    IOException e = assertThrows(IOException.class, () -> VectorCompressor.read(f));
    assertTrue(e.getMessage().startsWith(f + ": corrupt compressor file: 7 bytes after the CRC footer at byte "
        + good.length), e.getMessage());
  }
}

package dev.embedlab.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedFileTest {
  @TempDir Path dir;

  private Path sample() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ChecksummedFile.write(b, ChecksummedFile.CACHE_SHARD_MAGIC, 2, out -> {
      out.writeInt(3);
      for (int i = 0; i < 100_000; i++) {
        out.writeFloat(i * 0.5f);
      }
    });
    return Files.write(dir.resolve("f.bin"), b.toByteArray());
  }

  @Test
  void roundTripAndLayout() throws IOException {
    Path f = sample();
    byte[] bytes = Files.readAllBytes(f);
    assertEquals(8 + 4 + 400_000 + 4, bytes.length);
    ChecksummedFile.verify(f);
    ChecksummedFile.Header h = ChecksummedFile.readHeader(f);
    assertEquals("ELCS", h.magicText());
    assertEquals(2, h.version());
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = ((bytes[bytes.length - 4] & 0xFF) << 24) | ((bytes[bytes.length - 3] & 0xFF) << 16)
        | ((bytes[bytes.length - 2] & 0xFF) << 8) | (bytes[bytes.length - 1] & 0xFF);
    assertEquals((int) crc.getValue(), stored, "footer = CRC-32C of header and payload, big-endian");
    try (DataInputStream in = ChecksummedFile.openPayload(f)) {
      assertEquals(3, in.readInt());
      assertEquals(0f, in.readFloat());
      assertEquals(0.5f, in.readFloat());
    }
    assertEquals("0x00000001", ChecksummedFile.magicText(1));
  }

  @Test
  void everyKindOfDamageIsDetected() throws IOException {
    Path f = sample();
    byte[] good = Files.readAllBytes(f);
    for (int pos : new int[] {0, 7, 9, 1234, good.length - 5, good.length - 1}) {
      byte[] bad = good.clone();
      bad[pos] ^= 0x10;
      Files.write(f, bad);
      CorruptFileException e = assertThrows(CorruptFileException.class, () -> ChecksummedFile.verify(f), "pos " + pos);
      assertTrue(e.getMessage().startsWith(f + ": expected CRC-32C"), e.getMessage());
    }
    Files.write(f, Arrays.copyOf(good, good.length - 100));
    assertThrows(CorruptFileException.class, () -> ChecksummedFile.verify(f));
    Files.write(f, Arrays.copyOf(good, good.length + 1));
    assertThrows(CorruptFileException.class, () -> ChecksummedFile.verify(f));
    Files.write(f, new byte[] {1, 2, 3});
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> ChecksummedFile.verify(f));
    assertTrue(e.getMessage().contains("expected at least 12 bytes"), e.getMessage());
    assertThrows(CorruptFileException.class, () -> ChecksummedFile.readHeader(f));
    assertThrows(IllegalArgumentException.class, () -> ChecksummedFile.write(new ByteArrayOutputStream(), 1, 0, o -> { }));
  }

  @Test
  void sevenBytesAfterTheFooterAreRefusedAndThePayloadEndsBeforeTheFooter() throws IOException {
    Path f = sample();
    byte[] good = Files.readAllBytes(f);
    byte[] longer = Arrays.copyOf(good, good.length + 7);
    Arrays.fill(longer, good.length, longer.length, (byte) 0x5A);
    Files.write(f, longer);
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> ChecksummedFile.verify(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    Files.write(f, good);
    try (DataInputStream in = ChecksummedFile.openFramedPayload(f)) {
      assertEquals(3, in.readInt());
      in.skipNBytes(4L * 100_000);
      assertThrows(java.io.EOFException.class, in::readInt, "the footer is not payload");
    }
    try (DataInputStream in = ChecksummedFile.openFramedPayload(f)) {
      assertEquals(3, in.readInt());
      CorruptFileException left = assertThrows(CorruptFileException.class, () -> ChecksummedFile.checkEnd(in, f));
      assertTrue(left.getMessage().contains("400000 more bytes"), left.getMessage());
    }
  }
}

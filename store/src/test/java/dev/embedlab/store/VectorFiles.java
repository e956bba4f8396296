package dev.embedlab.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/** Writes vector files byte by byte, as a foreign program would: valid checksums, any float32 rows. */
final class VectorFiles {
  private VectorFiles() {}

  static Path write(Path file, String fingerprint, String[] ids, float[][] rows) throws IOException {
    int dim = rows[0].length;
    int headerBytes = VectorFile.headerBytesFor(fingerprint);
    ByteBuffer r = ByteBuffer.allocate(rows.length * dim * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : rows) {
      for (float f : row) {
        r.putFloat(f);
      }
    }
    int idsBytes = 0;
    for (String id : ids) {
      idsBytes += 4 + id.getBytes(StandardCharsets.UTF_8).length;
    }
    ByteBuffer idb = ByteBuffer.allocate(idsBytes).order(ByteOrder.LITTLE_ENDIAN);
    for (String id : ids) {
      byte[] b = id.getBytes(StandardCharsets.UTF_8);
      idb.putInt(b.length).put(b);
    }
    CRC32C rc = new CRC32C();
    rc.update(r.array());
    CRC32C ic = new CRC32C();
    ic.update(idb.array());
    ByteBuffer h = VectorFile.encode(new VectorFile.Header(headerBytes, ElementType.FLOAT32, dim, fingerprint,
        rows.length, idsBytes, (int) rc.getValue(), (int) ic.getValue()));
    byte[] all = new byte[headerBytes + r.capacity() + idsBytes];
    h.get(all, 0, headerBytes);
    System.arraycopy(r.array(), 0, all, headerBytes, r.capacity());
    System.arraycopy(idb.array(), 0, all, headerBytes + r.capacity(), idsBytes);
    return Files.write(file, all);
  }
}

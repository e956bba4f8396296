package dev.embedlab.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PathExceptionTest {

  @Test
  void theMessageStartsWithThePathAndThePathTravelsAsAValue() {
    Path p = Path.of("data", "vectors.bin");
    IOException cause = new IOException("disk");
    PathException e = new PathException(p, "expected 16 bytes, found 3", cause);
    assertEquals(p + ": expected 16 bytes, found 3", e.getMessage());
    assertSame(p, e.path());
    assertSame(cause, e.getCause());
  }

  @Test
  void aCorruptFileIsAPathExceptionWhoseFileIsItsPath() {
    Path p = Path.of("index.ivf");
    CorruptFileException e = new CorruptFileException(p, "CRC mismatch");
    assertEquals("index.ivf: CRC mismatch", e.getMessage());
    assertSame(p, e.file());
    assertSame(p, ((PathException) e).path());
    IOException lower = new IOException("checksum failed");
    assertSame(lower, e.initCause(lower).getCause(), "without a cause given, one can still be attached");
  }
}

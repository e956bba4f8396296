package dev.embedlab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.embedlab.core.UsageReporting.Usage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UsageCounterTest {

  @Test
  void batchesAddUpAndResetStartsOver() {
    UsageCounter c = new UsageCounter();
    c.addBatch(3, 17, 1);
    c.addBatch(2, 0, 0);
    assertEquals(new Usage(5, 17, 1, 2), c.usage());
    c.reset();
    assertEquals(Usage.NONE, c.usage());
  }

  @Test
  void aNegativeCountIsRefusedSoUsageNeverFailsLater() {
    UsageCounter c = new UsageCounter();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.addBatch(1, -5, 0));
    assertEquals("batch counts must be >= 0; texts=1, tokens=-5, truncated=0", e.getMessage());
    assertEquals(Usage.NONE, c.usage());
  }

  @Test
  void concurrentBatchesAreAllCounted() throws InterruptedException {
    UsageCounter c = new UsageCounter();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 1021; i++) {
      pool.execute(() -> c.addBatch(2, 7, 0));
    }
    pool.shutdown();
    assertEquals(true, pool.awaitTermination(30, TimeUnit.SECONDS));
    assertEquals(new Usage(2042, 7147, 0, 1021), c.usage());
  }
}

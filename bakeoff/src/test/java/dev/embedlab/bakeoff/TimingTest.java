package dev.embedlab.bakeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A hybrid's throughput is its parts' model speeds combined, not documents over cache-read seconds. */
class TimingTest {

  @Test
  void sumCombinesRatesNotCorpusSeconds() {
    // a dense part whose 40 documents were cache reads (0.001 s) but whose model runs at 10 docs/s
    Timing dense = new Timing(1, 0.001, 10, 0, 0.01, 2);
    Timing bm25 = new Timing(0.1, 0.4, 100, 0, 0.01, 1);
    Timing sum = Timing.sum(List.of(dense, bm25), 0.002, 40);
    assertEquals(1 / (1 / 10.0 + 1 / 100.0), sum.docsPerSecond(), 1e-9);
    assertEquals(0.401, sum.corpusSeconds(), 1e-12);
    assertEquals(0.0, Timing.sum(List.of(dense, new Timing(0, 0, 0, 0, 0, 0)), 0, 40).docsPerSecond(),
        "a part without a rate: no rate for the sum");
  }
}

package dev.embedlab.store;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Forked by the tests: embeds a BEIR corpus to a vector file with {@link HashEmbedder}, then
 * prints {@code rows=<n> peakHeapMB=<m>} (peak of the heap pools, from the JVM's own MXBeans).
 * Args: corpus out batchSize elementType delayMillisPerBatch progress(true|false).
 */
public final class EmbedMain {
  private EmbedMain() {}

  public static void main(String[] args) throws Exception {
    HashEmbedder e = new HashEmbedder(384, 64, Long.parseLong(args[4]));
    CorpusEmbedding.Result r = CorpusEmbedding.builder().embedder(e).source(CorpusSource.beirJsonl(Path.of(args[0])))
        .output(Path.of(args[1])).batchSize(Integer.parseInt(args[2])).elementType(ElementType.valueOf(args[3]))
        .console(Boolean.parseBoolean(args[5]) ? System.err : null).build().run();
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    System.out.println("rows=" + r.rows() + " resumed=" + r.resumedFromRows() + " truncated=" + r.truncatedThisRun()
        + " peakHeapMB=" + (peak >> 20) + " maxHeapMB=" + (Runtime.getRuntime().maxMemory() >> 20)
        + " seconds=" + String.format(java.util.Locale.ROOT, "%.2f", r.seconds()));
  }
}

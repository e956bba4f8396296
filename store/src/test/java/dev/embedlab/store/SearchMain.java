package dev.embedlab.store;

import dev.embedlab.core.retrieval.Queries;
import dev.embedlab.core.retrieval.Ranking;
import java.nio.file.Path;
import java.util.List;

/**
 * Run by hand: opens a vector file written with {@link HashEmbedder} (dim 384), searches 10 query
 * texts for their top 10 and prints open and search times and the peak heap (shows a file larger
 * than the heap searched in place). Args: file.
 */
public final class SearchMain {
  private SearchMain() {}

  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    try (MappedVectors mv = MappedVectors.open(Path.of(args[0]));
        MappedVectorRetriever r = MappedVectorRetriever.of(mv, new HashEmbedder(384, 64, 0), 512)) {
      long t1 = System.nanoTime();
      String[] ids = new String[10];
      String[] texts = {"protein cell", "gene cancer risk", "trial dose", "mouse human blood", "brain heart virus",
          "drug vaccine", "tumor receptor", "signal protein", "cancer trial dose", "virus blood"};
      for (int i = 0; i < 10; i++) {
        ids[i] = "q" + i;
      }
      List<Ranking> res = r.search(Queries.ofTexts(ids, List.of(texts)), 10);
      long t2 = System.nanoTime();
      long peak = 0;
      for (var p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == java.lang.management.MemoryType.HEAP) {
          peak += p.getPeakUsage().getUsed();
        }
      }
      System.out.printf("%,d rows x %d (%,d MB mapped): open+verify %.0f ms, 10 queries top-10 %.0f ms; peak heap %d MB"
          + " of max %d MB; q0 top: %s%n", mv.count(), mv.dimension(), mv.mappedBytes() >> 20, (t1 - t0) / 1e6,
          (t2 - t1) / 1e6, peak >> 20, Runtime.getRuntime().maxMemory() >> 20, res.get(0));
    }
  }
}

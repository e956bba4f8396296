package dev.embedlab.store.sqlite;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.store.ElementType;
import dev.embedlab.store.HashEmbedder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Forked by the tests: embeds random batches of universe texts through a {@link StoreCachingEmbedder}
 * over {@link HashEmbedder}, checking every vector it gets back against a fresh embedding (a
 * mismatch exits with status 3). Args: db elementType seed batches batchSize universe.
 * Prints {@code b <i>} after each batch returns (it is committed) and {@code done hits=<h> misses=<m>} at the end.
 */
public final class StoreWriterMain {
  private StoreWriterMain() {}

  /** Text number {@code i} of the test universe. */
  public static String text(int i) {
    return "text " + i + " about " + (i % 97) + " and " + (i % 13) + " things";
  }

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    ElementType type = ElementType.valueOf(args[1]);
    SplittableRandom r = new SplittableRandom(Long.parseLong(args[2]));
    int batches = Integer.parseInt(args[3]);
    int batchSize = Integer.parseInt(args[4]);
    int universe = Integer.parseInt(args[5]);
    HashEmbedder ref = new HashEmbedder(64, 1000, 0);
    try (SqliteEmbeddingStore store = SqliteEmbeddingStore.open(db, type);
        StoreCachingEmbedder e = StoreCachingEmbedder.wrap(new HashEmbedder(64, 1000, 0), store, 1 << 20)) {
      System.out.println("started");
      System.out.flush();
      for (int b = 0; b < batches; b++) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < batchSize; i++) {
          texts.add(text(r.nextInt(universe)));
        }
        Role role = r.nextBoolean() ? Role.DOCUMENT : Role.QUERY;
        float[][] got = e.embed(texts, role);
        System.out.println("b " + b); // embed returned: this batch is committed
        System.out.flush();
        for (int i = 0; i < got.length; i++) {
          float[] want = store.asStored(ref.vector(texts.get(i)));
          if (!java.util.Arrays.equals(want, got[i])) {
            System.out.println("MISMATCH " + texts.get(i));
            System.exit(3);
          }
        }
      }
      StoreCachingEmbedder.Stats s = e.stats();
      System.out.println("done hits=" + s.hits() + " misses=" + s.misses() + " corrupt=" + s.corruptRows());
    }
  }
}

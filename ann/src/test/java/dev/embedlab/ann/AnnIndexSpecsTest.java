package dev.embedlab.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.eval.bakeoff.IndexFactory;
import dev.embedlab.eval.bakeoff.IndexSpecs;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bake-off finds the ANN indexes through ServiceLoader and builds what the spec says. */
class AnnIndexSpecsTest {

  @Test
  void serviceLoaderFindsHnswAndIvf() throws Exception {
    BaseRetrieverTestCase.Corpus c = Corpus.of();
    IndexFactory.Input in = new IndexFactory.Input(List.of(), c.ids(), c.texts(), c.vectors(), 1);
    for (String spec : List.of("hnsw:M=16,ef=50", "hnsw:M=8,ef=40,sq=7", "ivf:nlist=16,nprobe=16", "ivf:nlist=16,nprobe=4,pq=4,bits=6,rescore=50")) {
      IndexFactory f = IndexSpecs.parse(spec);
      try (Retriever r = f.build(in)) {
        assertEquals(c.ids().length, r.describe().documents(), spec);
        assertTrue(r.describe().provenance().canonical().length() > 0);
      }
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new AnnIndexSpecs().parse("hnsw:M=x"))
        .getMessage().contains("m must be a whole number; m=x"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new AnnIndexSpecs().parse("ivf:nlists=4"))
        .getMessage().contains("unknown parameter nlists"));
    assertTrue(new AnnIndexSpecs().parse("exact").isEmpty());
  }

  /** The contract corpus, reached through a subclass. */
  static final class Corpus extends BaseRetrieverTestCase {
    static BaseRetrieverTestCase.Corpus of() {
      return corpus();
    }

    @Override
    protected Retriever newRetriever(BaseRetrieverTestCase.Corpus c) {
      throw new UnsupportedOperationException();
    }
  }
}

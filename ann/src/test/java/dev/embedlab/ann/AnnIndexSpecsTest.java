package dev.embedlab.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.retrieval.Retriever;
import dev.embedlab.core.retrieval.IndexFactory;
import dev.embedlab.core.retrieval.IndexSpecProvider;
import dev.embedlab.testing.BaseRetrieverTestCase;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** ServiceLoader finds the ANN indexes by spec, and each builds what the spec says. */
class AnnIndexSpecsTest {

  @Test
  void serviceLoaderFindsHnswAndIvf() throws Exception {
    BaseRetrieverTestCase.Corpus c = Corpus.of();
    IndexFactory.Input in = new IndexFactory.Input(c.ids(), c.texts(), c.vectors(), 1);
    List<IndexSpecProvider> providers = ServiceLoader.load(IndexSpecProvider.class).stream()
        .map(ServiceLoader.Provider::get).toList();
    assertTrue(providers.stream().anyMatch(p -> p instanceof AnnIndexSpecs), "AnnIndexSpecs is listed in META-INF/services");
    for (String spec : List.of("hnsw:M=16,ef=50", "hnsw:M=8,ef=40,sq=7", "jvector:M=8,ef=40", "ivf:nlist=16,nprobe=16", "ivf:nlist=16,nprobe=4,pq=4,bits=6,rescore=50")) {
      IndexFactory f = providers.stream().map(p -> p.parse(spec)).filter(o -> o.isPresent()).findFirst()
          .orElseThrow(() -> new AssertionError("no provider parses " + spec)).get();
      try (Retriever r = f.build(in)) {
        assertEquals(c.ids().length, r.describe().documents(), spec);
        assertTrue(r.describe().provenance().canonical().length() > 0);
        assertTrue(r.describe().name().startsWith(spec.substring(0, spec.indexOf(':'))), r.describe().name());
      }
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new AnnIndexSpecs().parse("hnsw:M=x"))
        .getMessage().contains("the value of M must be a whole number; M=x"));
    assertTrue(new AnnIndexSpecs().parse("nosuchmodel:exact").isEmpty(), "not an ANN spec: parameters not read");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new AnnIndexSpecs().parse("ivf:nlists=4"))
        .getMessage().contains("unknown parameter nlists"));
    assertTrue(new AnnIndexSpecs().parse("exact").isEmpty());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new AnnIndexSpecs().parse("jvector:M=8,sq=7"))
        .getMessage().contains("unknown parameter sq"), "jvector here is float32 only");
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

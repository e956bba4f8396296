package dev.embedlab.bakeoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.compress.CodecKind;
import dev.embedlab.compress.CompressedIndex;
import dev.embedlab.core.retrieval.IndexFactory;
import dev.embedlab.core.retrieval.IndexSpecProvider;
import dev.embedlab.core.retrieval.Retriever;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Index specs become the right compressed index, trained on the corpus inside the factory; others go to providers. */
class IndexSpecsTest {
  private static IndexFactory.Input input(int n, int dim) {
    Random r = new Random(7);
    float[][] v = new float[n][dim];
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = "d" + i;
      for (int j = 0; j < dim; j++) {
        v[i][j] = (float) r.nextGaussian();
      }
    }
    return new IndexFactory.Input(ids, java.util.Arrays.asList(ids), v, 1);
  }

  @Test
  void codecSpecsBuildTrainedCompressedIndexes() {
    IndexFactory.Input in = input(300, 16);
    Retriever r = IndexSpecs.parse("int8+rescore4", List.of()).build(in);
    CompressedIndex c = (CompressedIndex) r;
    assertEquals(CodecKind.INT8, c.compressor().kind());
    assertEquals(CompressedIndex.Rescoring.oversample(4), c.rescoring());
    assertEquals(300, c.size());
    c = (CompressedIndex) IndexSpecs.parse("int8", List.of()).build(in);
    assertFalse(c.rescoring().enabled());
    c = (CompressedIndex) IndexSpecs.parse("binary+rescore10", List.of()).build(in);
    assertEquals(CodecKind.BINARY, c.compressor().kind());
    assertEquals(2, c.compressor().bytesPerVector());
    c = (CompressedIndex) IndexSpecs.parse("FP16", List.of()).build(in);
    assertEquals(CodecKind.FLOAT16, c.compressor().kind());
    c = (CompressedIndex) IndexSpecs.parse("pq4+rescore2", List.of()).build(input(600, 16));
    assertEquals(CodecKind.PRODUCT_QUANTIZATION, c.compressor().kind());
    assertEquals(4, c.compressor().bytesPerVector());
    assertFalse(IndexSpecs.parse("exact", List.of()).build(in) instanceof CompressedIndex);
    String m = assertThrows(IllegalArgumentException.class,
        () -> IndexSpecs.parse("pq5", List.of()).build(in)).getMessage();
    assertTrue(m.contains("divisible by 5") && m.contains("16"), m);
    m = assertThrows(IllegalArgumentException.class, () -> IndexSpecs.parse("int8+rescore0", List.of())).getMessage();
    assertTrue(m.contains("rescore factor must be >= 1"), m);
  }

  @Test
  void codecsComeFromCompressRegistrySoPcaAndTruncationAreChoosable() {
    IndexFactory.Input in = input(300, 16);
    CompressedIndex c = (CompressedIndex) IndexSpecs.parse("pca8+rescore4", List.of()).build(in);
    assertEquals(8, c.compressor().bytesPerVector() / 4, "8 float components kept");
    assertEquals(CompressedIndex.Rescoring.oversample(4), c.rescoring());
    c = (CompressedIndex) IndexSpecs.parse("trunc4", List.of()).build(in);
    assertEquals(16, c.compressor().bytesPerVector(), "4 floats of 4 bytes");
    String m = assertThrows(IllegalArgumentException.class, () -> IndexSpecs.parse("pq0", List.of())).getMessage();
    assertTrue(m.contains("subspaces must be >= 1"), m);
    m = assertThrows(IllegalArgumentException.class, () -> IndexSpecs.parse("zstd", List.of())).getMessage();
    assertTrue(m.contains("pca<k>[w]") && m.contains("trunc<k>"), "lists the registry's codecs: " + m);
  }

  @Test
  void otherSpecsGoToProvidersAndUnknownOnesListTheKnown() {
    IndexFactory hnsw = in -> IndexSpecs.exactFloat32().build(in);
    IndexSpecProvider p = new IndexSpecProvider() {
      @Override
      public Optional<IndexFactory> parse(String spec) {
        return spec.startsWith("hnsw") ? Optional.of(hnsw) : Optional.empty();
      }

      @Override
      public List<String> examples() {
        return List.of("hnsw:M=16,ef=100");
      }
    };
    assertSame(hnsw, IndexSpecs.parse("hnsw:M=16,ef=100", List.of(p)));
    String m = assertThrows(IllegalArgumentException.class, () -> IndexSpecs.parse("ivf:nlist=4", List.of(p)))
        .getMessage();
    assertTrue(m.contains("unknown index spec \"ivf:nlist=4\"") && m.contains("hnsw:M=16,ef=100")
        && m.contains("int8+rescore4"), m);
    m = assertThrows(IllegalArgumentException.class, () -> IndexSpecs.parse("hnsw", List.of())).getMessage();
    assertTrue(m.contains("no IndexSpecProvider"), m);
  }
}

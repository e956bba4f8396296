package dev.embedlab.staticemb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainStaticCommandTest {
  @TempDir Path dir;

  private int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
    return TrainStaticCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void trainsFromATokenizerAndWritesAReproducibleModel() throws IOException {
    List<String> words = new ArrayList<>();
    StringBuilder pairs = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      words.add("x" + i);
      words.add("y" + i);
      pairs.append("x").append(i).append("\ty").append(i).append(i % 3 == 0 ? "\ty" + ((i + 1) % 60) : "").append('\n');
    }
    Files.write(dir.resolve("tokenizer.json"), TestTokenizers.wordLevel(words));
    Files.writeString(dir.resolve("pairs.tsv"), pairs.toString());
    String[] args = {"--pairs", dir.resolve("pairs.tsv").toString(), "--tokenizer", dir.resolve("tokenizer.json").toString(),
        "--dim", "16", "--epochs", "3", "--batch", "8", "--lr", "0.3", "--holdout", "0.2", "--seed", "5",
        "--matryoshka", "16,8", "--out", dir.resolve("m1").toString()};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(0, run(out, err, args), err.toString(StandardCharsets.UTF_8));
    String log = out.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("48 training pairs, 12 held out"), log);
    assertTrue(log.contains("epoch 1: loss"), log);
    args[args.length - 1] = dir.resolve("m2").toString();
    assertEquals(0, run(new ByteArrayOutputStream(), err, args));
    assertArrayEquals(Files.readAllBytes(dir.resolve("m1/model.safetensors")),
        Files.readAllBytes(dir.resolve("m2/model.safetensors")), "same seed, same file");
    try (StaticEmbedder e = StaticEmbedder.open(dir.resolve("m1"))) {
      assertEquals(16, e.dimension());
    }
  }

  @Test
  void trainsWithCharNgramsAndThreads() throws IOException {
    StringBuilder pairs = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      pairs.append("서울").append(i).append("번지\t서울의 ").append(i).append("번지\n");
    }
    Files.write(dir.resolve("tokenizer.json"), TestTokenizers.wordLevel(List.of("서울", "번지")));
    Files.writeString(dir.resolve("pairs.tsv"), pairs.toString());
    String[] args = {"--pairs", dir.resolve("pairs.tsv").toString(), "--tokenizer", dir.resolve("tokenizer.json").toString(),
        "--dim", "8", "--epochs", "2", "--batch", "8", "--char-ngrams", "2-3:101", "--threads", "2",
        "--out", dir.resolve("n1").toString()};
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(0, run(new ByteArrayOutputStream(), err, args), err.toString(StandardCharsets.UTF_8));
    args[args.length - 1] = dir.resolve("n2").toString();
    assertEquals(0, run(new ByteArrayOutputStream(), err, args));
    assertArrayEquals(Files.readAllBytes(dir.resolve("n1/model.safetensors")),
        Files.readAllBytes(dir.resolve("n2/model.safetensors")), "same seed and threads, same file");
    try (StaticEmbedder e = StaticEmbedder.open(dir.resolve("n1"))) {
      assertEquals(new CharNgrams(2, 3, 101), e.model().charNgrams());
      assertEquals(3 + 101, e.model().rows());
    }
    ByteArrayOutputStream bad = new ByteArrayOutputStream();
    args[args.length - 5] = "2:101";
    assertEquals(1, run(new ByteArrayOutputStream(), bad, args));
    assertTrue(bad.toString(StandardCharsets.UTF_8).contains("MIN-MAX:BUCKETS"), bad.toString(StandardCharsets.UTF_8));
  }

  @Test
  void reportsUsageAndFileErrors() throws IOException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, run(new ByteArrayOutputStream(), err, "--pairs", "x"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: train-static"));
    Files.writeString(dir.resolve("bad.tsv"), "a\tb\nonly-one-column\n");
    Files.write(dir.resolve("tok.json"), TestTokenizers.wordLevel(List.of("a", "b")));
    ByteArrayOutputStream err2 = new ByteArrayOutputStream();
    assertEquals(1, run(new ByteArrayOutputStream(), err2, "--pairs", dir.resolve("bad.tsv").toString(),
        "--tokenizer", dir.resolve("tok.json").toString(), "--out", dir.resolve("o").toString()));
    assertTrue(err2.toString(StandardCharsets.UTF_8).contains("bad.tsv:2: expected 2 or 3 tab-separated columns"),
        err2.toString(StandardCharsets.UTF_8));
  }

  @Test
  void spearmanHandlesTies() {
    // scipy.stats.spearmanr([1, 2, 2, 3], [1, 3, 2, 4]) = 0.9486832980505138
    assertEquals(0.9486832980505138, TrainStaticCommand.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4}), 1e-12);
  }
}

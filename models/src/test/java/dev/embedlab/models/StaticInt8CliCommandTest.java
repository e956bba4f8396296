package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code embedlab int8-static}: writes a folder that loads as an ONNX folder; every mistake exits 2 with a reason. */
class StaticInt8CliCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new StaticInt8CliCommand().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void calibratesOnTheFileAndWritesAFolder(@TempDir Path tmp) throws Exception {
    Path texts = tmp.resolve("texts.txt");
    List<String> lines = new ArrayList<>(StaticInt8Test.part(0));
    lines.add(3, "   ");
    Files.write(texts, lines, StandardCharsets.UTF_8);
    Path dir = tmp.resolve("static");
    assertEquals(0, run("--model", "all-minilm-l6-v2-q", "--texts", texts.toString(), "--out", dir.toString(),
        "--max-texts", "30"), err.toString(StandardCharsets.UTF_8));
    String said = out.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("24 activations of all-minilm-l6-v2-q calibrated on 30 texts"), said);
    assertTrue(said.contains("compare it as onnx:" + dir), said);
    assertFalse(ModelFiles.fileContains(dir.resolve("model.onnx"), "DynamicQuantizeLinear"));
    try (OnnxEmbedder e = OnnxEmbedder.builderFromFolder(dir).build()) {
      assertEquals(1, e.embed(List.of("a text")).length);
      assertEquals(384, e.dimension());
    }
  }

  @Test
  void mistakesExitTwoWithTheReason(@TempDir Path tmp) throws Exception {
    assertEquals(2, run("--model", "all-minilm-l6-v2", "--texts", "x", "--out", tmp.toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains(
        "int8-static: --model all-minilm-l6-v2 is not an int8 model; expected one of [all-minilm-l6-v2-q"),
        err.toString(StandardCharsets.UTF_8));
    err.reset();
    assertEquals(2, run("--model", "all-minilm-l6-v2-q", "--texts", tmp.resolve("none.txt").toString(), "--out",
        tmp.toString()));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("none.txt: no such file; expected one text per line"));
    err.reset();
    assertEquals(2, run("--model", "all-minilm-l6-v2-q", "--max-texts", "0"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--max-texts 0: expected a whole number >= 1; found 0"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains(StaticInt8CliCommand.USAGE));
    assertEquals(0, run("--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).startsWith(StaticInt8CliCommand.USAGE));
  }
}

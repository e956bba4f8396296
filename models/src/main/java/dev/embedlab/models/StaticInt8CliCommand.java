package dev.embedlab.models;

import dev.embedlab.core.cli.CliCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code embedlab int8-static --model ID --texts FILE --out DIR [--max-texts N]}: a shipped dynamic-int8
 * model made static ({@link StaticInt8}), calibrated on the first {@code N} (1,000) non-empty lines of
 * {@code FILE}; the folder loads as {@code onnx:DIR} in a bake-off.
 */
public final class StaticInt8CliCommand implements CliCommand {
  /** The usage line printed with every command-line mistake. */
  public static final String USAGE = "usage: int8-static --model ID --texts FILE --out DIR [--max-texts N]";

  @Override
  public String name() {
    return "int8-static";
  }

  @Override
  public String summary() {
    return "fix a shipped int8 model's activation scales from your texts: same vector per text at batched speed";
  }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    String model = null;
    Path texts = null;
    Path dir = null;
    int max = 1000;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--model" -> model = CliCommand.optionValue(args, ++i, a);
          case "--texts" -> texts = Path.of(CliCommand.optionValue(args, ++i, a));
          case "--out" -> dir = Path.of(CliCommand.optionValue(args, ++i, a));
          case "--max-texts" -> max = CliCommand.positiveCount(a, CliCommand.optionValue(args, ++i, a));
          case "--help", "-h" -> {
            out.println(USAGE);
            out.println("Calibrates on one text per line; the output folder loads as onnx:DIR (bakeoff --models onnx:DIR).");
            return 0;
          }
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (model == null || texts == null || dir == null) {
        throw new IllegalArgumentException("--model, --texts and --out are required");
      }
      KnownModel known = int8Model(model);
      if (!Files.isRegularFile(texts)) {
        throw new IllegalArgumentException("--texts " + texts + ": no such file; expected one text per line");
      }
      List<String> lines;
      try {
        lines = Files.readAllLines(texts, StandardCharsets.UTF_8).stream().filter(s -> !s.isBlank()).limit(max).toList();
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + texts + " failed", e);
      }
      if (lines.isEmpty()) {
        throw new IllegalArgumentException("--texts " + texts + ": expected at least one non-empty line; found none");
      }
      long t0 = System.nanoTime();
      StaticInt8.Result r = StaticInt8.quantize(known, lines, dir);
      out.printf(Locale.ROOT, "wrote %s: %d activations of %s calibrated on %d texts in %.1f s; compare it as onnx:%s%n",
          r.model(), r.ranges().size(), known.id(), r.texts(), (System.nanoTime() - t0) / 1e9, dir);
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("int8-static: " + e.getMessage());
      err.println(USAGE);
      return 2;
    } catch (UncheckedIOException e) { // an unreadable --texts, an --out that cannot be written
      err.println("int8-static: " + e.getMessage() + ": " + e.getCause().getMessage());
      err.println(USAGE);
      return 2;
    }
  }

  /** The shipped dynamic-int8 model called {@code id}. */
  static KnownModel int8Model(String id) {
    List<String> int8 = Arrays.stream(KnownModel.values()).filter(KnownModel::quantized).map(KnownModel::id).toList();
    for (KnownModel m : KnownModel.values()) {
      if (m.id().equals(id)) {
        if (!m.quantized()) {
          throw new IllegalArgumentException("--model " + id + " is not an int8 model; expected one of " + int8);
        }
        return m;
      }
    }
    throw new IllegalArgumentException("--model " + id + ": no such shipped model; expected one of " + int8);
  }
}

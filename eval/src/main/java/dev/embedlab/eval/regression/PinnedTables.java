package dev.embedlab.eval.regression;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pinned results tables that ship with embedlab ({@code dev/embedlab/eval/pinned/*.json}, listed in
 * {@code index.txt} beside them) and the README blocks generated from them and from the regression
 * files. The README holds each table between {@code <!-- pinned:NAME:begin -->} and
 * {@code <!-- pinned:NAME:end -->} (the regressions between {@code <!-- regressions:begin -->} and
 * {@code <!-- regressions:end -->}); a test checks them byte for byte, and {@link #main} rewrites them:
 * <pre>
 * java -cp eval/target/classes:… dev.embedlab.eval.regression.PinnedTables README.md
 * </pre>
 */
public final class PinnedTables {
  private static final String DIR = "/dev/embedlab/eval/pinned/";
  /** The README's markers around the regression table. */
  public static final String REGRESSIONS_BEGIN = "<!-- regressions:begin -->";
  /** The README's end marker of the regression table. */
  public static final String REGRESSIONS_END = "<!-- regressions:end -->";

  private PinnedTables() {}

  /** Every shipped pinned table, in index order. */
  public static List<PinnedTable> all() {
    List<PinnedTable> out = new ArrayList<>();
    for (String n : names()) {
      out.add(load(n));
    }
    return out;
  }

  /** The names of every shipped pinned table, in index order. */
  public static List<String> names() {
    return ShippedJson.names(DIR);
  }

  /**
   * The shipped pinned table {@code name}.
   *
   * @throws IllegalArgumentException when no such file ships (listing those that do)
   */
  public static PinnedTable load(String name) {
    if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException("pinned table name must be lower-case letters, digits, '.', '_' or '-'; name=" + name);
    }
    String text;
    try {
      text = ShippedJson.resource(DIR, name + ".json");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("no pinned table named '" + name + "'; expected one of " + names(), e);
    }
    PinnedTable t = PinnedTable.parse(name + ".json", text);
    if (!t.name().equals(name)) {
      throw new IllegalArgumentException(name + ".json: field name must equal the file name; name=" + t.name());
    }
    return t;
  }

  /** The README's begin marker of table {@code name}. */
  public static String begin(String name) {
    return "<!-- pinned:" + name + ":begin -->";
  }

  /** The README's end marker of table {@code name}. */
  public static String end(String name) {
    return "<!-- pinned:" + name + ":end -->";
  }

  /**
   * Every generated README block, begin marker to end marker: the regression table, then each pinned
   * table. The README must contain each one exactly.
   */
  public static Map<String, String> readmeBlocks() {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    out.put(REGRESSIONS_BEGIN, REGRESSIONS_BEGIN + "\n" + Regressions.markdownTable(Regressions.all()) + REGRESSIONS_END);
    for (PinnedTable t : all()) {
      out.put(begin(t.name()), readmeBlock(t));
    }
    return out;
  }

  /** Table {@code t} between its markers. */
  public static String readmeBlock(PinnedTable t) {
    return begin(t.name()) + "\n" + t.markdown() + end(t.name());
  }

  /**
   * {@code readme} with every generated block replaced by what the files generate now.
   *
   * @throws IllegalArgumentException when a block's begin or end marker is missing or out of order
   */
  public static String update(String readme) {
    String out = readme;
    for (Map.Entry<String, String> e : readmeBlocks().entrySet()) {
      String block = e.getValue();
      String endMarker = block.substring(block.lastIndexOf("<!--"));
      int b = out.indexOf(e.getKey());
      int end = out.indexOf(endMarker);
      if (b < 0 || end < b) {
        throw new IllegalArgumentException("README has no " + e.getKey() + " … " + endMarker + " block (found them at "
            + b + " and " + end + "); add both markers where the table belongs");
      }
      out = out.substring(0, b) + block + out.substring(end + endMarker.length());
    }
    return out;
  }

  /** Rewrites the generated blocks of the README named by {@code args[0]} (default {@code README.md}). */
  public static void main(String[] args) throws IOException {
    Path readme = Path.of(args.length > 0 ? args[0] : "README.md");
    String before = Files.readString(readme, StandardCharsets.UTF_8);
    String after = update(before);
    if (!after.equals(before)) {
      Files.writeString(readme, after, StandardCharsets.UTF_8);
    }
    System.out.println(readme + (after.equals(before) ? ": generated tables already current" : ": generated tables rewritten"));
  }
}

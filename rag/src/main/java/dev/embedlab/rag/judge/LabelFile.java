package dev.embedlab.rag.judge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The labelling file format: tab-separated, header {@value #HEADER}; a person writes a grade (0, 1, 2…)
 * in the {@code label} column and leaves a row empty to skip it. {@link #read} turns the labelled rows
 * into judgments, refusing anything else with the file and line, and {@link #writeTrecQrels} writes
 * them as trec_eval qrels ({@code query 0 doc grade}) that every qrels reader takes.
 */
public final class LabelFile {
  /** The first line of a labelling file. */
  public static final String HEADER = "query_id\tdoc_id\tlabel\tvotes\tquery\tdocument";

  private LabelFile() {}

  /**
   * What a labelling file holds.
   *
   * @param judgments query id → document id → grade, in file order
   * @param unlabelled rows left empty
   */
  public record Labels(Map<String, Map<String, Integer>> judgments, int unlabelled) {}

  /** Reads the labelled rows of {@code file}. */
  public static Labels read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).replace("\uFEFF", "").startsWith("query_id\tdoc_id\tlabel")) {
      throw new IllegalArgumentException(file + ":1: expected the header '" + HEADER + "'");
    }
    Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
    int empty = 0;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length < 3) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected at least 3 tab-separated columns "
            + "(query_id, doc_id, label); found " + f.length);
      }
      String label = f[2].strip();
      if (label.isEmpty()) {
        empty++;
        continue;
      }
      int grade;
      try {
        grade = Integer.parseInt(label);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": label must be a whole number (0 not relevant, "
            + "1 relevant, 2 highly relevant); found '" + label + "'");
      }
      if (grade < 0) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": label must be >= 0; found " + grade);
      }
      Integer prev = out.computeIfAbsent(f[0], k -> new LinkedHashMap<>()).put(f[1], grade);
      if (prev != null) {
        throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + f[0] + "/" + f[1] + " is labelled twice");
      }
    }
    return new Labels(out, empty);
  }

  /** Writes {@code judgments} as trec_eval qrels: {@code query 0 doc grade}. */
  public static void writeTrecQrels(Path file, Map<String, Map<String, Integer>> judgments) throws IOException {
    StringBuilder sb = new StringBuilder();
    judgments.forEach((q, docs) -> docs.forEach((d, g) -> sb.append(q).append(" 0 ").append(d).append(' ').append(g).append('\n')));
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }
}

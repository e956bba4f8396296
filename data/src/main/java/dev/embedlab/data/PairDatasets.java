package dev.embedlab.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Readers for sentence-pair sets. Delimited files are split on a single separator character with no
 * quote handling (STS Benchmark sentences contain quotes; a CSV parser would merge rows).
 */
public final class PairDatasets {
  private PairDatasets() {}

  /**
   * STS Benchmark TSV without header: genre, file, year, id, score, sentence1, sentence2 [, extra
   * source columns]. Split on TAB; columns 5–7 are used. Labels are absent (see
   * {@link PairDataset#withLabelsFromScore}).
   */
  public static PairDataset stsBenchmark(Path tsv) throws IOException {
    List<Pair> pairs = new ArrayList<>();
    TextFiles.forEachLine(tsv, (line, no) -> {
      if (line.isEmpty()) {
        return;
      }
      List<String> f = TextFiles.split(line, '\t');
      if (f.size() < 7) {
        throw new MalformedDataException(tsv, no,
            "expected >= 7 tab-separated columns (genre file year id score sentence1 sentence2), found " + f.size());
      }
      pairs.add(new Pair(f.get(5), f.get(6), parseScore(tsv, no, f.get(4), "score"), null));
    });
    return new PairDataset(datasetId(tsv), "scores CC BY-SA 4.0; texts under their sources' terms", abs(tsv), pairs);
  }

  /** KorSTS TSV with header {@code genre filename year id score sentence1 sentence2}. */
  public static PairDataset korSts(Path tsv) throws IOException {
    return new PairDataset(datasetId(tsv), "CC BY-SA 4.0", abs(tsv),
        delimited(tsv, '\t', true, "sentence1", "sentence2", "score", null).pairs());
  }

  /**
   * KLUE-STS JSON: an array of objects with {@code sentence1}, {@code sentence2},
   * {@code labels.label} (0–5) and {@code labels.binary-label} (0/1).
   */
  public static PairDataset klueSts(Path json) throws IOException {
    TextFiles.requireFile(json, "a KLUE-STS JSON file");
    JsonNode root = JsonLines.parseDocument(json, TextFiles.readAll(json), "expected KLUE-STS JSON");
    if (root == null || !root.isArray()) {
      throw new MalformedDataException(json, 0, "expected a JSON array of pairs");
    }
    List<Pair> pairs = new ArrayList<>();
    int i = 0;
    for (JsonNode n : root) {
      JsonNode s1 = n.get("sentence1");
      JsonNode s2 = n.get("sentence2");
      JsonNode label = n.path("labels").get("label");
      JsonNode bin = n.path("labels").get("binary-label");
      if (s1 == null || !s1.isTextual() || s2 == null || !s2.isTextual() || label == null || !label.isNumber()
          || bin == null || !bin.canConvertToInt() || (bin.asInt() != 0 && bin.asInt() != 1)) {
        throw new MalformedDataException(json, 0, "expected element [" + i
            + "] to have string sentence1/sentence2, numeric labels.label and labels.binary-label 0/1");
      }
      pairs.add(new Pair(s1.asText(), s2.asText(), label.asDouble(), bin.asInt()));
      i++;
    }
    return new PairDataset(datasetId(json), "CC BY-SA 4.0", abs(json), pairs);
  }

  /**
   * A user's delimited file with named columns, so any pair file works without code. No quote
   * handling: fields are split on {@code sep} exactly.
   *
   * @param file the file (UTF-8, BOM allowed, gzip detected)
   * @param sep separator, e.g. {@code '\t'} or {@code ','}
   * @param header whether line 1 names the columns; without a header, columns are named by
   *     1-based position ({@code "1"}, {@code "2"}, …)
   * @param colA column of the first text
   * @param colB column of the second text
   * @param scoreCol column of the graded score, or null
   * @param labelCol column of the 0/1 label, or null (at least one of score/label is required)
   * @throws MalformedDataException when a named column is absent, a row is short, or a value is
   *     not numeric / not 0-1
   */
  public static PairDataset delimited(Path file, char sep, boolean header, String colA, String colB,
      String scoreCol, String labelCol) throws IOException {
    if (colA == null || colB == null) {
      throw new IllegalArgumentException("colA and colB must be named; colA=" + colA + " colB=" + colB);
    }
    if (scoreCol == null && labelCol == null) {
      throw new IllegalArgumentException("at least one of scoreCol and labelCol must be named; both are null");
    }
    List<Pair> pairs = new ArrayList<>();
    int[] idx = new int[4];
    if (!header) {
      idx[0] = position(colA);
      idx[1] = position(colB);
      idx[2] = scoreCol == null ? -1 : position(scoreCol);
      idx[3] = labelCol == null ? -1 : position(labelCol);
    }
    TextFiles.forEachLine(file, (line, no) -> {
      if (header && no == 1) {
        List<String> names = TextFiles.split(line, sep);
        idx[0] = column(file, names, colA);
        idx[1] = column(file, names, colB);
        idx[2] = scoreCol == null ? -1 : column(file, names, scoreCol);
        idx[3] = labelCol == null ? -1 : column(file, names, labelCol);
        return;
      }
      if (line.isEmpty()) {
        return;
      }
      List<String> f = TextFiles.split(line, sep);
      int need = Math.max(Math.max(idx[0], idx[1]), Math.max(idx[2], idx[3])) + 1;
      if (f.size() < need) {
        throw new MalformedDataException(file, no, "expected >= " + need + " columns separated by '"
            + printable(sep) + "', found " + f.size());
      }
      double score = idx[2] < 0 ? Double.NaN : parseScore(file, no, f.get(idx[2]), scoreCol);
      Integer label = null;
      if (idx[3] >= 0) {
        String v = f.get(idx[3]).strip();
        if (v.equals("0") || v.equals("1")) {
          label = v.equals("1") ? 1 : 0;
        } else {
          throw new MalformedDataException(file, no, "expected label 0 or 1 in column " + labelCol + ", found '" + v + "'");
        }
      }
      pairs.add(new Pair(f.get(idx[0]), f.get(idx[1]), score, label));
    });
    return new PairDataset(datasetId(file), "unspecified", abs(file), pairs);
  }

  private static int position(String col) {
    try {
      int p = Integer.parseInt(col.strip());
      if (p < 1) {
        throw new NumberFormatException();
      }
      return p - 1;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "without a header, columns are named by 1-based position; column='" + col + "'");
    }
  }

  private static int column(Path file, List<String> names, String col) throws MalformedDataException {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).strip().equals(col)) {
        return i;
      }
    }
    throw new MalformedDataException(file, 1, "expected a header column named '" + col + "', found " + names);
  }

  private static double parseScore(Path file, long no, String v, String col) throws MalformedDataException {
    try {
      double d = Double.parseDouble(v.strip());
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new MalformedDataException(file, no, "expected a finite number in column " + col + ", found '" + v + "'");
    }
  }

  private static String printable(char c) {
    return c == '\t' ? "\\t" : String.valueOf(c);
  }

  private static String datasetId(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    String name = abs.getFileName().toString().replaceFirst("\\.(tsv|csv|json|txt)(\\.gz)?$", "");
    Path parent = abs.getParent();
    return (parent == null || parent.getFileName() == null ? "" : parent.getFileName() + "/")
        + name.toLowerCase(Locale.ROOT);
  }

  private static String abs(Path file) {
    return file.toAbsolutePath().normalize().toString();
  }
}

package dev.embedlab.eval.regression;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A pinned results table: the figures of one measured run that a regression file (one data set × one
 * candidate) cannot hold — a bake-off of several retrievers, a compression report, quality levers —
 * with the same source, command and tolerance fields as a {@link Regression}, from which the README's
 * table is generated (and checked byte for byte).
 *
 * <pre>{@code
 * {
 *   "name": "scifact.retrievers",
 *   "title": "SciFact test, embedder × retriever",
 *   "source": {"kind": "measured", "reference": "`embedlab --beir …`", "machine": "2-core …", "date": "2026-11-29"},
 *   "reproduce": {"command": "embedlab", "args": ["--beir", "${shared}/data/scifact", "…"]},
 *   "tolerance": 0.001,
 *   "columns": [{"key": "label", "header": "candidate"},
 *               {"key": "ndcg_cut.10", "header": "nDCG@10", "decimals": 4, "metric": true},
 *               {"key": "bytes", "header": "bytes/doc", "decimals": 0, "grouping": true}],
 *   "rows": [{"candidate": "bge-small-en-v1.5-q", "label": "bge-small-en-v1.5-q, exact", "ndcg_cut.10": 0.7111, "bytes": 1536}],
 *   "checks": [{"row": "bge-small-en-v1.5-q, exact", "column": "ndcg_cut.10", "regression": "scifact.bge-small-en-v1.5-q"}],
 *   "notes": "…"
 * }
 * }</pre>
 *
 * <p>A row's cells are numbers (printed with the column's {@code decimals}, with thousands separators
 * when {@code grouping}), text (printed as is) or absent / null (printed {@code –}). Columns marked
 * {@code metric} hold quality figures that a re-run must reproduce within {@code tolerance}; the
 * others (speed, size, confidence intervals) are stated as measured on {@code source.machine}. A
 * {@code reproduce} block says how a test re-runs the table (today: {@code embedlab}, the bake-off
 * command line, whose JSON report is matched by each row's {@code candidate}); without one the table
 * is pinned from its {@code source.reference} command alone. {@code checks} tie a cell to a regression
 * file that pins the same figure, so the two cannot drift apart.
 *
 * @param name unique name, also the file's name without {@code .json}
 * @param title the table's caption
 * @param sourceKind {@code measured} (pinned here) or {@code published} (printed by someone else)
 * @param sourceReference the command (or publication) the figures come from
 * @param machine the machine the figures were measured on (speed columns depend on it)
 * @param date the day of the measurement, {@code YYYY-MM-DD}
 * @param reproduceCommand how a test re-runs it ({@code embedlab}), or empty when it cannot
 * @param reproduceArgs that command's arguments; {@code ${shared}} stands for the shared data root
 * @param tolerance largest allowed |re-run − pinned| of a metric column, at the column's precision
 * @param columns the table's columns, in order
 * @param rows the table's rows, in order, column key to cell (and optionally {@code candidate})
 * @param checks cells that must equal a regression file's expected value
 * @param notes differences, causes and caveats, or empty
 */
public record PinnedTable(String name, String title, String sourceKind, String sourceReference, String machine,
    String date, String reproduceCommand, List<String> reproduceArgs, double tolerance, List<Column> columns,
    List<Map<String, Object>> rows, List<Check> checks, String notes) {

  private static final Set<String> FIELDS = Set.of("name", "title", "source", "reproduce", "tolerance", "columns",
      "rows", "checks", "notes");
  /** The one row key that is not a column: the candidate's name in a re-run's report. */
  public static final String CANDIDATE = "candidate";

  /**
   * One column.
   *
   * @param key the rows' key for it (a trec_eval measure name for metric columns that are re-run)
   * @param header the README's header text
   * @param decimals digits printed for numbers, or -1 for a text column
   * @param grouping whether numbers get thousands separators ({@code 1,929})
   * @param metric whether it is a quality figure a re-run must reproduce
   */
  public record Column(String key, String header, int decimals, boolean grouping, boolean metric) {
    public Column {
      if (key == null || key.isBlank() || header == null || header.isBlank()) {
        throw new IllegalArgumentException("a column needs a non-blank key and header; key=" + key + ", header=" + header);
      }
      if (decimals < -1 || decimals > 8) {
        throw new IllegalArgumentException("column " + key + ": decimals must be in [0, 8] (or absent for text); decimals=" + decimals);
      }
      if (metric && decimals < 0) {
        throw new IllegalArgumentException("column " + key + ": a metric column needs decimals");
      }
    }

    /** Whether the column holds numbers (and is right-aligned). */
    public boolean numeric() {
      return decimals >= 0;
    }
  }

  /**
   * A cell that another pinned file also holds.
   *
   * @param row the row, by its first column's text
   * @param column the column key
   * @param regression the regression file whose expected value of the same metric it must equal
   */
  public record Check(String row, String column, String regression) {}

  public PinnedTable {
    if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException("name must be lower-case letters, digits, '.', '_' or '-'; name=" + name);
    }
    if (!Set.of("published", "measured").contains(sourceKind)) {
      throw new IllegalArgumentException(name + ": source.kind must be published or measured; kind=" + sourceKind);
    }
    if (!date.matches("\\d{4}-\\d{2}-\\d{2}")) {
      throw new IllegalArgumentException(name + ": source.date must be YYYY-MM-DD; date=" + date);
    }
    if (!Set.of("", "embedlab").contains(reproduceCommand)) {
      throw new IllegalArgumentException(name + ": reproduce.command must be embedlab (or the block absent); command=" + reproduceCommand);
    }
    if (!(tolerance >= 0 && tolerance < 0.1)) {
      throw new IllegalArgumentException(name + ": tolerance must be in [0, 0.1); tolerance=" + tolerance);
    }
    if (columns.isEmpty() || rows.isEmpty()) {
      throw new IllegalArgumentException(name + ": expected at least one column and one row; columns="
          + columns.size() + ", rows=" + rows.size());
    }
    Map<String, Column> byKey = new LinkedHashMap<>();
    for (Column c : columns) {
      if (byKey.put(c.key(), c) != null) {
        throw new IllegalArgumentException(name + ": column key '" + c.key() + "' appears twice");
      }
    }
    Set<String> labels = new HashSet<>();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> row = rows.get(i);
      for (Map.Entry<String, Object> cell : row.entrySet()) {
        Column c = byKey.get(cell.getKey());
        if (c == null && !cell.getKey().equals(CANDIDATE)) {
          throw new IllegalArgumentException(name + ": row " + (i + 1) + " has key '" + cell.getKey()
              + "', which is no column; expected one of " + byKey.keySet() + " or " + CANDIDATE);
        }
        Object v = cell.getValue();
        if (c != null && c.metric() && v != null && !(v instanceof Double)) {
          throw new IllegalArgumentException(name + ": row " + (i + 1) + ", metric column " + c.key()
              + " must hold a number (or null); found " + v);
        }
      }
      if (!reproduceCommand.isEmpty() && !(row.get(CANDIDATE) instanceof String)) {
        throw new IllegalArgumentException(name + ": row " + (i + 1) + " needs a '" + CANDIDATE
            + "' (its name in the re-run's report), because the file has a reproduce block");
      }
      if (!labels.add(label(columns, row))) {
        throw new IllegalArgumentException(name + ": two rows are called '" + label(columns, row) + "'");
      }
    }
    for (Check k : checks) {
      if (!labels.contains(k.row()) || !byKey.containsKey(k.column())) {
        throw new IllegalArgumentException(name + ": check names row '" + k.row() + "' and column '" + k.column()
            + "'; expected a row among " + labels + " and a column among " + byKey.keySet());
      }
    }
    reproduceArgs = List.copyOf(reproduceArgs);
    columns = List.copyOf(columns);
    List<Map<String, Object>> copy = new ArrayList<>();
    for (Map<String, Object> r : rows) {
      copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(r)));
    }
    rows = Collections.unmodifiableList(copy);
    checks = List.copyOf(checks);
  }

  /** The row whose first column reads {@code label}, or null. */
  public Map<String, Object> row(String label) {
    return rows.stream().filter(r -> label(columns, r).equals(label)).findFirst().orElse(null);
  }

  /** The column {@code key}, or null. */
  public Column column(String key) {
    return columns.stream().filter(c -> c.key().equals(key)).findFirst().orElse(null);
  }

  private static String label(List<Column> columns, Map<String, Object> row) {
    return String.valueOf(row.get(columns.get(0).key()));
  }

  /**
   * The README text of this table: the table, then one line with its source, machine, date and
   * tolerance. {@link PinnedTables#readmeBlock} puts it between the markers.
   */
  public String markdown() {
    StringBuilder sb = new StringBuilder("|");
    for (Column c : columns) {
      sb.append(' ').append(c.header().replace("|", "\\|")).append(" |");
    }
    sb.append("\n|");
    for (Column c : columns) {
      sb.append(c.numeric() ? "---:|" : "---|");
    }
    sb.append('\n');
    for (Map<String, Object> row : rows) {
      sb.append('|');
      for (Column c : columns) {
        sb.append(' ').append(cell(c, row.get(c.key()))).append(" |");
      }
      sb.append('\n');
    }
    sb.append('\n').append(sourceKind.equals("measured") ? "Measured " : "Published ").append(date)
        .append(" on ").append(machine).append(": ").append(sourceReference).append(". Pinned in `")
        .append(name).append(".json`");
    if (columns.stream().anyMatch(Column::metric)) {
      sb.append(", quality columns ").append(tolerance == 0 ? "exact"
          : "±" + BigDecimal.valueOf(tolerance).stripTrailingZeros().toPlainString());
    }
    sb.append(reproduceCommand.isEmpty() ? "" : ", re-run by the suite with `-Dembedlab.slow=true`").append(".\n");
    return sb.toString();
  }

  private static String cell(Column c, Object v) {
    if (v == null) {
      return "–";
    }
    if (v instanceof Double d) {
      if (!c.numeric()) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
      }
      String pattern = "%" + (c.grouping() ? "," : "") + "." + c.decimals() + "f";
      return String.format(Locale.ROOT, pattern, d);
    }
    return v.toString().replace("|", "\\|");
  }

  /**
   * Parses a pinned table file's text.
   *
   * @param origin the file or resource name, for messages
   * @throws IllegalArgumentException naming {@code origin} and the field when the file is malformed
   */
  public static PinnedTable parse(String origin, String json) {
    JsonNode root = ShippedJson.object(origin, json, FIELDS);
    JsonNode src = need(origin, root, "source");
    JsonNode rep = root.path("reproduce");
    List<String> args = new ArrayList<>();
    rep.path("args").forEach(a -> args.add(a.asText()));
    List<Column> columns = new ArrayList<>();
    for (JsonNode c : array(origin, root, "columns")) {
      columns.add(new Column(c.path("key").asText(""), c.path("header").asText(""), c.path("decimals").asInt(-1),
          c.path("grouping").asBoolean(false), c.path("metric").asBoolean(false)));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode r : array(origin, root, "rows")) {
      if (!r.isObject()) {
        throw new IllegalArgumentException(origin + ": rows must be JSON objects; found " + r);
      }
      Map<String, Object> row = new LinkedHashMap<>();
      r.fields().forEachRemaining(e -> row.put(e.getKey(), e.getValue().isNull() ? null
          : e.getValue().isNumber() ? (Object) e.getValue().doubleValue() : e.getValue().asText()));
      rows.add(row);
    }
    List<Check> checks = new ArrayList<>();
    root.path("checks").forEach(k -> checks.add(new Check(k.path("row").asText(), k.path("column").asText(),
        k.path("regression").asText())));
    try {
      return new PinnedTable(text(origin, root, "name"), text(origin, root, "title"), text(origin, src, "kind"),
          text(origin, src, "reference"), text(origin, src, "machine"), text(origin, src, "date"),
          rep.isMissingNode() ? "" : text(origin, rep, "command"), args, root.path("tolerance").asDouble(0.0),
          columns, rows, checks, root.path("notes").asText(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode array(String origin, JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isArray()) {
      throw new IllegalArgumentException(origin + ": field '" + field + "' must be a JSON array");
    }
    return v;
  }

  private static JsonNode need(String origin, JsonNode n, String field) {
    return ShippedJson.need(origin, n, field);
  }

  private static String text(String origin, JsonNode n, String field) {
    return ShippedJson.text(origin, n, field);
  }
}

package dev.embedlab.models.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a {@link Shortlist} as console text no wider than about 100 columns: the source, the ranking
 * rule, the ranked table, per-task scores, the common picks against smaller ranked models (with the result
 * files that hold the numbers), the models with too few tasks to rank, and the bake-off command that
 * measures the shortlist on a team's own data.
 */
public final class ShortlistText {
  /** The bake-off command the shortlist's candidates are appended to by default. */
  public static final String DEFAULT_BAKEOFF = "embedlab bakeoff --beir YOUR_BEIR_FOLDER --models";

  private static final Map<String, String> LANGUAGE_NAMES = Map.of("ko", "Korean", "en", "English");

  private ShortlistText() {}

  /** The text of {@code s}, with {@link #DEFAULT_BAKEOFF} as the bake-off command. */
  public static String render(Shortlist s) {
    return render(s, DEFAULT_BAKEOFF);
  }

  /**
   * The text of {@code s}.
   *
   * @param bakeOffCommand the command the candidates' comma-separated names are appended to
   */
  public static String render(Shortlist s, String bakeOffCommand) {
    StringBuilder b = new StringBuilder();
    AdviceQuery q = s.query();
    b.append(LANGUAGE_NAMES.getOrDefault(q.language(), q.language())).append(' ').append(q.type().equals("sts") ? "STS" : q.type())
        .append(": MTEB scores -- published, not measured here.\n");
    b.append("Source: ").append(s.source().repository()).append(" (").append(s.source().licence())
        .append("),\n        commit ").append(s.source().commit()).append('\n');
    b.append("Tasks (").append(s.tasks().size()).append("; main score, split, language subset):\n");
    for (int i = 0; i < s.tasks().size(); i++) {
      b.append(String.format(Locale.ROOT, "  %2d %s%n", i + 1, s.tasks().get(i).describe()));
    }
    b.append("Rank = head-to-head wins: each model against each other ranked model, only on the tasks\n")
        .append("both published (ties count half). Ranked: models with at least ").append(s.minTasks())
        .append(" of the ").append(s.tasks().size()).append(" tasks.\n");
    String filters = filters(q);
    if (!filters.isEmpty()) {
      b.append("Filters: ").append(filters).append('\n');
    }
    b.append('\n');
    List<Shortlist.Entry> shown = s.ranked().subList(0, Math.min(q.top(), s.ranked().size()));
    List<Shortlist.Entry> picks = picks(s);
    List<Shortlist.Entry> rows = new ArrayList<>(shown);
    picks.stream().filter(p -> p.rank() > q.top()).sorted(Comparator.comparingInt(Shortlist.Entry::rank))
        .forEach(rows::add);
    if (shown.isEmpty()) {
      b.append("No model with enough published tasks passes the filters.\n");
    } else {
      table(b, rows, s.tasks().size(), shown.size());
      b.append("(mean = over the model's own tasks: not comparable between rows with different tasks)\n\n");
    }
    if (!rows.isEmpty()) {
      matrix(b, s.tasks(), rows);
    }
    commonPicks(b, s, picks);
    if (!s.unranked().isEmpty()) {
      b.append("Too few published tasks to rank (under ").append(s.minTasks()).append(" of ").append(s.tasks().size())
          .append("); wins against the ranked models on shared tasks:\n");
      int w = Math.max("candidate".length(), s.unranked().stream().mapToInt(e -> name(e).length()).max().orElse(0));
      String fmt = "  %-" + w + "s %6s %4s %6s %6s %6s %5s%n";
      b.append(String.format(Locale.ROOT, fmt, "candidate", "wins", "of", "mean", "tasks", "params", "dim"));
      for (Shortlist.Entry e : s.unranked()) {
        b.append(String.format(Locale.ROOT, fmt, name(e), pct(e.winRate()), e.comparisons(),
            String.format(Locale.ROOT, "%.3f", e.mean()), e.tasksCovered() + "/" + s.tasks().size(),
            params(e.model().params()), e.model().dim() == null ? "?" : e.model().dim().toString()));
      }
      b.append('\n');
    }
    if (!s.excluded().isEmpty()) {
      b.append("Left out by the filters (").append(s.excluded().size()).append("):\n");
      Map<String, List<String>> byReason = new TreeMap<>();
      for (String x : s.excluded()) {
        int colon = x.lastIndexOf(": ");
        byReason.computeIfAbsent(x.substring(colon + 2), k -> new ArrayList<>()).add(shortName(x.substring(0, colon)));
      }
      byReason.forEach((reason, names) -> wrap(b, "  " + reason + ": ", names));
      b.append('\n');
    }
    Set<String> measure = new LinkedHashSet<>();
    shown.stream().limit(3).forEach(e -> e.candidate().ifPresent(measure::add));
    picks.forEach(e -> e.candidate().ifPresent(measure::add));
    if (!measure.isEmpty()) {
      b.append("Measure them on your data (the numbers above are MTEB's data, not yours):\n  ")
          .append(bakeOffCommand).append(' ').append(String.join(",", measure)).append('\n');
    }
    List<String> noSource = shown.stream().filter(e -> e.candidate().isEmpty()).map(e -> e.model().name()).toList();
    if (!noSource.isEmpty()) {
      b.append("No embedlab source serves: ").append(String.join(", ", noSource)).append('\n');
    }
    return b.toString();
  }

  private static String filters(AdviceQuery q) {
    List<String> f = new ArrayList<>();
    if (q.maxParams() != null) {
      f.add("params <= " + params(q.maxParams()));
    }
    if (q.maxDim() != null) {
      f.add("dim <= " + q.maxDim());
    }
    if (q.openWeightsOnly()) {
      f.add("open weights only");
    }
    return String.join(", ", f);
  }

  /** The ranked table; rows after the first {@code top} are common picks, set off by a "..." line. */
  private static void table(StringBuilder b, List<Shortlist.Entry> rows, int tasks, int top) {
    int w = Math.max("candidate".length(), rows.stream().mapToInt(e -> name(e).length()).max().orElse(0));
    String fmt = "%3s %-" + w + "s %6s %6s %6s %6s %5s%n";
    b.append(String.format(Locale.ROOT, fmt, "#", "candidate", "wins", "mean", "tasks", "params", "dim"));
    for (int i = 0; i < rows.size(); i++) {
      Shortlist.Entry e = rows.get(i);
      if (i == top) {
        b.append("...  (common picks ranked lower)\n");
      }
      b.append(String.format(Locale.ROOT, fmt, e.rank(), name(e), pct(e.winRate()),
          String.format(Locale.ROOT, "%.3f", e.mean()), e.tasksCovered() + "/" + tasks,
          params(e.model().params()), e.model().dim() == null ? "?" : e.model().dim().toString()));
    }
  }

  private static void matrix(StringBuilder b, List<PublishedTask> tasks, List<Shortlist.Entry> rows) {
    b.append("Scores per task (rows = ranks above, columns = task numbers above; - = not published;\n")
        .append("* = the model's training data includes this task's data, per its model_meta):\n");
    StringBuilder line = new StringBuilder("     ");
    for (int i = 0; i < tasks.size(); i++) {
      line.append(String.format(Locale.ROOT, "%6d ", i + 1));
    }
    b.append(line.toString().stripTrailing()).append('\n');
    for (Shortlist.Entry e : rows) {
      line = new StringBuilder(String.format(Locale.ROOT, "%4s ", "#" + e.rank()));
      for (PublishedTask t : tasks) {
        Double v = e.model().scores().get(t.name());
        String mark = e.model().trainedOn().contains(t.name()) ? "*" : " ";
        line.append(v == null ? "     - " : String.format(Locale.ROOT, "%6.3f%s", v, mark));
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    b.append('\n');
  }

  private static List<Shortlist.Entry> picks(Shortlist s) {
    List<Shortlist.Entry> out = new ArrayList<>();
    for (String name : Advisor.COMMON_PICKS.keySet()) {
      s.entry(name).filter(e -> e.rank() != 1).ifPresent(out::add);
    }
    return out;
  }

  private static void commonPicks(StringBuilder b, Shortlist s, List<Shortlist.Entry> picks) {
    if (picks.isEmpty()) {
      return;
    }
    b.append("Common picks against better-ranked models no larger (for an API: open-weights models):\n");
    for (Shortlist.Entry p : picks) {
      PublishedModel pm = p.model();
      b.append("  ").append(shortName(pm.name())).append(" (").append(p.rank() == 0 ? "unranked" : "#" + p.rank())
          .append(", ").append(params(pm.params())).append(" params): ").append(Advisor.COMMON_PICKS.get(pm.name()))
          .append('\n');
      int shownAlternatives = 0;
      for (Shortlist.Entry a : s.ranked()) {
        if (shownAlternatives == 2 || (p.rank() != 0 && a.rank() >= p.rank())) {
          break;
        }
        boolean smaller = pm.params() != null ? a.model().params() != null && a.model().params() <= pm.params()
            : Boolean.TRUE.equals(a.model().openWeights());
        Advisor.HeadToHead h = Advisor.headToHead(a.model(), pm, s.tasks());
        if (!smaller || h.widest().isEmpty()) {
          continue;
        }
        shownAlternatives++;
        PublishedTask t = h.widest().get();
        b.append(String.format(Locale.ROOT, "    #%d %s (%s) wins %d of %d shared tasks against it;%n",
            a.rank(), shortName(a.model().name()), params(a.model().params()), h.wins(), h.shared()));
        b.append(String.format(Locale.ROOT, "      widest gap: %s %.3f vs %.3f, in%n", t.name(),
            a.model().scores().get(t.name()), pm.scores().get(t.name())));
        b.append("      ").append(a.model().resultPath(t.name()).orElseThrow()).append('\n')
            .append("      ").append(pm.resultPath(t.name()).orElseThrow()).append('\n');
      }
      if (shownAlternatives == 0) {
        b.append("    no better-ranked model of at most its size shares a task with it\n");
      }
    }
    b.append('\n');
  }

  /** Appends {@code head} and the comma-separated names, wrapped under 100 columns. */
  private static void wrap(StringBuilder b, String head, List<String> names) {
    StringBuilder line = new StringBuilder(head);
    boolean fresh = true;
    for (int i = 0; i < names.size(); i++) {
      String item = names.get(i) + (i + 1 < names.size() ? "," : "");
      if (!fresh && line.length() + 1 + item.length() > 100) {
        b.append(line).append('\n');
        line = new StringBuilder("    ");
        fresh = true;
      }
      if (!fresh) {
        line.append(' ');
      }
      line.append(item);
      fresh = false;
    }
    b.append(line).append('\n');
  }

  /** The candidate name, or the MTEB name when no embedlab source serves the model. */
  private static String name(Shortlist.Entry e) {
    return e.candidate().orElse(e.model().name() + " (no source)");
  }

  private static String shortName(String name) {
    return name.substring(name.indexOf('/') + 1);
  }

  private static String pct(double rate) {
    return Double.isNaN(rate) ? "?" : String.format(Locale.ROOT, "%.1f%%", 100 * rate);
  }

  /** 118M, 1.2B, 900k; ? when unknown. */
  static String params(Long n) {
    if (n == null) {
      return "?";
    }
    if (n >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.1fB", n / 1e9);
    }
    if (n >= 1_000_000L) {
      return Math.round(n / 1e6) + "M";
    }
    return Math.round(n / 1e3) + "k";
  }
}

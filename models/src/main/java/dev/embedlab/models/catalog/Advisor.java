package dev.embedlab.models.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns published MTEB scores into a shortlist for one language and task type.
 *
 * <p><b>Ranking, and why.</b> Models publish different subsets of tasks (an API vendor often only the
 * multilingual tasks, a Korean model only the Korean benchmark), and tasks differ in difficulty
 * (BelebeleRetrieval is near 0.9 for most models, MultiLongDocRetrieval near 0.2). A mean over each
 * model's own tasks would reward a model for having run only easy tasks, and ranking only on the tasks
 * every model shares would drop most tasks or most models. So a model is compared with each other model
 * only on the tasks both published: its <em>win rate</em> is the share of those head-to-head comparisons
 * (other model x shared task) it wins, ties counting half. Only models that published at least half of the
 * matching tasks ({@link Shortlist#minTasks()}) are ranked, against each other; the others are listed
 * apart with their win rate against the ranked models on the tasks they share, because a rate over one or
 * two tasks is too uncertain to rank on. Ties in win rate go to the higher mean, then to the name.
 *
 * <p>Filters ({@code maxParams}, {@code maxDim}, open weights) apply before ranking; a model whose size is
 * unknown is left out by a size filter and listed as such. Stateless and thread-safe.
 */
public final class Advisor {
  /**
   * Models the source guide and teams commonly start from, with why; the report compares each with the
   * ranked models of at most its size.
   */
  public static final Map<String, String> COMMON_PICKS = commonPicks();

  private final MtebExtract extract;

  /** An advisor over {@code extract}. */
  public Advisor(MtebExtract extract) {
    this.extract = extract;
  }

  /** An advisor over the shipped extract. */
  public static Advisor shipped() {
    return new Advisor(MtebExtract.load());
  }

  /** The extract this advisor reads. */
  public MtebExtract extract() {
    return extract;
  }

  private static Map<String, String> commonPicks() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2", "the source guide's Korean pick");
    m.put("openai/text-embedding-3-small", "in the source guide's matching table");
    m.put("openai/text-embedding-3-large", "in the source guide's matching table");
    m.put("google/text-embedding-004", "in the source guide's matching table");
    m.put("sentence-transformers/all-mpnet-base-v2", "in the source guide's matching table");
    m.put("sentence-transformers/multi-qa-mpnet-base-dot-v1", "in the source guide's matching table");
    return Collections.unmodifiableMap(m);
  }

  /**
   * The shortlist for {@code query}.
   *
   * @throws IllegalArgumentException for a language or task type the extract does not have, naming
   *     those it has
   */
  public Shortlist advise(AdviceQuery query) {
    List<String> languages = extract.languages();
    if (!languages.contains(query.language())) {
      throw new IllegalArgumentException("unknown language \"" + query.language() + "\"; the extract has "
          + String.join(", ", languages));
    }
    List<String> types = extract.types(query.language());
    if (!types.contains(query.type())) {
      throw new IllegalArgumentException("unknown task type \"" + query.type() + "\" for language "
          + query.language() + "; it has " + String.join(", ", types));
    }
    List<PublishedTask> tasks = extract.tasks().stream()
        .filter(t -> t.language().equals(query.language()) && t.type().equals(query.type())).toList();
    List<PublishedModel> kept = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    for (PublishedModel m : extract.models()) {
      if (covered(m, tasks) == 0) {
        continue;
      }
      String why = exclusion(m, query);
      if (why == null) {
        kept.add(m);
      } else {
        excluded.add(m.name() + ": " + why);
      }
    }
    int minTasks = (tasks.size() + 1) / 2;
    List<PublishedModel> eligible = kept.stream().filter(m -> covered(m, tasks) >= minTasks).toList();
    List<PublishedModel> few = kept.stream().filter(m -> covered(m, tasks) < minTasks).toList();
    List<Shortlist.Entry> ranked = entries(eligible, eligible, tasks, true);
    List<Shortlist.Entry> unranked = entries(few, eligible, tasks, false);
    return new Shortlist(query, extract.source(), tasks, minTasks, ranked, unranked, excluded);
  }

  private static String exclusion(PublishedModel m, AdviceQuery q) {
    if (q.openWeightsOnly() && !Boolean.TRUE.equals(m.openWeights())) {
      return m.openWeights() == null ? "open weights unknown" : "weights not public";
    }
    if (q.maxParams() != null) {
      if (m.params() == null) {
        return "parameter count unknown";
      }
      if (m.params() > q.maxParams()) {
        return "more than " + ShortlistText.params(q.maxParams()) + " parameters";
      }
    }
    if (q.maxDim() != null) {
      if (m.dim() == null) {
        return "dimension unknown";
      }
      if (m.dim() > q.maxDim()) {
        return "more than " + q.maxDim() + " dimensions";
      }
    }
    return null;
  }

  private static List<Shortlist.Entry> entries(List<PublishedModel> models, List<PublishedModel> against,
      List<PublishedTask> tasks, boolean rank) {
    record Scored(PublishedModel model, double winRate, int comparisons, double mean, int covered) {}
    List<Scored> scored = new ArrayList<>();
    for (PublishedModel m : models) {
      double wins = 0;
      int n = 0;
      for (PublishedModel o : against) {
        if (o != m) {
          HeadToHead h = headToHead(m, o, tasks);
          wins += h.wins() + 0.5 * h.ties();
          n += h.shared();
        }
      }
      double sum = 0;
      int covered = 0;
      for (PublishedTask t : tasks) {
        if (m.score(t.name()).isPresent()) {
          sum += m.score(t.name()).getAsDouble();
          covered++;
        }
      }
      scored.add(new Scored(m, n == 0 ? Double.NaN : wins / n, n, sum / covered, covered));
    }
    scored.sort(Comparator.comparingDouble((Scored s) -> Double.isNaN(s.winRate()) ? -1 : s.winRate()).reversed()
        .thenComparing(Comparator.comparingDouble(Scored::mean).reversed())
        .thenComparing(s -> s.model().name()));
    List<Shortlist.Entry> out = new ArrayList<>();
    for (Scored s : scored) {
      out.add(new Shortlist.Entry(s.model(), rank ? out.size() + 1 : 0, s.winRate(), s.comparisons(), s.mean(),
          s.covered(), BakeOffCandidates.of(s.model())));
    }
    return out;
  }

  private static int covered(PublishedModel m, List<PublishedTask> tasks) {
    int n = 0;
    for (PublishedTask t : tasks) {
      if (m.scores().containsKey(t.name())) {
        n++;
      }
    }
    return n;
  }

  /**
   * How model {@code a} fares against {@code b} on the tasks of {@code tasks} both published.
   *
   * @param wins tasks where a scores higher
   * @param ties tasks where both score the same
   * @param shared tasks both published
   * @param widest the shared task with the largest absolute difference (first in task order on ties),
   *     empty when none is shared
   */
  public record HeadToHead(int wins, int ties, int shared, Optional<PublishedTask> widest) {}

  /** Head-to-head of {@code a} against {@code b} on the shared tasks among {@code tasks}. */
  public static HeadToHead headToHead(PublishedModel a, PublishedModel b, List<PublishedTask> tasks) {
    int wins = 0;
    int ties = 0;
    int shared = 0;
    PublishedTask widest = null;
    double gap = -1;
    for (PublishedTask t : tasks) {
      Double x = a.scores().get(t.name());
      Double y = b.scores().get(t.name());
      if (x == null || y == null) {
        continue;
      }
      shared++;
      if (x > y) {
        wins++;
      } else if (x.doubleValue() == y.doubleValue()) {
        ties++;
      }
      if (Math.abs(x - y) > gap) {
        gap = Math.abs(x - y);
        widest = t;
      }
    }
    return new HeadToHead(wins, ties, shared, Optional.ofNullable(widest));
  }
}

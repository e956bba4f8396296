package dev.embedlab.models.catalog;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@link Advisor} found: the matching tasks, the models ranked by head-to-head wins on shared tasks,
 * the models with too few published tasks to rank, and the models the filters left out. Published scores,
 * not measured here; {@link #source()} says where they come from.
 *
 * @param query the question asked
 * @param source the results repository and commit
 * @param tasks the tasks of the query's language and type
 * @param minTasks how many of those tasks a model needs to be ranked
 * @param ranked ranked models, best first (all of them, not only {@code query.top()})
 * @param unranked models with fewer than {@code minTasks} tasks, by their win rate against the ranked ones
 * @param excluded one line per model the filters left out, with the reason
 */
public record Shortlist(AdviceQuery query, MtebExtract.Source source, List<PublishedTask> tasks, int minTasks,
    List<Entry> ranked, List<Entry> unranked, List<String> excluded) {
  /** Copies the lists. */
  public Shortlist {
    tasks = List.copyOf(tasks);
    ranked = List.copyOf(ranked);
    unranked = List.copyOf(unranked);
    excluded = List.copyOf(excluded);
  }

  /**
   * One model on the shortlist.
   *
   * @param model the model and its scores
   * @param rank 1-based rank, 0 when unranked
   * @param winRate share of head-to-head comparisons (other model x shared task) it wins, ties counting
   *     half; NaN when it shares no task with any compared model
   * @param comparisons how many head-to-head comparisons the win rate is over
   * @param mean mean main score over the matching tasks it has (not comparable between models with
   *     different tasks)
   * @param tasksCovered how many of the matching tasks it has
   * @param candidate the bake-off candidate name that measures it, empty when no embedlab source serves it
   */
  public record Entry(PublishedModel model, int rank, double winRate, int comparisons, double mean,
      int tasksCovered, Optional<String> candidate) {
    /** Validates rank and counts. */
    public Entry {
      if (rank < 0 || comparisons < 0 || tasksCovered < 1) {
        throw new IllegalArgumentException(model.name() + ": rank, comparisons must be >= 0 and tasksCovered >= 1;"
            + " rank=" + rank + ", comparisons=" + comparisons + ", tasksCovered=" + tasksCovered);
      }
    }
  }

  /** The ranked or unranked entry of the model named {@code name}. */
  public Optional<Entry> entry(String name) {
    return Stream.concat(ranked.stream(), unranked.stream())
        .filter(e -> e.model().name().equals(name)).findFirst();
  }
}

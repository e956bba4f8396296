package dev.embedlab.rag.synth;

import java.util.List;

/**
 * What a generation run produced: kept questions, rejected ones with the reason, and what it cost.
 *
 * @param queries the kept questions, each judged by the passage it was generated from
 * @param rejected every question or passage that was dropped, with why
 * @param model the chat model's name
 * @param temperature its sampling temperature
 * @param calls chat calls made (cache hits excluded)
 * @param cacheHits answers taken from the cache
 * @param promptTokens input tokens of the calls made
 * @param completionTokens output tokens of the calls made
 */
public record GeneratedSet(List<Query> queries, List<Rejected> rejected, String model, double temperature,
    long calls, long cacheHits, long promptTokens, long completionTokens) {

  /**
   * A kept question.
   *
   * @param id {@code q<N>}
   * @param text the question
   * @param passageId the passage it was generated from (its only judged document)
   * @param korean whether it was generated with the Korean prompt
   */
  public record Query(String id, String text, String passageId, boolean korean) {}

  /**
   * A dropped candidate.
   *
   * @param passageId the passage
   * @param question the question, or empty when none came back
   * @param reason {@code refused}, {@code malformed: …}, {@code unanswerable}, {@code duplicate of qN},
   *     {@code leaks the passage: …}, {@code wrong language}, {@code truncated}
   */
  public record Rejected(String passageId, String question, String reason) {}

  public GeneratedSet {
    queries = List.copyOf(queries);
    rejected = List.copyOf(rejected);
  }
}

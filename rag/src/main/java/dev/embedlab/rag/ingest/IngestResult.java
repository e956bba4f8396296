package dev.embedlab.rag.ingest;

import java.util.List;

/**
 * What a folder gave: the documents read and the files that were not, each with the reason, so that
 * nothing is lost silently.
 */
public record IngestResult(List<SourceDocument> documents, List<Skipped> skipped) {

  /**
   * A file that was named and skipped.
   *
   * @param file path relative to the folder
   * @param reason why: {@code encrypted}, {@code unreadable: …}, {@code empty}, {@code unsupported type …}
   */
  public record Skipped(String file, String reason) {}

  public IngestResult {
    documents = List.copyOf(documents);
    skipped = List.copyOf(skipped);
  }
}

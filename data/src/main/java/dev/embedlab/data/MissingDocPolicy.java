package dev.embedlab.data;

/** What a loader does when qrels name a document (or query) that the data set does not contain. */
public enum MissingDocPolicy {
  /** Keep the judgment (it still counts in recall's denominator) and list it in the warnings. */
  WARN,
  /** Throw a {@link MalformedDataException} naming the first missing id. */
  FAIL
}

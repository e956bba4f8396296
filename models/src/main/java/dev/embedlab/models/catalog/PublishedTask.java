package dev.embedlab.models.catalog;

/**
 * One MTEB task as the extract reads it: which split and language subset, and the main metric its
 * score is (e.g. {@code ndcg_at_10} for retrieval, {@code cosine_spearman} for STS).
 *
 * @param name MTEB task name, e.g. {@code AutoRAGRetrieval}
 * @param language two-letter language of the subset read, e.g. {@code ko}
 * @param type task type, e.g. {@code retrieval} or {@code sts}
 * @param split the evaluation split read, e.g. {@code test}
 * @param subset the MTEB {@code hf_subset} read, e.g. {@code default} or {@code kor-kor}
 * @param metric the main metric the score is
 */
public record PublishedTask(String name, String language, String type, String split, String subset,
    String metric) {
  /** Validates that no field is blank. */
  public PublishedTask {
    for (String[] f : new String[][] {{"name", name}, {"language", language}, {"type", type},
        {"split", split}, {"subset", subset}, {"metric", metric}}) {
      if (f[1] == null || f[1].isBlank()) {
        throw new IllegalArgumentException("task " + name + ": " + f[0] + " must not be blank; " + f[0] + "="
            + f[1]);
      }
    }
  }

  /** "AutoRAGRetrieval (ndcg_at_10, test, default)". */
  public String describe() {
    return name + " (" + metric + ", " + split + ", " + subset + ")";
  }
}

/**
 * Evaluation data: BEIR folders, SQuAD-style QA as retrieval, sentence-pair sets, TREC qrels and run
 * files, read strictly (file, line and expectation in every error) and held as immutable values.
 *
 * <p>Errors: every problem with the files (absent or wrong-kind paths, a missing split, truncated
 * gzip, malformed lines) is a {@link dev.embedlab.data.DatasetException} (an
 * {@link java.io.IOException}; {@link dev.embedlab.data.MalformedDataException} when tied to
 * a line); a malformed argument (a split that is not a plain name) is an
 * {@link java.lang.IllegalArgumentException}. Ids (documents, queries, questions, TREC columns) are
 * non-empty and hold no whitespace or control characters, checked by every reader (with file and
 * line) and writer; any other character and any length round-trip. Empty query or document text is
 * kept and counted in the data set's warnings ({@link dev.embedlab.data.RetrievalDataset#emptyQueries()}).
 */
package dev.embedlab.data;

/**
 * Evaluation data: BEIR folders, SQuAD-style QA as retrieval, sentence-pair sets, TREC qrels and run
 * files, read strictly (file, line and expectation in every error) and held as immutable values.
 */
package dev.embedlab.eval.data;

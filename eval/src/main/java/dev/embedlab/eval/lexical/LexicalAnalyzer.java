package dev.embedlab.eval.lexical;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ko.KoreanAnalyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/** The text analysis a {@link Bm25Index} applies to documents and queries alike. */
public enum LexicalAnalyzer {
  /**
   * Lucene's {@link EnglishAnalyzer}: standard tokenizer, possessive removal, lower-casing, English
   * stop words, Porter stemming (what Anserini/Pyserini's BEIR BM25 baselines use).
   */
  ENGLISH,
  /**
   * Lucene's {@link KoreanAnalyzer} (Nori, mecab-ko-dic): morphological segmentation, compounds
   * decomposed (discarding the compound), particles/endings and other default stop tags removed,
   * reading forms for Hanja, lower-cased.
   */
  KOREAN,
  /** Lucene's {@link StandardAnalyzer}: Unicode word segmentation and lower-casing, no stop words. */
  STANDARD;

  /** A new analyser instance (analysers hold per-thread state and must be closed). */
  Analyzer create() {
    return switch (this) {
      case ENGLISH -> new EnglishAnalyzer();
      case KOREAN -> new KoreanAnalyzer();
      case STANDARD -> new StandardAnalyzer();
    };
  }
}

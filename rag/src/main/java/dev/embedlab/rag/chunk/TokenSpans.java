package dev.embedlab.rag.chunk;

/**
 * A tokenizer seen as character spans, so that a chunker can cut by a model's own tokens without
 * depending on the model: {@code spans(text)[i] = {start, end}} of token {@code i}. An adapter over a
 * Hugging Face tokenizer gives the candidate model's tokens; {@link #WORDS} is the model-free default.
 */
@FunctionalInterface
public interface TokenSpans {

  /** Token character ranges of {@code text}, in order, non-overlapping. */
  int[][] spans(String text);

  /** Runs of letters or digits, and each other non-space character alone (a rough sub-word count). */
  TokenSpans WORDS = text -> {
    java.util.List<int[]> out = new java.util.ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      int c = text.codePointAt(i);
      int w = Character.charCount(c);
      if (Character.isWhitespace(c)) {
        i += w;
      } else if (Character.isLetterOrDigit(c)) {
        int s = i;
        while (i < n && Character.isLetterOrDigit(text.codePointAt(i))) {
          i += Character.charCount(text.codePointAt(i));
        }
        out.add(new int[] {s, i});
      } else {
        out.add(new int[] {i, i + w});
        i += w;
      }
    }
    return out.toArray(new int[0][]);
  };
}

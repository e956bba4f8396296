package dev.embedlab.rag.chunk;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.embedlab.models.DjlDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model's own tokens as character spans, from its {@code tokenizer.json} (the Hugging Face
 * tokenizer, through DJL, without special tokens and without truncation), so that
 * {@link TokenChunker} cuts passages that fit the model's window exactly. The tokenizer reports
 * offsets in Unicode code points; they are turned into the UTF-16 indices Java strings use, so text
 * outside the Basic Multilingual Plane (emoji, rare Hanja) is cut correctly too. Tokens the tokenizer
 * could not place (an empty span) are skipped. Thread-safe; close it to free the native tokenizer.
 */
public final class HuggingFaceTokenSpans implements TokenSpans, AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final String name;

  private HuggingFaceTokenSpans(HuggingFaceTokenizer tokenizer, String name) {
    this.tokenizer = tokenizer;
    this.name = name;
  }

  /**
   * The tokenizer in {@code tokenizerJson}.
   *
   * @throws IllegalArgumentException when the file is not a Hugging Face {@code tokenizer.json}
   */
  public static HuggingFaceTokenSpans open(Path tokenizerJson) throws IOException {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new IllegalArgumentException("expected a tokenizer.json file; " + tokenizerJson + " does not exist");
    }
    DjlDefaults.apply();
    try {
      return new HuggingFaceTokenSpans(HuggingFaceTokenizer.newInstance(tokenizerJson,
          Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false")), tokenizerJson.toString());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot read " + tokenizerJson + " as a Hugging Face tokenizer.json: "
          + e.getMessage(), e);
    }
  }

  /** The tokenizer file this reads, for provenance. */
  public String name() {
    return name;
  }

  @Override
  public int[][] spans(String text) {
    Encoding enc = tokenizer.encode(text);
    CharSpan[] spans = enc.getCharTokenSpans();
    int[] utf16 = codePointToUtf16(text);
    List<int[]> out = new ArrayList<>(spans.length);
    int last = 0;
    for (CharSpan s : spans) {
      if (s == null || s.getEnd() <= s.getStart()) {
        continue;
      }
      int start = utf16[Math.min(s.getStart(), utf16.length - 1)];
      int end = utf16[Math.min(s.getEnd(), utf16.length - 1)];
      if (start < last || end > text.length()) {
        throw new IllegalStateException(name + " gave an out-of-order span [" + s.getStart() + ", " + s.getEnd()
            + ") for a text of " + text.length() + " characters");
      }
      out.add(new int[] {start, end});
      last = start;
    }
    return out.toArray(new int[0][]);
  }

  /** {@code map[cp]} = the UTF-16 index of code point {@code cp}; {@code map[count]} = the length. */
  private static int[] codePointToUtf16(String text) {
    int n = text.codePointCount(0, text.length());
    int[] map = new int[n + 1];
    int i = 0;
    for (int cp = 0; cp < n; cp++) {
      map[cp] = i;
      i += Character.charCount(text.codePointAt(i));
    }
    map[n] = text.length();
    return map;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}

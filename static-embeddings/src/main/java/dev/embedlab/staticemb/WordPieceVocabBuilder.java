package dev.embedlab.staticemb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a WordPiece {@code tokenizer.json} from a corpus, for languages with no tokenizer to hand
 * (Korean here): NFKC + lower-case normaliser, BERT pre-tokenizer (whitespace and punctuation),
 * WordPiece with {@code ##} continuations, no post-processor.
 *
 * <p>Vocabulary (deterministic for a given corpus): the special tokens, every character seen, both as
 * a word start and as {@code ##} continuation (HF WordPiece makes a whole word {@code [UNK]} when one of
 * its pieces is missing, so only unseen characters are unknown), then by
 * descending count (ties by string) whole words, word prefixes (a Korean stem) and {@code ##} suffixes
 * of up to {@code maxAffix} characters (particles and endings such as {@code ##은}, {@code ##에서}),
 * each counted once per word occurrence, until {@code size} entries. Greedy longest-match WordPiece
 * then splits an unseen inflected word into a known stem and a known ending.
 */
public final class WordPieceVocabBuilder {
  private static final List<String> SPECIALS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WordPieceVocabBuilder() {}

  /** The tokenizer.json bytes of a vocabulary of at most {@code size} entries built from {@code texts}. */
  public static byte[] build(List<String> texts, int size, int minCount, int maxAffix) {
    if (size < SPECIALS.size() + 1) {
      throw new IllegalArgumentException("size must be > " + SPECIALS.size() + "; size=" + size);
    }
    Map<String, Integer> words = new HashMap<>();
    for (String t : texts) {
      for (String w : preTokenize(t)) {
        words.merge(w, 1, Integer::sum);
      }
    }
    Set<String> vocab = new LinkedHashSet<>(SPECIALS);
    Map<String, Integer> chars = new HashMap<>();
    Map<String, Integer> pieces = new HashMap<>();
    for (Map.Entry<String, Integer> e : words.entrySet()) {
      String w = e.getKey();
      int c = e.getValue();
      int[] cps = w.codePoints().toArray();
      for (int i = 0; i < cps.length; i++) {
        String ch = new String(cps, i, 1);
        // Both forms of every character: WordPiece turns a whole word into [UNK] when one piece is missing.
        chars.merge(ch, c, Integer::sum);
        chars.merge("##" + ch, c, Integer::sum);
      }
      if (cps.length > 1) {
        pieces.merge(w, c, Integer::sum);
        for (int k = 2; k < cps.length; k++) {
          pieces.merge(new String(cps, 0, k), c, Integer::sum);
        }
        for (int k = 1; k <= Math.min(maxAffix, cps.length - 1); k++) {
          pieces.merge("##" + new String(cps, cps.length - k, k), c, Integer::sum);
        }
      }
    }
    Comparator<Map.Entry<String, Integer>> byCount =
        Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());
    chars.entrySet().stream().sorted(byCount).forEach(e -> vocab.add(e.getKey()));
    List<Map.Entry<String, Integer>> ranked = new ArrayList<>(pieces.entrySet());
    ranked.sort(byCount);
    for (Map.Entry<String, Integer> e : ranked) {
      if (vocab.size() >= size || e.getValue() < minCount) {
        break;
      }
      vocab.add(e.getKey());
    }
    return tokenizerJson(new ArrayList<>(vocab));
  }

  /** Normalise (NFKC, lower case) and split on whitespace and punctuation, as the written tokenizer does. */
  static List<String> preTokenize(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT);
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    s.codePoints().forEach(cp -> {
      if (Character.isWhitespace(cp)) {
        flush(cur, out);
      } else if (isPunctuation(cp)) {
        flush(cur, out);
        out.add(new String(Character.toChars(cp)));
      } else {
        cur.appendCodePoint(cp);
      }
    });
    flush(cur, out);
    return out;
  }

  private static void flush(StringBuilder cur, List<String> out) {
    if (cur.length() > 0) {
      out.add(cur.toString());
      cur.setLength(0);
    }
  }

  /** BERT's punctuation rule: ASCII symbol ranges and Unicode P* categories. */
  private static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
      return true;
    }
    int t = Character.getType(cp);
    return t == Character.CONNECTOR_PUNCTUATION || t == Character.DASH_PUNCTUATION || t == Character.START_PUNCTUATION
        || t == Character.END_PUNCTUATION || t == Character.INITIAL_QUOTE_PUNCTUATION
        || t == Character.FINAL_QUOTE_PUNCTUATION || t == Character.OTHER_PUNCTUATION;
  }

  private static byte[] tokenizerJson(List<String> vocab) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int i = 0; i < SPECIALS.size(); i++) {
      added.addObject().put("id", i).put("content", SPECIALS.get(i)).put("single_word", false).put("lstrip", false)
          .put("rstrip", false).put("normalized", false).put("special", true);
    }
    ObjectNode norm = root.putObject("normalizer").put("type", "Sequence");
    ArrayNode ns = norm.putArray("normalizers");
    ns.addObject().put("type", "NFKC");
    ns.addObject().put("type", "Lowercase");
    root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
    root.putNull("post_processor");
    root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
    ObjectNode model = root.putObject("model").put("type", "WordPiece").put("unk_token", "[UNK]")
        .put("continuing_subword_prefix", "##").put("max_input_chars_per_word", 100);
    ObjectNode v = model.putObject("vocab");
    for (int i = 0; i < vocab.size(); i++) {
      v.put(vocab.get(i), i);
    }
    try {
      return MAPPER.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise tokenizer.json", e);
    }
  }
}

package dev.embedlab.staticemb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Hashed character n-grams pooled beside a static model's tokens (fastText's subword idea, for Korean
 * spacing and typos): a text's n-grams get rows {@code vocab + bucket} of the table.
 *
 * <h2>Definition (what {@code config.json}'s {@value #CONFIG_KEY} promises)</h2>
 * The text is NFKC-normalised and lower-cased ({@link Locale#ROOT}); words are maximal runs of
 * {@link Character#isLetterOrDigit(int) letters or digits}; within each word every run of {@code n}
 * consecutive code points, {@code min ≤ n ≤ max}, is one n-gram, in text order, words shorter than
 * {@code min} giving none. An n-gram's bucket is the 32-bit FNV-1a hash of its UTF-8 bytes
 * (offset basis {@code 0x811C9DC5}, prime {@code 0x01000193}), taken as unsigned, modulo {@code buckets}.
 * The config entry is {@code {"version": 1, "min": 2, "max": 3, "buckets": B, "hash": "fnv1a32-utf8"}};
 * a reader that meets another version or hash refuses the model.
 *
 * @param min shortest n-gram in code points, ≥ 1
 * @param max longest, ≥ min, ≤ 8
 * @param buckets number of hash rows, ≥ 1
 */
public record CharNgrams(int min, int max, int buckets) {
  /** The {@code config.json} key. */
  public static final String CONFIG_KEY = "embedlab_char_ngrams";
  private static final String HASH = "fnv1a32-utf8";
  private static final int VERSION = 1;

  /** Validates. */
  public CharNgrams {
    if (min < 1 || max < min || max > 8) {
      throw new IllegalArgumentException("char n-gram lengths must satisfy 1 <= min <= max <= 8; min=" + min + ", max=" + max);
    }
    if (buckets < 1) {
      throw new IllegalArgumentException("char n-gram buckets must be >= 1; buckets=" + buckets);
    }
  }

  /** The buckets of {@code text}'s n-grams, in text order (repeats kept). */
  public int[] buckets(String text) {
    // NFKC only when needed (the check is cheaper than the copy); lower-casing returns the same string
    // when nothing changes, as for Hangul.
    String s = Normalizer.isNormalized(text, Normalizer.Form.NFKC) ? text
        : Normalizer.normalize(text, Normalizer.Form.NFKC);
    s = s.toLowerCase(Locale.ROOT);
    int[] cps = new int[s.length()];
    int len = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      cps[len++] = cp;
      i += Character.charCount(cp);
    }
    int[] out = new int[Math.max(4, len * (max - min + 1))];
    int n = 0;
    int i = 0;
    while (i < len) {
      if (!Character.isLetterOrDigit(cps[i])) {
        i++;
        continue;
      }
      int end = i;
      while (end < len && Character.isLetterOrDigit(cps[end])) {
        end++;
      }
      for (int from = i; from < end; from++) {
        for (int k = min; k <= max && from + k <= end; k++) {
          out[n++] = bucket(cps, from, k);
        }
      }
      i = end;
    }
    return Arrays.copyOf(out, n);
  }

  private int bucket(int[] cps, int from, int len) {
    int h = 0x811C9DC5;
    for (int k = from; k < from + len; k++) {
      int cp = cps[k];
      // UTF-8 bytes of the code point, hashed one by one.
      if (cp < 0x80) {
        h = (h ^ cp) * 0x01000193;
      } else if (cp < 0x800) {
        h = (h ^ (0xC0 | (cp >> 6))) * 0x01000193;
        h = (h ^ (0x80 | (cp & 0x3F))) * 0x01000193;
      } else if (cp < 0x10000) {
        h = (h ^ (0xE0 | (cp >> 12))) * 0x01000193;
        h = (h ^ (0x80 | ((cp >> 6) & 0x3F))) * 0x01000193;
        h = (h ^ (0x80 | (cp & 0x3F))) * 0x01000193;
      } else {
        h = (h ^ (0xF0 | (cp >> 18))) * 0x01000193;
        h = (h ^ (0x80 | ((cp >> 12) & 0x3F))) * 0x01000193;
        h = (h ^ (0x80 | ((cp >> 6) & 0x3F))) * 0x01000193;
        h = (h ^ (0x80 | (cp & 0x3F))) * 0x01000193;
      }
    }
    return Integer.remainderUnsigned(h, buckets);
  }

  /** The {@value #CONFIG_KEY} entry of {@code config.json}. */
  public JsonNode toConfig() {
    ObjectNode o = new ObjectMapper().createObjectNode();
    o.put("version", VERSION);
    o.put("min", min);
    o.put("max", max);
    o.put("buckets", buckets);
    o.put("hash", HASH);
    return o;
  }

  /**
   * Parses the {@value #CONFIG_KEY} entry.
   *
   * @throws IOException when it is not a version and hash this reader implements ({@code source} names the file)
   */
  public static CharNgrams fromConfig(JsonNode o, String source) throws IOException {
    if (o == null || !o.isObject()) {
      throw new IOException(source + ": " + CONFIG_KEY + " must be an object; found " + o);
    }
    if (o.path("version").asInt(-1) != VERSION || !HASH.equals(o.path("hash").asText())) {
      throw new IOException(source + ": " + CONFIG_KEY + " version " + o.path("version") + " with hash "
          + o.path("hash") + " cannot be honoured; this reader implements version " + VERSION + " with " + HASH);
    }
    try {
      return new CharNgrams(o.path("min").asInt(-1), o.path("max").asInt(-1), o.path("buckets").asInt(-1));
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": " + CONFIG_KEY + ": " + e.getMessage(), e);
    }
  }
}

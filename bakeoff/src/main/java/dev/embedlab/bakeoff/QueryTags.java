package dev.embedlab.bakeoff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.data.Document;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Query;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-query tags for bake-off slices: read from a data set (BEIR {@code queries.jsonl} lines may
 * carry a {@code "metadata"} object, e.g. {@code {"language": "ko", "domain": "food", "type":
 * "how-to"}}), or detected: the language by script and whether the judged documents are in another
 * language than the query (cross-lingual).
 */
public final class QueryTags {
  /** The tag holding a query's language. */
  public static final String LANGUAGE = "language";
  /** The tag computed from the judged documents' languages. */
  public static final String CROSS_LINGUAL = "cross-lingual";
  /** Query language = language of every judged relevant document. */
  public static final String MONOLINGUAL = "monolingual";
  /** Every relevant judged document is in another language than the query. */
  public static final String CROSS = "cross-lingual";
  /** Judged documents in the query's language and in another one. */
  public static final String MIXED = "mixed";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private QueryTags() {}

  /**
   * Korean ({@code "ko"}) when the text holds any Hangul letter (a mixed query such as
   * "Thornton, CO의 호텔" is written for Korean readers, whatever share of it is Latin), else
   * English ({@code "en"}) when at least half the letters are Latin, else {@code "other"} (also for
   * text without letters). A script test, not a language model: enough to separate Korean from
   * English text.
   */
  public static String detectLanguage(String text) {
    int letters = 0;
    int hangul = 0;
    int latin = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        continue;
      }
      letters++;
      Character.UnicodeScript s = Character.UnicodeScript.of(cp);
      if (s == Character.UnicodeScript.HANGUL) {
        hangul++;
      } else if (s == Character.UnicodeScript.LATIN) {
        latin++;
      }
    }
    if (letters == 0) {
      return "other";
    }
    if (hangul > 0) {
      return "ko";
    }
    return 2 * latin >= letters ? "en" : "other";
  }

  /**
   * The {@code "metadata"} object of each line of a BEIR {@code queries.jsonl}: query id → (tag →
   * value), scalar fields only, in file order. Queries without metadata are absent.
   *
   * @throws IOException when the file cannot be read or a line is not JSON
   */
  public static Map<String, Map<String, String>> readBeirMetadata(Path queriesJsonl) throws IOException {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    try (BufferedReader r = Files.newBufferedReader(queriesJsonl, StandardCharsets.UTF_8)) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = MAPPER.readTree(line);
        } catch (IOException e) {
          throw new IOException(queriesJsonl + ":" + no + ": expected a JSON object per line, found: "
              + line.substring(0, Math.min(60, line.length())), e);
        }
        JsonNode md = n.path("metadata");
        if (!md.isObject() || !n.hasNonNull("_id")) {
          continue;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        md.fields().forEachRemaining(e -> {
          if (e.getValue().isValueNode() && !e.getValue().isNull()) {
            tags.put(e.getKey(), e.getValue().asText());
          }
        });
        if (!tags.isEmpty()) {
          out.put(n.get("_id").asText(), tags);
        }
      }
    }
    return out;
  }

  /**
   * The tags of every query: the given ones, plus {@link #LANGUAGE} detected from the text when not
   * given, plus {@link #CROSS_LINGUAL} from the judged documents' detected languages.
   *
   * @param given query id → tags from the data set (may be empty)
   * @return query id → (tag → value), tags in the order: given, language, cross-lingual
   */
  public static Map<String, Map<String, String>> resolve(List<Query> queries, List<Document> corpus,
      Qrels qrels, Map<String, Map<String, String>> given) {
    Map<String, String> docLang = new LinkedHashMap<>();
    for (Document d : corpus) {
      docLang.put(d.id(), detectLanguage(d.titleAndText()));
    }
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (Query q : queries) {
      Map<String, String> t = new LinkedHashMap<>(given.getOrDefault(q.id(), Map.of()));
      String lang = t.computeIfAbsent(LANGUAGE, k -> detectLanguage(q.text()));
      String x = crossLingual(lang, qrels.judged(q.id()), docLang);
      if (x != null) {
        t.put(CROSS_LINGUAL, x);
      }
      out.put(q.id(), t);
    }
    return out;
  }

  /**
   * {@link #MONOLINGUAL} (every relevant judged document in the query's language), {@link #CROSS}
   * (none) or {@link #MIXED} (some) for a query in {@code lang} with these judgments; {@code null} when no relevant judged document is in the corpus.
   */
  static String crossLingual(String lang, Map<String, Integer> judged, Map<String, String> docLang) {
    boolean any = judged.entrySet().stream().anyMatch(e -> e.getValue() > 0 && docLang.containsKey(e.getKey()));
    if (!any) {
      return null;
    }
    boolean same = false;
    boolean other = false;
    for (Map.Entry<String, Integer> e : judged.entrySet()) {
      String dl = docLang.get(e.getKey());
      if (e.getValue() <= 0 || dl == null) {
        continue;
      }
      boolean s = normalise(dl).equals(normalise(lang));
      same |= s;
      other |= !s;
    }
    return !other ? MONOLINGUAL : same ? MIXED : CROSS;
  }

  private static String normalise(String lang) {
    String l = lang.toLowerCase(java.util.Locale.ROOT);
    return switch (l) {
      case "korean", "kor", "ko-kr" -> "ko";
      case "english", "eng", "en-us", "en-gb" -> "en";
      default -> l;
    };
  }
}

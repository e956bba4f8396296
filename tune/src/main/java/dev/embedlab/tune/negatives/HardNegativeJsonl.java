package dev.embedlab.tune.negatives;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.core.Checks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Writes mined negatives as JSON lines (UTF-8 text, one object per line) and reads triplets back.
 *
 * <ul>
 *   <li>Triplets: one line per negative, {@code {"query": q, "pos": p, "neg": n}} — the
 *       (anchor, positive, negative) rows that sentence-transformers' {@code mine_hard_negatives}
 *       returns with {@code output_format="triplet"}, keys named query/pos/neg.</li>
 *   <li>n-tuples: one line per pair with at least {@code n} negatives,
 *       {@code {"query": q, "pos": p, "neg_1": n1, …, "neg_n": nn}} — sentence-transformers'
 *       "n-tuple" output (anchor, positive, negative_1..n); pairs with fewer are skipped.</li>
 * </ul>
 * Ids are turned into texts by the lookups given (pass {@link Function#identity()} to write ids).
 * A lookup returning {@code null} is an {@link IllegalArgumentException} naming the id.
 */
public final class HardNegativeJsonl {
  private static final JsonFactory JSON = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HardNegativeJsonl() {}

  /**
   * Writes one triplet line per (pair, negative).
   *
   * @return the number of lines written
   */
  public static long writeTriplets(Writer out, Collection<MinedPair> pairs,
      Function<String, String> queryText, Function<String, String> docText) throws IOException {
    checkArgs(out, pairs, queryText, docText);
    long lines = 0;
    for (MinedPair p : pairs) {
      String q = lookup(queryText, p.queryId(), "query");
      String pos = lookup(docText, p.positiveId(), "document");
      for (Candidate neg : p.negatives()) {
        writeLine(out, new String[] {"query", "pos", "neg"},
            new String[] {q, pos, lookup(docText, neg.docId(), "document")});
        lines++;
      }
    }
    out.flush();
    return lines;
  }

  /**
   * Writes one n-tuple line per pair with at least {@code n} negatives (its first {@code n}).
   *
   * @return the number of lines written
   */
  public static long writeTuples(Writer out, Collection<MinedPair> pairs, int n,
      Function<String, String> queryText, Function<String, String> docText) throws IOException {
    checkArgs(out, pairs, queryText, docText);
    Checks.atLeast("n", n, 1);
    String[] keys = new String[n + 2];
    keys[0] = "query";
    keys[1] = "pos";
    for (int i = 1; i <= n; i++) {
      keys[i + 1] = "neg_" + i;
    }
    long lines = 0;
    for (MinedPair p : pairs) {
      if (p.negatives().size() < n) {
        continue;
      }
      String[] values = new String[n + 2];
      values[0] = lookup(queryText, p.queryId(), "query");
      values[1] = lookup(docText, p.positiveId(), "document");
      for (int i = 0; i < n; i++) {
        values[i + 2] = lookup(docText, p.negatives().get(i).docId(), "document");
      }
      writeLine(out, keys, values);
      lines++;
    }
    out.flush();
    return lines;
  }

  /**
   * Reads triplet lines. Blank lines are skipped.
   *
   * @throws IOException naming the 1-based line of a malformed object or a missing/non-text field
   */
  public static List<Triplet> readTriplets(Reader in) throws IOException {
    Checks.notNull("in", in);
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
    List<Triplet> out = new ArrayList<>();
    String line;
    int lineNo = 0;
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node;
      try {
        node = MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IOException("line " + lineNo + ": not a JSON object: " + e.getOriginalMessage(), e);
      }
      if (node == null || !node.isObject()) {
        throw new IOException("line " + lineNo + ": expected a JSON object");
      }
      out.add(new Triplet(text(node, "query", lineNo), text(node, "pos", lineNo), text(node, "neg", lineNo)));
    }
    return out;
  }

  private static String text(JsonNode node, String field, int lineNo) throws IOException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IOException("line " + lineNo + ": field \"" + field + "\" must be a string; found "
          + (v == null ? "nothing" : v.getNodeType()));
    }
    return v.asText();
  }

  private static void writeLine(Writer out, String[] keys, String[] values) throws IOException {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      g.writeStartObject();
      for (int i = 0; i < keys.length; i++) {
        g.writeStringField(keys[i], values[i]);
      }
      g.writeEndObject();
    }
    out.write('\n');
  }

  private static String lookup(Function<String, String> f, String id, String what) {
    String s = f.apply(id);
    if (s == null) {
      throw new IllegalArgumentException("no text for " + what + " id " + id);
    }
    return s;
  }

  private static void checkArgs(Writer out, Collection<MinedPair> pairs, Function<String, String> q,
      Function<String, String> d) {
    if (out == null || pairs == null || q == null || d == null) {
      throw new IllegalArgumentException("out, pairs, queryText and docText must not be null");
    }
  }
}

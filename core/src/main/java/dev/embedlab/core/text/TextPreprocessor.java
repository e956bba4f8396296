package dev.embedlab.core.text;

import dev.embedlab.core.Checks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ordered chain of {@link TextRule}s applied left to right, with a stable id for provenance and
 * cache keys.
 *
 * <p><b>Id.</b> {@code pp-<first 10 hex digits of SHA-256 over the rule ids joined by '\n'>}; the empty
 * chain is {@code pp-none}. Same rules with the same parameters in the same order give the same id
 * on every JVM; changing any parameter (a regex, one dictionary entry) or the order changes it.
 * {@link #description()} spells the chain out ({@code nfkc > whitespace > units-v1}).
 *
 * <h2>Rule file format</h2>
 * A plain UTF-8 text file, one rule per line, applied in file order; fields separated by a TAB:
 * <pre>
 * # comment (a line whose first non-blank character is #); blank lines are ignored
 * nfkc                                  Unicode NFKC ({@link NfkcRule})
 * whitespace                            fold whitespace runs to one space, trim ({@link WhitespaceRule})
 * lowercase                             lower-case, Locale.ROOT ({@link LowercaseRule})
 * units                                 Korean won amounts: 3만원 → 30000원 ({@link MoneyUnitRule})
 * regex&lt;TAB&gt;pattern&lt;TAB&gt;replacement   java.util.regex; $1 group references ({@link RegexRule})
 * synonym&lt;TAB&gt;from&lt;TAB&gt;to               dictionary entry ({@link SynonymRule})
 * stopwords&lt;TAB&gt;en                      built-in English list ({@link StopWordRule}; usually harmful)
 * stopwords&lt;TAB&gt;w1,w2,...              your own list
 * </pre>
 * All {@code synonym} lines of a file form <em>one</em> dictionary (so the longest key wins across
 * the whole file), placed in the chain where the first {@code synonym} line stands. A replacement may
 * be empty ({@code regex<TAB>\(.*?\)<TAB>} deletes parentheses). Trailing CR (Windows line ends) and a
 * leading BOM are ignored; nothing else is trimmed inside fields. Any other line is an error naming
 * the file, the line number and the reason, e.g.
 * {@code rules.txt:4: unknown rule 'nfc'; expected one of nfkc, whitespace, lowercase, units, regex,
 * synonym, stopwords}.
 */
public final class TextPreprocessor implements TextRule {
  private static final TextPreprocessor IDENTITY = new TextPreprocessor(List.of());
  private static final Set<String> KEYWORDS =
      Set.of("nfkc", "whitespace", "lowercase", "units", "regex", "synonym", "stopwords");

  private final List<TextRule> rules;
  private final String id;

  private TextPreprocessor(List<TextRule> rules) {
    this.rules = List.copyOf(rules);
    this.id = rules.isEmpty() ? "pp-none" : "pp-" + hash(this.rules);
  }

  private static String hash(List<TextRule> rules) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (TextRule r : rules) {
        md.update(r.id().getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** The chain that changes nothing; id {@code pp-none}. */
  public static TextPreprocessor identity() {
    return IDENTITY;
  }

  /**
   * A chain of the given rules, applied in order.
   *
   * @throws IllegalArgumentException if the array or a rule is null
   */
  public static TextPreprocessor of(TextRule... rules) {
    Checks.notNull("rules", rules);
    return of(List.of(checkRules(rules)));
  }

  private static TextRule[] checkRules(TextRule[] rules) {
    for (int i = 0; i < rules.length; i++) {
      if (rules[i] == null) {
        throw new IllegalArgumentException("rules[" + i + "] is null");
      }
    }
    return rules;
  }

  /**
   * A chain of the given rules, applied in order.
   *
   * @throws IllegalArgumentException if the list or a rule is null
   */
  public static TextPreprocessor of(List<? extends TextRule> rules) {
    Checks.notNull("rules", rules);
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i) == null) {
        throw new IllegalArgumentException("rules[" + i + "] is null");
      }
    }
    return new TextPreprocessor(new ArrayList<>(rules));
  }

  /**
   * Loads a chain from a rule file (format in the class documentation).
   *
   * @throws RuleFileException naming file, line and reason for a bad line or invalid UTF-8
   * @throws IOException if the file cannot be read
   */
  public static TextPreprocessor load(Path file) throws IOException {
    Checks.notNull("file", file);
    byte[] bytes = Files.readAllBytes(file);
    String content;
    try {
      content = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RuleFileException(file.toString(), 0, "file is not valid UTF-8", e);
    }
    return parse(file.toString(), content);
  }

  /**
   * Parses rule-file content.
   *
   * @param source the name used in error messages (a file name)
   * @param content the file's text
   * @throws RuleFileException naming source, line and reason for the first bad line
   */
  public static TextPreprocessor parse(String source, String content) throws RuleFileException {
    if (source == null || content == null) {
      throw new IllegalArgumentException("source and content must not be null");
    }
    if (content.startsWith("\uFEFF")) {
      content = content.substring(1);
    }
    List<TextRule> rules = new ArrayList<>();
    Map<String, String> synonyms = new LinkedHashMap<>();
    Map<String, Integer> synonymLine = new LinkedHashMap<>();
    int synonymSlot = -1;
    String[] lines = content.split("\n", -1);
    for (int n = 1; n <= lines.length; n++) {
      String line = lines[n - 1];
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      String kw = f[0].strip();
      switch (kw) {
        case "nfkc" -> {
          noArgs(source, n, f);
          rules.add(NfkcRule.INSTANCE);
        }
        case "whitespace" -> {
          noArgs(source, n, f);
          rules.add(WhitespaceRule.INSTANCE);
        }
        case "lowercase" -> {
          noArgs(source, n, f);
          rules.add(LowercaseRule.INSTANCE);
        }
        case "units" -> {
          noArgs(source, n, f);
          rules.add(MoneyUnitRule.INSTANCE);
        }
        case "regex" -> {
          fields(source, n, f, 3, "regex<TAB>pattern<TAB>replacement");
          try {
            rules.add(new RegexRule(f[1], f[2], source + ":" + n));
          } catch (IllegalArgumentException e) {
            throw new RuleFileException(source, n, e.getMessage(), e);
          }
        }
        case "synonym" -> {
          fields(source, n, f, 3, "synonym<TAB>from<TAB>to");
          if (f[1].isEmpty()) {
            throw new RuleFileException(source, n, "synonym 'from' is empty");
          }
          String old = synonyms.putIfAbsent(f[1], f[2]);
          if (old != null && !old.equals(f[2])) {
            throw new RuleFileException(source, n, "synonym '" + f[1] + "' is already mapped to '"
                + old + "' on line " + synonymLine.get(f[1]) + "; found '" + f[2] + "'");
          }
          synonymLine.putIfAbsent(f[1], n);
          if (synonymSlot < 0) {
            synonymSlot = rules.size();
            rules.add(null); // placeholder, filled once the whole dictionary is read
          }
        }
        case "stopwords" -> {
          fields(source, n, f, 2, "stopwords<TAB>en or stopwords<TAB>w1,w2,...");
          if (f[1].equals("en")) {
            rules.add(StopWordRule.english());
          } else {
            try {
              rules.add(StopWordRule.of(Set.copyOf(List.of(f[1].split(",", -1)))));
            } catch (IllegalArgumentException e) {
              throw new RuleFileException(source, n, e.getMessage(), e);
            }
          }
        }
        default -> throw new RuleFileException(source, n, "unknown rule '" + kw
            + "'; expected one of nfkc, whitespace, lowercase, units, regex, synonym, stopwords"
            + (KEYWORDS.contains(kw.toLowerCase(java.util.Locale.ROOT)) ? " (rule names are lower-case)" : ""));
      }
    }
    if (synonymSlot >= 0) {
      rules.set(synonymSlot, new SynonymRule(synonyms));
    }
    return new TextPreprocessor(rules);
  }

  private static void noArgs(String source, int n, String[] f) throws RuleFileException {
    if (f.length != 1) {
      throw new RuleFileException(source, n, "'" + f[0].strip() + "' takes no arguments; found "
          + (f.length - 1) + " tab-separated argument(s)");
    }
  }

  private static void fields(String source, int n, String[] f, int expected, String form)
      throws RuleFileException {
    if (f.length != expected) {
      throw new RuleFileException(source, n, "expected " + form + " (" + expected
          + " tab-separated fields); found " + f.length + " field(s)");
    }
  }

  /**
   * Applies every rule in order.
   *
   * @throws RuleLimitException when a rule exceeds its bounded cost, or the chain makes more than
   *     {@link RegexRule#maxOutput RegexRule.maxOutput(text.length())} characters of the text (rules
   *     that each grow the text compound), naming the rule that crossed the bound
   */
  @Override
  public String apply(String text) {
    String s = Rules.requireText(text);
    long maxOut = RegexRule.maxOutput(s.length());
    int in = s.length();
    for (TextRule r : rules) {
      s = r.apply(s);
      if (s.length() > maxOut) {
        String origin = r instanceof RegexRule rr && rr.origin() != null ? rr.origin() : r.id();
        throw new RuleLimitException(origin + ": rule " + r.id() + " made the chain's output " + s.length()
            + " characters; " + RegexRule.growth(in, maxOut), origin, -1, null);
      }
    }
    return s;
  }

  /**
   * Applies the chain to each text.
   *
   * @throws IllegalArgumentException naming the index of a null text
   * @throws RuleLimitException naming the text index, when a rule exceeds its bounded cost (see
   *     {@link RegexRule})
   */
  public List<String> applyAll(List<String> texts) {
    Checks.notNull("texts", texts);
    List<String> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      String t = texts.get(i);
      if (t == null) {
        throw new IllegalArgumentException("texts[" + i + "] is null; every text must be non-null");
      }
      try {
        out.add(apply(t));
      } catch (RuleLimitException e) {
        throw e.atIndex(i);
      }
    }
    return out;
  }

  /** The rules, in application order (unmodifiable). */
  public List<TextRule> rules() {
    return rules;
  }

  /** Whether the chain has no rules. */
  public boolean isIdentity() {
    return rules.isEmpty();
  }

  /** {@code pp-<10 hex>} (see the class documentation); {@code pp-none} for the empty chain. */
  @Override
  public String id() {
    return id;
  }

  /** The rule ids joined by {@code " > "}, or {@code "(none)"}. */
  public String description() {
    if (rules.isEmpty()) {
      return "(none)";
    }
    StringBuilder sb = new StringBuilder();
    for (TextRule r : rules) {
      if (sb.length() > 0) {
        sb.append(" > ");
      }
      sb.append(r.id());
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return id + " [" + description() + "]";
  }
}

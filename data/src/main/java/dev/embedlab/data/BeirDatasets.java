package dev.embedlab.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.embedlab.core.Checks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads BEIR-format folders: {@code corpus.jsonl} or {@code corpus.jsonl.gz} ({@code _id},
 * {@code title}, {@code text}), {@code queries.jsonl} ({@code _id}, {@code text}) and
 * {@code qrels/<split>.tsv} (header {@code query-id corpus-id score}).
 *
 * <p>Matches BEIR's {@code GenericDataLoader}: queries without a judgment in the split are left
 * out; judgments with score 0 are kept. Stricter than BEIR: a malformed line is an error with file,
 * line and expectation; duplicate document or query ids are errors (BEIR silently keeps the last);
 * qrels naming a document missing from the corpus, or a query missing from queries.jsonl, are
 * reported (see {@link MissingDocPolicy}) rather than silently dropped. Ids follow the package's
 * one policy: non-empty, no whitespace or control characters (they would break TREC files), any
 * other character and any length accepted. Queries and documents with empty text are kept, as BEIR
 * keeps them, but counted in one warning each ({@link RetrievalDataset#emptyQueries()},
 * {@link RetrievalDataset#emptyDocuments()}). Files are UTF-8 with or without a BOM; gzip is
 * detected by its magic bytes, and a truncated or corrupt gzip stream is a {@link DatasetException}.
 * Everything a JSON line holds after its object (a second object with the line break missing,
 * stray characters) is an error.
 */
public final class BeirDatasets {
  /** Licences of the folders we know by name; others are "unspecified" (set with withLicence). */
  private static final Map<String, String> KNOWN_LICENCES = Map.of(
      "scifact", "claims and qrels CC BY 4.0; abstracts ODC-By 1.0 (allenai/scifact)");

  private BeirDatasets() {}

  /** Loads {@code split} with {@link MissingDocPolicy#WARN}. */
  public static RetrievalDataset load(Path folder, String split) throws IOException {
    return load(folder, split, MissingDocPolicy.WARN);
  }

  /**
   * Loads one split of a BEIR folder.
   *
   * @param folder the folder holding corpus, queries and qrels
   * @param split e.g. {@code test}, {@code dev}, {@code train}
   * @param policy what to do with qrels ids missing from the corpus or from queries.jsonl. With
   *     WARN, a missing document's judgment is kept (it counts as relevant-not-retrievable, as in
   *     trec_eval), and a query without text is removed from the qrels; both are listed in
   *     {@link RetrievalDataset#warnings()}.
   * @throws IllegalArgumentException when {@code split} is not a plain name (see
   *     {@link #checkSplitName})
   * @throws DatasetException when {@code folder} is absent or a file, corpus, queries or
   *     {@code qrels/<split>.tsv} is missing (the message lists what the folder holds, or the
   *     splits found), or a gzip file is truncated or corrupt
   * @throws MalformedDataException (a DatasetException) on malformed lines, ids with whitespace,
   *     duplicate ids, or missing ids under FAIL
   */
  public static RetrievalDataset load(Path folder, String split, MissingDocPolicy policy) throws IOException {
    checkSplitName(split);
    Checks.notNull("folder", folder);
    requireBeirFolder(folder);
    Path corpusFile = firstFile(folder, "corpus.jsonl", "corpus.jsonl.gz");
    if (corpusFile == null) {
      throw new DatasetException(folder, "expected corpus.jsonl or corpus.jsonl.gz in this BEIR folder, found "
          + listing(folder));
    }
    Path queriesFile = firstFile(folder, "queries.jsonl", "queries.jsonl.gz");
    if (queriesFile == null) {
      throw new DatasetException(folder, "expected queries.jsonl or queries.jsonl.gz in this BEIR folder, found "
          + listing(folder));
    }
    Path qrelsDir = folder.resolve("qrels");
    if (!Files.isDirectory(qrelsDir)) {
      throw new DatasetException(folder, "expected a qrels/ folder holding " + split + ".tsv, found "
          + (Files.exists(qrelsDir) ? "qrels that is not a folder" : listing(folder)));
    }
    Path qrelsFile = qrelsDir.resolve(split + ".tsv");
    if (!qrelsFile.normalize().startsWith(qrelsDir.normalize())) { // defence in depth; checkSplitName rejects paths
      throw new IllegalArgumentException("split must name a file inside " + qrelsDir + "; split='" + split + "'");
    }
    if (!Files.isRegularFile(qrelsFile)) {
      List<String> splits = splits(qrelsDir);
      throw new DatasetException(folder, "no qrels/" + split + ".tsv"
          + (Files.isDirectory(qrelsFile) ? " file (it is a folder)" : "")
          + "; splits found: " + (splits.isEmpty() ? "none (no *.tsv in qrels/)" : String.join(", ", splits)));
    }

    List<Document> corpus = readCorpus(corpusFile);
    Map<String, Query> allQueries = readQueries(queriesFile);
    Qrels qrels = Qrels.readBeirTsv(qrelsFile);

    List<String> warnings = new ArrayList<>();
    Set<String> docIds = new HashSet<>(corpus.size() * 2);
    for (Document d : corpus) {
      docIds.add(d.id());
    }
    Map<String, Map<String, Integer>> kept = new LinkedHashMap<>();
    for (String qid : qrels.queryIds()) {
      if (!allQueries.containsKey(qid)) {
        String msg = qrelsFile + ": query-id=" + qid + " has judgments but no entry in " + queriesFile.getFileName();
        if (policy == MissingDocPolicy.FAIL) {
          throw new MalformedDataException(qrelsFile, 0, "expected every query-id in " + queriesFile.getFileName()
              + ", missing query-id=" + qid);
        }
        warnings.add(msg + " (query left out)");
        continue;
      }
      for (String docId : qrels.judged(qid).keySet()) {
        if (!docIds.contains(docId)) {
          if (policy == MissingDocPolicy.FAIL) {
            throw new MalformedDataException(qrelsFile, 0, "expected every corpus-id in " + corpusFile.getFileName()
                + ", missing corpus-id=" + docId + " (query-id=" + qid + ")");
          }
          warnings.add(qrelsFile + ": corpus-id=" + docId + " (query-id=" + qid + ") is not in "
              + corpusFile.getFileName() + " (judgment kept; it cannot be retrieved)");
        }
      }
      kept.put(qid, qrels.judged(qid));
    }
    List<Query> queries = new ArrayList<>();
    for (Query q : allQueries.values()) {
      if (kept.containsKey(q.id())) {
        queries.add(q);
      }
    }
    warnEmpty(warnings, queriesFile, "queries", "query",
        queries.stream().filter(q -> q.text().isBlank()).map(Query::id).toList(),
        "they are kept and scored (BEIR keeps them too); the embedder sees an empty string");
    warnEmpty(warnings, corpusFile, "documents", "document",
        corpus.stream().filter(d -> d.title().isBlank() && d.text().isBlank()).map(Document::id).toList(),
        "they are kept; they can still be retrieved");
    String name = folder.toAbsolutePath().normalize().getFileName() == null ? "beir"
        : folder.toAbsolutePath().normalize().getFileName().toString();
    return new RetrievalDataset(name + "/" + split, KNOWN_LICENCES.getOrDefault(name, "unspecified"),
        folder.toAbsolutePath().normalize().toString(), corpus, queries, Qrels.of(kept), warnings);
  }

  /**
   * Checks that {@code split} is a plain name such as {@code test}, {@code dev} or {@code train}:
   * letters, digits, {@code .}, {@code _} and {@code -}, not starting with {@code .} — never a
   * path, so {@code ../../x} cannot read a file outside the data folder.
   *
   * @throws IllegalArgumentException naming the split when it is not such a name
   */
  public static void checkSplitName(String split) {
    if (split == null || split.isBlank()) {
      throw new IllegalArgumentException("split must be non-empty; split='" + split + "'");
    }
    if (!SPLIT_NAME.matcher(split).matches() || split.contains("..")) {
      throw new IllegalArgumentException("split must be a name such as test, dev or train (letters, digits, "
          + "'.', '_', '-'; not a path); split=" + Ids.quote(split));
    }
  }

  private static final java.util.regex.Pattern SPLIT_NAME =
      java.util.regex.Pattern.compile("[\\p{L}\\p{N}_-][\\p{L}\\p{N}._-]{0,99}");

  /** The split names of a qrels folder (its {@code *.tsv} files without the extension), sorted. */
  private static List<String> splits(Path qrelsDir) throws IOException {
    try (java.util.stream.Stream<Path> s = Files.list(qrelsDir)) {
      return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".tsv")).map(n -> n.substring(0, n.length() - 4)).sorted().toList();
    }
  }

  private static void requireBeirFolder(Path folder) throws DatasetException {
    if (Files.isDirectory(folder)) {
      return;
    }
    String expected = "expected a BEIR folder (corpus.jsonl[.gz], queries.jsonl[.gz], qrels/<split>.tsv), found ";
    if (Files.isRegularFile(folder)) {
      String name = folder.getFileName() == null ? "" : folder.getFileName().toString();
      boolean part = name.startsWith("corpus.jsonl") || name.startsWith("queries.jsonl") || name.endsWith(".tsv");
      throw new DatasetException(folder, expected + "a file" + (part ? "; pass the folder that holds it" : ""));
    }
    Path parent = folder.toAbsolutePath().normalize().getParent();
    throw new DatasetException(folder, expected + "nothing at this path"
        + (parent != null && Files.isDirectory(parent) ? "; " + parent + " holds " + listing(parent)
            : parent != null ? " (" + parent + " does not exist either)" : ""));
  }

  private static Path firstFile(Path folder, String... names) {
    for (String n : names) {
      if (Files.isRegularFile(folder.resolve(n))) {
        return folder.resolve(n);
      }
    }
    return null;
  }

  /** Up to 12 entry names of {@code folder}, sorted, folders marked with a trailing slash. */
  static String listing(Path folder) {
    try (java.util.stream.Stream<Path> s = Files.list(folder)) {
      List<String> names = s.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).sorted().toList();
      if (names.isEmpty()) {
        return "an empty folder";
      }
      return "[" + String.join(", ", names.subList(0, Math.min(12, names.size())))
          + (names.size() > 12 ? ", … " + (names.size() - 12) + " more" : "") + "]";
    } catch (IOException e) {
      return "a folder that cannot be listed (" + e.getMessage() + ")";
    }
  }

  /** Adds one warning naming how many items are empty and the first few ids. */
  static void warnEmpty(List<String> warnings, Path file, String plural, String singular, List<String> ids,
      String consequence) {
    if (ids.isEmpty()) {
      return;
    }
    warnings.add(file + ": " + ids.size() + " " + (ids.size() == 1 ? singular : plural)
        + " with empty text (" + (ids.size() == 1 ? "id " : "ids ")
        + String.join(", ", ids.subList(0, Math.min(5, ids.size()))) + (ids.size() > 5 ? ", …" : "")
        + "); " + consequence);
  }

  /**
   * Reads a BEIR corpus file (jsonl, optionally gzipped) into memory through the streaming
   * {@link BeirCorpusReader}, so both refuse the same lines; duplicate ids are an error.
   */
  public static List<Document> readCorpus(Path file) throws IOException {
    List<Document> docs = new ArrayList<>();
    try (BeirCorpusReader r = BeirCorpusReader.open(file)) {
      for (Document d = r.next(); d != null; d = r.next()) {
        docs.add(d);
      }
    }
    return docs;
  }

  /** Reads a BEIR queries file into id → query (file order); duplicate ids are an error. */
  public static Map<String, Query> readQueries(Path file) throws IOException {
    Map<String, Query> out = new LinkedHashMap<>();
    Map<String, Long> firstLine = new HashMap<>();
    TextFiles.requireFile(file, "BEIR queries (JSON lines with _id, text)");
    TextFiles.forEachLine(file, (line, no) -> {
      if (line.isBlank()) {
        return;
      }
      JsonNode n = JsonLines.parseObject(file, no, line);
      String id = uniqueId(file, no, n, firstLine);
      String text = JsonLines.requiredText(file, no, n, "text");
      out.put(id, new Query(id, text));
    });
    return out;
  }

  /** The non-empty {@code _id} of a JSON line; an id already seen (in {@code firstLine}) is an error. */
  private static String uniqueId(Path file, long no, JsonNode n, Map<String, Long> firstLine)
      throws MalformedDataException {
    String id = JsonLines.requiredText(file, no, n, "_id");
    if (id.isEmpty()) {
      throw new MalformedDataException(file, no, "expected a non-empty \"_id\"");
    }
    Ids.check(file, no, "an \"_id\"", id);
    Long prev = firstLine.putIfAbsent(id, no);
    if (prev != null) {
      throw new MalformedDataException(file, no, "duplicate _id=" + id + " (first on line " + prev + ")");
    }
    return id;
  }
}

package dev.embedlab.eval.data;

import com.fasterxml.jackson.databind.JsonNode;
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
 * reported (see {@link MissingDocPolicy}) rather than silently dropped. Files are UTF-8 with or
 * without a BOM; gzip is detected by its magic bytes.
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
   * @throws MalformedDataException on malformed lines, duplicate ids, or missing ids under FAIL
   */
  public static RetrievalDataset load(Path folder, String split, MissingDocPolicy policy) throws IOException {
    if (split == null || split.isBlank()) {
      throw new IllegalArgumentException("split must be non-empty; split='" + split + "'");
    }
    Path corpusFile = folder.resolve("corpus.jsonl");
    if (!Files.isRegularFile(corpusFile)) {
      corpusFile = folder.resolve("corpus.jsonl.gz");
    }
    if (!Files.isRegularFile(corpusFile)) {
      throw new java.nio.file.NoSuchFileException(folder.resolve("corpus.jsonl") + " (or corpus.jsonl.gz)");
    }
    Path queriesFile = folder.resolve("queries.jsonl");
    if (!Files.isRegularFile(queriesFile) && Files.isRegularFile(folder.resolve("queries.jsonl.gz"))) {
      queriesFile = folder.resolve("queries.jsonl.gz");
    }
    Path qrelsFile = folder.resolve("qrels").resolve(split + ".tsv");

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
    String name = folder.toAbsolutePath().normalize().getFileName() == null ? "beir"
        : folder.toAbsolutePath().normalize().getFileName().toString();
    return new RetrievalDataset(name + "/" + split, KNOWN_LICENCES.getOrDefault(name, "unspecified"),
        folder.toAbsolutePath().normalize().toString(), corpus, queries, Qrels.of(kept), warnings);
  }

  /** Reads a BEIR corpus file (jsonl, optionally gzipped); duplicate ids are an error. */
  public static List<Document> readCorpus(Path file) throws IOException {
    List<Document> docs = new ArrayList<>();
    Map<String, Long> firstLine = new HashMap<>();
    TextFiles.forEachLine(file, (line, no) -> {
      if (line.isBlank()) {
        return;
      }
      JsonNode n = JsonLines.parseObject(file, no, line);
      String id = uniqueId(file, no, n, firstLine);
      String title = JsonLines.optionalText(file, no, n, "title");
      String text = JsonLines.optionalText(file, no, n, "text");
      docs.add(new Document(id, title, text));
    });
    return docs;
  }

  /** Reads a BEIR queries file into id → query (file order); duplicate ids are an error. */
  public static Map<String, Query> readQueries(Path file) throws IOException {
    Map<String, Query> out = new LinkedHashMap<>();
    Map<String, Long> firstLine = new HashMap<>();
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
    Long prev = firstLine.putIfAbsent(id, no);
    if (prev != null) {
      throw new MalformedDataException(file, no, "duplicate _id=" + id + " (first on line " + prev + ")");
    }
    return id;
  }
}

package dev.embedlab.data;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns SQuAD v1-format reading-comprehension JSON (e.g. KorQuAD 1.0) into a retrieval collection
 * at load time: each question is a query, each <em>distinct</em> paragraph text is a document, and
 * the paragraph a question was asked about is its one relevant document (relevance 1).
 *
 * <p>Identical paragraph texts that occur in more than one place are one document (KorQuAD 1.0 dev:
 * 964 paragraph entries, 961 distinct texts, 5,774 questions). Document ids are {@code p0},
 * {@code p1}, … in order of first appearance; the title is the article title; query ids are the
 * {@code qas[].id} values (duplicates, and ids holding whitespace or control characters, are
 * errors). Questions with empty text are kept and counted in a warning. A path that is a folder or
 * absent is a {@link DatasetException}. The source file is never modified.
 */
public final class SquadDatasets {
  private SquadDatasets() {}

  /**
   * Loads with id = file name and licence "unspecified" — except KorQuAD 1.0 files (name starting
   * {@code KorQuAD_v1.0}), which get their licence, CC BY-ND 2.0 KR (use unmodified; this loader
   * converts in memory and never writes the data back).
   */
  public static RetrievalDataset load(Path json) throws IOException {
    String name = json.getFileName().toString().replaceFirst("\\.json$", "");
    String licence = name.startsWith("KorQuAD_v1.0") ? "CC BY-ND 2.0 KR (korquad.github.io)" : "unspecified";
    return load(json, name, licence);
  }

  /**
   * Loads a SQuAD v1 JSON file as retrieval.
   *
   * @param json the file ({@code {"data":[{"title":…,"paragraphs":[{"context":…,"qas":[{"id":…,"question":…}]}]}]}})
   * @param id data set id for provenance
   * @param licence licence for provenance
   * @throws DatasetException when {@code json} is a folder or absent
   * @throws MalformedDataException on invalid JSON (with line and column, trailing content
   *     included) or a missing field
   */
  public static RetrievalDataset load(Path json, String id, String licence) throws IOException {
    if (Files.isDirectory(json)) {
      throw new DatasetException(json, "expected a SQuAD v1 JSON file, found a folder; JSON files in it: "
          + jsonFiles(json));
    }
    TextFiles.requireFile(json, "a SQuAD v1 JSON file");
    String content = TextFiles.readAll(json);
    JsonNode root = JsonLines.parseDocument(json, content, "expected SQuAD JSON");
    JsonNode data = root == null ? null : root.get("data");
    if (data == null || !data.isArray()) {
      throw new MalformedDataException(json, 0, "expected a top-level object with a \"data\" array");
    }
    Map<String, Document> docsByText = new LinkedHashMap<>();
    List<Query> queries = new ArrayList<>();
    Set<String> qids = new HashSet<>();
    Qrels.Builder qrels = Qrels.builder();
    int a = 0;
    for (JsonNode article : data) {
      String title = article.path("title").asText("");
      JsonNode paragraphs = article.get("paragraphs");
      if (paragraphs == null || !paragraphs.isArray()) {
        throw new MalformedDataException(json, 0, "expected data[" + a + "].paragraphs to be an array");
      }
      int p = 0;
      for (JsonNode para : paragraphs) {
        JsonNode ctx = para.get("context");
        JsonNode qas = para.get("qas");
        String where = "data[" + a + "].paragraphs[" + p + "]";
        if (ctx == null || !ctx.isTextual()) {
          throw new MalformedDataException(json, 0, "expected " + where + ".context to be a string");
        }
        if (qas == null || !qas.isArray()) {
          throw new MalformedDataException(json, 0, "expected " + where + ".qas to be an array");
        }
        Document doc = docsByText.computeIfAbsent(ctx.asText(),
            t -> new Document("p" + docsByText.size(), title, t));
        int k = 0;
        for (JsonNode qa : qas) {
          JsonNode qid = qa.get("id");
          JsonNode question = qa.get("question");
          if (qid == null || !(qid.isTextual() || qid.isNumber()) || question == null || !question.isTextual()) {
            throw new MalformedDataException(json, 0,
                "expected " + where + ".qas[" + k + "] to have string \"id\" and \"question\"");
          }
          Ids.check(json, 0, where + ".qas[" + k + "].id", qid.asText());
          if (!qids.add(qid.asText())) {
            throw new MalformedDataException(json, 0, "duplicate question id=" + qid.asText() + " at " + where);
          }
          queries.add(new Query(qid.asText(), question.asText()));
          qrels.add(qid.asText(), doc.id(), 1);
          k++;
        }
        p++;
      }
      a++;
    }
    List<String> warnings = new ArrayList<>();
    BeirDatasets.warnEmpty(warnings, json, "questions", "question",
        queries.stream().filter(q -> q.text().isBlank()).map(Query::id).toList(),
        "they are kept and scored; the embedder sees an empty string");
    BeirDatasets.warnEmpty(warnings, json, "paragraphs", "paragraph",
        docsByText.values().stream().filter(d -> d.text().isBlank()).map(Document::id).toList(),
        "kept as a document");
    return new RetrievalDataset(id, licence, json.toAbsolutePath().normalize().toString(),
        new ArrayList<>(docsByText.values()), queries, qrels.build(), warnings);
  }

  private static String jsonFiles(Path folder) {
    try (java.util.stream.Stream<Path> s = Files.list(folder)) {
      List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
          .sorted().toList();
      return names.isEmpty() ? "none" : String.join(", ", names.subList(0, Math.min(12, names.size())))
          + (names.size() > 12 ? ", … " + (names.size() - 12) + " more" : "");
    } catch (IOException e) {
      return "(cannot list: " + e.getMessage() + ")";
    }
  }
}

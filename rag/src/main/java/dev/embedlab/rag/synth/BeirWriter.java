package dev.embedlab.rag.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.rag.chunk.Passage;
import dev.embedlab.rag.ingest.IngestResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes passages and generated questions as a BEIR folder that every embedlab reader and the bake-off
 * read as they are: {@code corpus.jsonl} (each passage with its file, page and offsets under
 * {@code metadata}), {@code queries.jsonl} (each question marked {@code "synthetic": true} with its
 * passage and generator), {@code qrels/test.tsv} (the generating passage as the one judged document),
 * plus {@code generation.jsonl} (every prompt, answer and decision, for audit and regeneration) and
 * {@code embedlab-dataset.json} (what made the set: files, skipped files, chunking, model,
 * temperature, seed, counts, tokens) which reports read to mark the set as synthetic.
 */
public final class BeirWriter {
  /** The description file reports look for. */
  public static final String DESCRIPTION = "embedlab-dataset.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private BeirWriter() {}

  /** Writes the corpus alone (no queries yet). */
  public static void writeCorpus(Path dir, List<Passage> passages) throws IOException {
    Files.createDirectories(dir);
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("corpus.jsonl"), StandardCharsets.UTF_8)) {
      for (Passage p : passages) {
        ObjectNode n = JSON.createObjectNode();
        n.put("_id", p.id()).put("title", p.title()).put("text", p.text());
        n.putObject("metadata").put("file", p.file()).put("page", p.page()).put("start", p.start()).put("end", p.end());
        w.write(JSON.writeValueAsString(n));
        w.write('\n');
      }
    }
  }

  /**
   * Writes the whole set.
   *
   * @param audit the generator's audit records, in order
   */
  public static void write(Path dir, IngestResult ingest, Provenance chunking, List<Passage> passages,
      GeneratedSet set, long seed, List<QueryGenerator.AuditRecord> audit) throws IOException {
    writeCorpus(dir, passages);
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("queries.jsonl"), StandardCharsets.UTF_8)) {
      for (GeneratedSet.Query q : set.queries()) {
        ObjectNode n = JSON.createObjectNode();
        n.put("_id", q.id()).put("text", q.text());
        n.putObject("metadata").put("synthetic", true).put("passage", q.passageId()).put("model", set.model())
            .put("lang", q.korean() ? "ko" : "en");
        w.write(JSON.writeValueAsString(n));
        w.write('\n');
      }
    }
    Files.createDirectories(dir.resolve("qrels"));
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("qrels").resolve("test.tsv"), StandardCharsets.UTF_8)) {
      w.write("query-id\tcorpus-id\tscore\n");
      for (GeneratedSet.Query q : set.queries()) {
        w.write(q.id() + "\t" + q.passageId() + "\t1\n");
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("generation.jsonl"), StandardCharsets.UTF_8)) {
      for (QueryGenerator.AuditRecord r : audit) {
        w.write(JSON.writeValueAsString(JSON.valueToTree(r)));
        w.write('\n');
      }
    }
    ObjectNode d = JSON.createObjectNode();
    d.put("synthetic", true);
    d.put("generator", set.model()).put("temperature", set.temperature()).put("seed", seed);
    d.put("passages", passages.size()).put("queries", set.queries().size()).put("rejected", set.rejected().size());
    d.put("calls", set.calls()).put("cache_hits", set.cacheHits())
        .put("prompt_tokens", set.promptTokens()).put("completion_tokens", set.completionTokens());
    d.put("chunking", chunking.canonical());
    var files = d.putArray("files");
    ingest.documents().forEach(doc -> files.addObject().put("file", doc.file()).put("type", doc.mediaType())
        .put("sha256", doc.sha256()).put("pages", doc.pages().size()));
    var skipped = d.putArray("skipped");
    ingest.skipped().forEach(s -> skipped.addObject().put("file", s.file()).put("reason", s.reason()));
    var rej = d.putArray("rejected_questions");
    set.rejected().forEach(r -> rej.addObject().put("passage", r.passageId()).put("question", r.question()).put("reason", r.reason()));
    Files.writeString(dir.resolve(DESCRIPTION), d.toPrettyString(), StandardCharsets.UTF_8);
  }
}

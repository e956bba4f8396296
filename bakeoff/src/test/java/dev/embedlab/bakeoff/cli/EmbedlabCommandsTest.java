package dev.embedlab.bakeoff.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code embedlab} commands: bake-off by default, {@code embed}, {@code tune}, help, and their errors. */
class EmbedlabCommandsTest {
  @TempDir Path tmp;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Embedlab.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theBakeOffIsTheDefaultCommandAndCanBeNamed() {
    Result plain = run("--latency", "abc");
    Result named = run("bakeoff", "--latency", "abc");
    assertEquals(2, plain.code());
    assertEquals(plain.err(), named.err());
    assertTrue(plain.err().startsWith("bake-off: --latency abc: expected a whole number >= 0; found \"abc\"\n"),
        plain.err());
    Result help = run("bakeoff", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--model-dir") && help.out().contains("model sources on the class path:")
        && help.out().contains("onnx:DIR"), help.out());
    // the option sentences come from BakeOffOptions.properties; '%%' renders as '%'
    String flat = help.out().replaceAll("\\s+", " ");
    assertTrue(flat.contains("A BEIR folder (corpus.jsonl[.gz], queries.jsonl, qrels/SPLIT.tsv)")
        && flat.contains("at least 30% of the documents are Korean"), help.out());
    Result top = run("help");
    assertEquals(0, top.code());
    assertTrue(top.out().contains("bakeoff") && top.out().contains("embed") && top.out().contains("tune"), top.out());
  }

  @Test
  void everyOptionOfEveryCommandHasItsHelpSentence() {
    // the sentences live in one resource bundle per command; a renamed option or a lost key leaves it blank
    for (Object command : List.of(new BakeOffArgs(), new EmbedCommand(), new TuneCommand())) {
      picocli.CommandLine.Model.CommandSpec spec = Embedlab.commandLine(command).getCommandSpec();
      for (picocli.CommandLine.Model.OptionSpec o : spec.options()) {
        String text = String.join(" ", o.description()).strip();
        assertTrue(!text.isEmpty() && !text.contains("${"), spec.name() + " " + o.longestName() + ": no help "
            + "sentence (expected a key '" + o.longestName().replaceFirst("^-+", "") + "' in its bundle)");
      }
    }
  }

  @Test
  void embedWritesOneJsonLinePerTextEqualToTheModelsVectors() throws Exception {
    Path in = Files.writeString(tmp.resolve("texts.txt"), "the cat sleeps\n\n한국어 문장입니다\n");
    Path out = tmp.resolve("vectors.jsonl");
    Result r = run("embed", "--model", "all-minilm-l6-v2-q", "--input", in.toString(), "--output", out.toString(),
        "--role", "query");
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(out);
    assertEquals(2, lines.size(), lines.toString());
    JsonNode first = new ObjectMapper().readTree(lines.get(1));
    assertEquals("3", first.get("id").asText(), "ids are line numbers; the blank line is skipped");
    float[] got = new float[first.get("vector").size()];
    for (int i = 0; i < got.length; i++) {
      got[i] = first.get("vector").get(i).floatValue();
    }
    try (OnnxEmbedder e = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).build()) {
      assertArrayEquals(e.embed(List.of("한국어 문장입니다"), Role.QUERY)[0], got, 0f);
    }
  }

  @Test
  void embedAndTuneRefuseBadInputWithOneLineAndCode2() throws Exception {
    Path in = Files.writeString(tmp.resolve("c.jsonl"), "{\"_id\": \"a\", \"text\": \"x\"}\n{\"id\": \"b\"}\n");
    Result r = run("embed", "--model", "gpt-9", "--input", in.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("embed: --model gpt-9: unknown model \"gpt-9\"; known: [all-minilm-l6-v2"), r.err());
    r = run("embed", "--model", "all-minilm-l6-v2-q", "--input", in.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("embed: --input " + in + " line 2: expected an object with _id and text "
        + "(--id-field, --text-field); found fields [id]"), r.err());
    r = run("embed", "--input", in.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("embed: missing --model; expected --model NAME"), r.err());
    r = run("tune", "--beir", tmp.resolve("nope").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("tune: --beir " + tmp.resolve("nope") + ": no such folder"), r.err());
    r = run("tune", "--beir", tmp.toString(), "--k", "0");
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("tune: --k 0: expected a whole number >= 1; found 0"), r.err());
  }

  @Test
  void tuneSweepsBothIndexFamiliesOnTheDemoSet() throws Exception {
    Path demo = tmp.resolve("demo");
    Files.createDirectories(demo.resolve("qrels"));
    for (String f : List.of("corpus.jsonl", "queries.jsonl", "qrels/test.tsv")) {
      try (java.io.InputStream in = getClass().getResourceAsStream("/demo/" + f)) {
        Files.copy(in, demo.resolve(f));
      }
    }
    Result r = run("tune", "--beir", demo.toString(), "--model", "all-minilm-l6-v2-q", "--quick", "--k", "10",
        "--threads", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("== jvector graph ==") && r.out().contains("jvector(M=16,beam=100,ef=40)"), r.out());
    assertTrue(r.out().contains("== IVF ==") && r.out().contains("ivf-flat(nlist=16,"), r.out());
    Result lucene = run("tune", "--beir", demo.toString(), "--model", "all-minilm-l6-v2-q", "--quick", "--k", "10",
        "--threads", "1", "--index", "hnsw", "--graph", "lucene");
    assertEquals(0, lucene.code(), lucene.err());
    assertTrue(lucene.out().contains("== Lucene HNSW ==") && lucene.out().contains("hnsw(M=16,beam=100,ef=40)"),
        lucene.out());
    Result bad = run("tune", "--beir", demo.toString(), "--graph", "faiss");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--graph faiss: expected jvector or lucene"), bad.err());
    assertTrue(r.out().contains("Pareto front") && r.out().contains("cheapest keeping >= 99% of exact nDCG@10"), r.out());
  }

  /** Modules bring their commands (ServiceLoader): advise from models, reproduce from eval. */
  @Test
  void moduleCommandsAreFoundByNameAndListedInHelp() {
    Result help = run("help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("advise") && help.out().contains("reproduce"), help.out());
    Result advise = run("advise", "--language", "ko", "--task", "retrieval");
    assertEquals(0, advise.code(), advise.err());
    assertTrue(advise.out().contains("AutoRAGRetrieval") && advise.out().contains("published, not measured here"), advise.out());
    Result list = run("reproduce", "--list");
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains("scifact.bm25-flat"), list.out());
    Result bad = run("advise", "--language", "xx", "--task", "retrieval");
    assertEquals(2, bad.code(), "a module command's usage mistake exits 2: " + bad.out() + bad.err());
  }
}

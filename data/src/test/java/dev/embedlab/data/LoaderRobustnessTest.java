package dev.embedlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issues 8, 12 and 13: JSONL lines with trailing content, truncated/corrupt gzip, Jackson's
 * "Source: REDACTED" in messages, wrong folders and splits (a split that is a path), empty query
 * text, and ids with whitespace through every reader and writer.
 */
class LoaderRobustnessTest {
  @TempDir Path dir;

  static final String QRELS = "query-id\tcorpus-id\tscore\nq1\td1\t1\n";
  static final String CORPUS = "{\"_id\": \"d1\", \"text\": \"one\"}\n{\"_id\": \"d2\", \"text\": \"two\"}\n";
  static final String QUERIES = "{\"_id\": \"q1\", \"text\": \"first\"}\n";

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private Path beir(String corpus, String queries, String qrels) throws IOException {
    write("beir/corpus.jsonl", corpus);
    write("beir/queries.jsonl", queries);
    write("beir/qrels/test.tsv", qrels);
    return dir.resolve("beir");
  }

  private static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(b)) {
      o.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return b.toByteArray();
  }

  // ------------------------------------------------------------------ 1, 3: JSON lines

  @Test
  void twoObjectsOnOneLineAreRejectedNotHalfRead() throws IOException {
    Path f = beir("{\"_id\": \"d1\", \"text\": \"one\"}\n{\"_id\": \"d2\", \"text\": \"two\"}{\"_id\": \"d3\", \"text\": \"three\"}\n",
        QUERIES, QRELS);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> BeirDatasets.load(f, "test"));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().contains("corpus.jsonl:2: expected one JSON object per line, found more content after the object"
        + ", which ends at column 28 (a second object: is a line break missing?)"), e.getMessage());
  }

  @Test
  void garbageAfterTheObjectIsRejected() throws IOException {
    Path f = beir(CORPUS, "{\"_id\": \"q1\", \"text\": \"first\"} trailing\n", QRELS);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> BeirDatasets.load(f, "test"));
    assertTrue(e.getMessage().contains("queries.jsonl:1: expected one JSON object per line, found more content after the object"
        + ", which ends at column 30"), e.getMessage());
    Path g = beir(CORPUS, "{\"_id\": \"q1\", \"text\": \"first\"} ,\n", QRELS);
    assertThrows(MalformedDataException.class, () -> BeirDatasets.load(g, "test"));
    // a repeated key would otherwise silently keep the last value
    Path h = beir("{\"_id\": \"d1\", \"_id\": \"d9\", \"text\": \"one\"}\n", QUERIES, QRELS);
    e = assertThrows(MalformedDataException.class, () -> BeirDatasets.load(h, "test"));
    assertTrue(e.getMessage().contains("corpus.jsonl:1:") && e.getMessage().contains("_id"), e.getMessage());
  }

  @Test
  void jsonErrorsGiveFileLineColumnAndNoJacksonSourceRedacted() throws IOException {
    Path f = beir("{\"_id\": \"d1\", \"text\": \"one\"}\n{\"_id\": \"d2\", \"text\": tw}\n", QUERIES, QRELS);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> BeirDatasets.load(f, "test"));
    assertFalse(e.getMessage().contains("REDACTED") || e.getMessage().contains("Source:"), e.getMessage());
    assertTrue(e.getMessage().contains("corpus.jsonl:2: expected one JSON object per line, found invalid JSON at column"),
        e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    for (Throwable c = e; c != null; c = c.getCause()) {
      assertFalse(String.valueOf(c.getMessage()).contains("REDACTED"), "cause chain: " + c);
    }
    Path squad = write("s.json", "{\"data\": [\n]}\n{\"data\": []}\n");
    e = assertThrows(MalformedDataException.class, () -> SquadDatasets.load(squad));
    assertFalse(e.getMessage().contains("REDACTED"), e.getMessage());
    assertEquals(3, e.line(), e.getMessage());
    Path klue = write("k.json", "[\n{\"sentence1\": }\n]");
    e = assertThrows(MalformedDataException.class, () -> PairDatasets.klueSts(klue));
    assertFalse(e.getMessage().contains("REDACTED"), e.getMessage());
    assertTrue(e.getMessage().contains("k.json:2: expected KLUE-STS JSON, found invalid JSON at column"), e.getMessage());
  }

  // ------------------------------------------------------------------ 2: gzip

  @Test
  void truncatedGzipNamesFileAndLinesRead() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      sb.append("{\"_id\": \"d").append(i).append("\", \"text\": \"document number ").append(i * 7919).append("\"}\n");
    }
    byte[] gz = gzip(sb.toString());
    Path b = beir(CORPUS, QUERIES, QRELS);
    Files.delete(b.resolve("corpus.jsonl"));
    Path corpus = b.resolve("corpus.jsonl.gz");
    Files.write(corpus, Arrays.copyOf(gz, gz.length / 2));
    DatasetException e = assertThrows(DatasetException.class, () -> BeirDatasets.load(b, "test"));
    assertFalse(e instanceof MalformedDataException);
    assertEquals(corpus, e.path());
    assertTrue(e.getMessage().startsWith(corpus + ": expected a complete gzip stream, found it cut off after "),
        e.getMessage());
    assertTrue(e.getMessage().matches("(?s).*cut off after \\d+ complete lines.*"), e.getMessage());

    // corrupt: flip bytes in the deflate data
    byte[] bad = gz.clone();
    for (int i = gz.length / 3; i < gz.length / 3 + 16; i++) {
      bad[i] ^= 0x5A;
    }
    Files.write(corpus, bad);
    e = assertThrows(DatasetException.class, () -> BeirDatasets.load(b, "test"));
    // deflate may decode flipped bytes into garbage text before its checks fail: either way the
    // file is named (with the line when the garbage reached the JSON parser)
    assertTrue(e.getMessage().startsWith(corpus + ":"), e.getMessage());

    // header cut inside the 10 gzip header bytes
    Files.write(corpus, Arrays.copyOf(gz, 5));
    e = assertThrows(DatasetException.class, () -> BeirDatasets.load(b, "test"));
    assertTrue(e.getMessage().startsWith(corpus + ": expected a gzip header"), e.getMessage());

    // a trailer whose CRC does not match the data
    byte[] crc = gz.clone();
    crc[crc.length - 6] ^= 1;
    Files.write(corpus, crc);
    e = assertThrows(DatasetException.class, () -> BeirDatasets.load(b, "test"));
    assertTrue(e.getMessage().contains("corrupt data after 2000 complete lines"), e.getMessage());
  }

  // ------------------------------------------------------------------ 4: folders and splits

  @Test
  void wrongPathsNameWhatWasExpectedAndWhatExists() throws IOException {
    Path b = beir(CORPUS, QUERIES, QRELS);
    write("beir/qrels/train.tsv", QRELS);
    DatasetException e = assertThrows(DatasetException.class, () -> BeirDatasets.load(b, "dev"));
    assertEquals(b + ": no qrels/dev.tsv; splits found: test, train", e.getMessage());

    Path absent = dir.resolve("scifakt");
    e = assertThrows(DatasetException.class, () -> BeirDatasets.load(absent, "test"));
    assertTrue(e.getMessage().startsWith(absent + ": expected a BEIR folder"), e.getMessage());
    assertTrue(e.getMessage().contains("found nothing at this path") && e.getMessage().contains("beir/"),
        "lists the parent: " + e.getMessage());

    e = assertThrows(DatasetException.class, () -> BeirDatasets.load(b.resolve("corpus.jsonl"), "test"));
    assertTrue(e.getMessage().contains("found a file; pass the folder that holds it"), e.getMessage());

    Files.delete(b.resolve("qrels/test.tsv"));
    Files.delete(b.resolve("qrels/train.tsv"));
    Files.delete(b.resolve("qrels"));
    e = assertThrows(DatasetException.class, () -> BeirDatasets.load(b, "test"));
    assertEquals(b + ": expected a qrels/ folder holding test.tsv, found [corpus.jsonl, queries.jsonl]", e.getMessage());

    Files.delete(b.resolve("queries.jsonl"));
    e = assertThrows(DatasetException.class, () -> BeirDatasets.load(b, "test"));
    assertTrue(e.getMessage().contains("expected queries.jsonl or queries.jsonl.gz in this BEIR folder, found [corpus.jsonl]"),
        e.getMessage());

    Path empty = Files.createDirectories(dir.resolve("empty"));
    e = assertThrows(DatasetException.class, () -> BeirDatasets.load(empty, "test"));
    assertEquals(empty + ": expected corpus.jsonl or corpus.jsonl.gz in this BEIR folder, found an empty folder",
        e.getMessage());

    Path squadDir = Files.createDirectories(dir.resolve("korquad"));
    write("korquad/KorQuAD_v1.0_dev.json", "{\"data\": []}");
    e = assertThrows(DatasetException.class, () -> SquadDatasets.load(squadDir));
    assertEquals(squadDir + ": expected a SQuAD v1 JSON file, found a folder; JSON files in it: KorQuAD_v1.0_dev.json",
        e.getMessage());
    Path noSquad = dir.resolve("nope.json");
    e = assertThrows(DatasetException.class, () -> SquadDatasets.load(noSquad));
    assertTrue(e.getMessage().startsWith(noSquad + ": expected a SQuAD v1 JSON file, found nothing"), e.getMessage());
    assertInstanceOf(IOException.class, e, "callers handling IOException handle it");
  }

  @Test
  void splitIsANameNeverAPath() throws IOException {
    Path b = beir(CORPUS, QUERIES, QRELS);
    // a qrels file outside the data folder that issue 13's "../../x" reached
    write("outside.tsv", QRELS);
    for (String split : List.of("../../outside", "../outside", "..", "/etc/passwd", "a/b", "a\\b", ".hidden", "te st", "")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BeirDatasets.load(b, split),
          "split=" + split);
      assertTrue(e.getMessage().startsWith("split must be"), e.getMessage());
    }
    assertEquals("beir/test", BeirDatasets.load(b, "test").id());
    write("beir/qrels/test-v2.1_x.tsv", QRELS);
    assertEquals(1, BeirDatasets.load(b, "test-v2.1_x").queries().size());
  }

  // ------------------------------------------------------------------ 5: empty text

  @Test
  void emptyQueryTextIsKeptCountedAndWarned() throws IOException {
    Path b = beir(CORPUS + "{\"_id\": \"d3\", \"title\": \"\", \"text\": \" \"}\n",
        QUERIES + "{\"_id\": \"q2\", \"text\": \"\"}\n{\"_id\": \"q3\", \"text\": \"  \"}\n",
        QRELS + "q2\td1\t1\nq3\td2\t1\n");
    RetrievalDataset ds = BeirDatasets.load(b, "test");
    assertEquals(3, ds.queries().size());
    assertEquals(2, ds.emptyQueries());
    assertEquals(1, ds.emptyDocuments());
    assertEquals(2, ds.warnings().size(), ds.warnings().toString());
    assertTrue(ds.warnings().get(0).contains("queries.jsonl: 2 queries with empty text (ids q2, q3)"), ds.warnings().toString());
    assertTrue(ds.warnings().get(1).contains("corpus.jsonl: 1 document with empty text (id d3)"), ds.warnings().toString());

    Path squad = write("s.json", "{\"data\":[{\"title\":\"A\",\"paragraphs\":[{\"context\":\"c\",\"qas\":["
        + "{\"id\":\"1\",\"question\":\"\"},{\"id\":\"2\",\"question\":\"b\"}]}]}]}");
    RetrievalDataset sq = SquadDatasets.load(squad);
    assertEquals(1, sq.emptyQueries());
    assertTrue(sq.warnings().get(0).contains("1 question with empty text (id 1)"), sq.warnings().toString());
  }

  // ------------------------------------------------------------------ 6: ids

  @Test
  void idsWithWhitespaceAreRejectedByEveryReaderWithFileAndLine() throws IOException {
    Path b = beir(CORPUS + "{\"_id\": \"doc 1\", \"text\": \"x\"}\n", QUERIES, QRELS);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> BeirDatasets.load(b, "test"));
    assertTrue(e.getMessage().contains("corpus.jsonl:3: expected an \"_id\" without whitespace or control characters"
        + " (TREC files are whitespace-separated), found 'doc 1': a space (U+0020) at index 3"), e.getMessage());

    Path q = beir(CORPUS, QUERIES + "{\"_id\": \"q\\t2\", \"text\": \"x\"}\n", QRELS);
    e = assertThrows(MalformedDataException.class, () -> BeirDatasets.load(q, "test"));
    assertTrue(e.getMessage().contains("queries.jsonl:2:") && e.getMessage().contains("'q\\t2': a tab (U+0009) at index 1"),
        e.getMessage());

    Path nbsp = beir(CORPUS + "{\"_id\": \"d\\u00A09\", \"text\": \"x\"}\n", QUERIES, QRELS);
    e = assertThrows(MalformedDataException.class, () -> BeirDatasets.load(nbsp, "test"));
    assertTrue(e.getMessage().contains("(U+00A0)"), e.getMessage());

    Path qr = beir(CORPUS, QUERIES, QRELS + "q 1\td2\t1\n");
    e = assertThrows(MalformedDataException.class, () -> BeirDatasets.load(qr, "test"));
    assertTrue(e.getMessage().contains("test.tsv:3: expected a query id without whitespace"), e.getMessage());

    Path run = write("ctl.run", "q1 Q0 d\u000B1 1 0.5 t\n");
    e = assertThrows(MalformedDataException.class, () -> Run.readTrec(run));
    assertTrue(e.getMessage().contains("ctl.run:1:") && e.getMessage().contains("(U+000B)"), e.getMessage());
    Path trecQrels = write("ctl.qrels", "q1 0 d1 1\nq\u00012 0 d1 1\n");
    e = assertThrows(MalformedDataException.class, () -> Qrels.readTrec(trecQrels));
    assertTrue(e.getMessage().contains("ctl.qrels:2:") && e.getMessage().contains("a control character (U+0001)"),
        e.getMessage());

    Path squad = write("sq.json", "{\"data\":[{\"title\":\"A\",\"paragraphs\":[{\"context\":\"c\",\"qas\":["
        + "{\"id\":\"5 6\",\"question\":\"a\"}]}]}]}");
    e = assertThrows(MalformedDataException.class, () -> SquadDatasets.load(squad));
    assertTrue(e.getMessage().contains("expected data[0].paragraphs[0].qas[0].id without whitespace"), e.getMessage());
  }

  @Test
  void writersRefuseIdsThatWouldSplitIntoColumns() {
    Run spaced = Run.of(Map.of("q1", List.of(new ScoredDoc("doc 1", 1.0))));
    Path out = dir.resolve("never.run");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> spaced.writeTrec(out, "t"));
    assertTrue(e.getMessage().startsWith("docid must be non-empty without whitespace"), e.getMessage());
    assertTrue(e.getMessage().contains("'doc 1'"), e.getMessage());
    assertFalse(Files.exists(out), "nothing written");
    Run tabQuery = Run.of(Map.of("q\t1", List.of(new ScoredDoc("d", 1.0))));
    assertThrows(IllegalArgumentException.class, () -> tabQuery.writeTrec(out, "t"));
    assertThrows(IllegalArgumentException.class,
        () -> Run.of(Map.of("q", List.of(new ScoredDoc("d", 1.0)))).writeTrec(out, "my tag"));
    Qrels qrels = Qrels.builder().add("q1", "d 1", 1).build();
    assertThrows(IllegalArgumentException.class, () -> qrels.writeTrec(dir.resolve("never.qrels")));
    assertFalse(Files.exists(dir.resolve("never.qrels")));
  }

  @Test
  void hostileButLegalIdsRoundTripThroughBeirRunAndQrels() throws IOException {
    String longId = "d" + "x".repeat(10_000);
    String korean = "문서-１";
    String emoji = "doc-\uD83D\uDE00";
    String punct = "a\"b'c,d;e#f|g";
    Path b = beir("{\"_id\": \"" + korean + "\", \"text\": \"one\"}\n"
            + "{\"_id\": \"" + longId + "\", \"text\": \"two\"}\n"
            + "{\"_id\": \"" + emoji + "\", \"text\": \"three\"}\n"
            + "{\"_id\": \"a\\\"b'c,d;e#f|g\", \"text\": \"four\"}\n",
        "{\"_id\": \"질문1\", \"text\": \"first\"}\n",
        "query-id\tcorpus-id\tscore\n질문1\t" + korean + "\t1\n질문1\t" + longId + "\t1\n질문1\t" + emoji + "\t0\n"
            + "질문1\t" + punct + "\t2\n");
    RetrievalDataset ds = BeirDatasets.load(b, "test");
    assertEquals(List.of(korean, longId, emoji, punct), ds.corpus().stream().map(Document::id).toList());
    assertTrue(ds.warnings().isEmpty(), ds.warnings().toString());

    Run run = Run.of(Map.of("질문1", List.of(new ScoredDoc(korean, 0.9), new ScoredDoc(longId, 0.5),
        new ScoredDoc(emoji, 0.5), new ScoredDoc(punct, -1.25))));
    Path runFile = dir.resolve("hostile.run");
    run.writeTrec(runFile, "t");
    assertEquals(run, Run.readTrec(runFile));
    Path qrelsFile = dir.resolve("hostile.qrels");
    ds.qrels().writeTrec(qrelsFile);
    assertEquals(ds.qrels(), Qrels.readTrec(qrelsFile));
    for (String line : Files.readAllLines(runFile)) {
      assertEquals(6, line.split("[ \\t]+").length, "trec_eval's columns: " + line.substring(0, Math.min(60, line.length())));
    }
  }
}

package dev.embedlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loaders on tiny fixtures written here: gzip, BOM, malformed lines, duplicates, missing ids. */
class LoadersTest {
  @TempDir Path dir;

  static final String BOM = "\uFEFF";

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private Path writeGz(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(p))) {
      o.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return p;
  }

  private void beir(String corpus, String queries, String qrels) throws IOException {
    writeGz("beir/corpus.jsonl.gz", corpus);
    write("beir/queries.jsonl", queries);
    write("beir/qrels/test.tsv", qrels);
  }

  static final String CORPUS = "{\"_id\": \"d1\", \"title\": \"T1\", \"text\": \"one\"}\n"
      + "{\"_id\": \"d2\", \"text\": \"two \\\"quoted\\\"\"}\n"
      + "\n"
      + "{\"_id\": 3, \"title\": null, \"text\": \"three\"}\n";
  static final String QUERIES = BOM + "{\"_id\": \"q1\", \"text\": \"first\"}\n"
      + "{\"_id\": \"q2\", \"text\": \"unjudged\"}\n"
      + "{\"_id\": \"q3\", \"text\": \"third\"}\n";

  @Test
  void beirGzipBomAndSplitFiltering() throws IOException {
    beir(CORPUS, QUERIES, "query-id\tcorpus-id\tscore\nq1\td1\t1\nq3\t3\t2\nq3\td2\t0\n");
    RetrievalDataset ds = BeirDatasets.load(dir.resolve("beir"), "test");
    assertEquals(3, ds.corpus().size());
    assertEquals("", ds.corpus().get(1).title());
    assertEquals("two \"quoted\"", ds.corpus().get(1).text());
    assertEquals("3", ds.corpus().get(2).id(), "numeric _id read as text");
    assertEquals(List.of("q1", "q3"), ds.queries().stream().map(Query::id).toList(), "q2 has no judgment in test");
    assertEquals(3, ds.qrels().size());
    assertEquals(2, ds.qrels().relevance("q3", "3"));
    assertEquals(1, ds.qrels().numRelevant("q3"), "relevance 0 is judged, not relevant");
    assertTrue(ds.warnings().isEmpty(), ds.warnings().toString());
    assertEquals("beir/test", ds.id());
  }

  @Test
  void qrelsDocMissingFromCorpusIsReportedNotDropped() throws IOException {
    beir(CORPUS, QUERIES, "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\tghost\t1\n");
    RetrievalDataset ds = BeirDatasets.load(dir.resolve("beir"), "test");
    assertEquals(1, ds.warnings().size());
    assertTrue(ds.warnings().get(0).contains("corpus-id=ghost"), ds.warnings().get(0));
    assertEquals(2, ds.qrels().numRelevant("q1"), "kept: it counts in recall's denominator");
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> BeirDatasets.load(dir.resolve("beir"), "test", MissingDocPolicy.FAIL));
    assertTrue(e.getMessage().contains("missing corpus-id=ghost"), e.getMessage());
  }

  @Test
  void qrelsQueryMissingFromQueriesIsReported() throws IOException {
    beir(CORPUS, QUERIES, "query-id\tcorpus-id\tscore\nq1\td1\t1\nq9\td1\t1\n");
    RetrievalDataset ds = BeirDatasets.load(dir.resolve("beir"), "test");
    assertEquals(List.of("q1"), List.copyOf(ds.qrels().queryIds()));
    assertTrue(ds.warnings().get(0).contains("query-id=q9"), ds.warnings().toString());
  }

  @Test
  void malformedJsonLineNamesFileLineAndExpectation() throws IOException {
    beir("{\"_id\": \"d1\", \"text\": \"one\"}\n{\"_id\": \"d2\", \"text\": \n", QUERIES, "query-id\tcorpus-id\tscore\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> BeirDatasets.load(dir.resolve("beir"), "test"));
    assertTrue(e.getMessage().contains("corpus.jsonl.gz:2: expected one JSON object per line"), e.getMessage());
    assertEquals(2, e.line());
  }

  @Test
  void missingIdFieldIsAnError() throws IOException {
    beir("{\"id\": \"d1\", \"text\": \"one\"}\n", QUERIES, "query-id\tcorpus-id\tscore\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> BeirDatasets.load(dir.resolve("beir"), "test"));
    assertTrue(e.getMessage().contains(":1: expected a string field \"_id\", found none"), e.getMessage());
  }

  @Test
  void duplicateIdsAreErrors() throws IOException {
    beir(CORPUS + "{\"_id\": \"d2\", \"text\": \"again\"}\n", QUERIES, "query-id\tcorpus-id\tscore\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> BeirDatasets.load(dir.resolve("beir"), "test"));
    assertTrue(e.getMessage().contains(":5: duplicate _id=d2 (first on line 2)"), e.getMessage());
    beir(CORPUS, QUERIES, "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td1\t2\n");
    e = assertThrows(MalformedDataException.class, () -> BeirDatasets.load(dir.resolve("beir"), "test"));
    assertTrue(e.getMessage().contains("test.tsv:3: duplicate judgment for qid=q1 docid=d1"), e.getMessage());
  }

  @Test
  void qrelsTsvErrors() throws IOException {
    Path p = write("q.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td2\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Qrels.readBeirTsv(p));
    assertEquals("q.tsv:3: expected 3 tab-separated columns (query-id corpus-id score), found 2",
        e.getMessage().substring(e.getMessage().lastIndexOf('/') + 1));
    Path h = write("h.tsv", "qid\tdocid\trel\n");
    e = assertThrows(MalformedDataException.class, () -> Qrels.readBeirTsv(h));
    assertTrue(e.getMessage().contains(":1: expected header"), e.getMessage());
    Path s = write("s.tsv", "query-id\tcorpus-id\tscore\nq1\td1\thigh\n");
    e = assertThrows(MalformedDataException.class, () -> Qrels.readBeirTsv(s));
    assertTrue(e.getMessage().contains(":2: expected an integer relevance, found 'high'"), e.getMessage());
  }

  @Test
  void invalidUtf8NamesTheLine() throws IOException {
    Path p = dir.resolve("bad.tsv");
    Files.write(p, new byte[] {'q', ' ', '0', ' ', 'd', ' ', '1', '\n', 'q', (byte) 0xC3, (byte) 0x28, ' ', '0', ' ', 'd', ' ', '1', '\n'});
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Qrels.readTrec(p));
    assertTrue(e.getMessage().contains("bad.tsv:2: expected UTF-8"), e.getMessage());
  }

  @Test
  void trecQrelsAndRunRoundTrip() throws IOException {
    Path q = write("x.qrels", BOM + "q1 0 d1 1\nq1 0 d2 0\n\nq2 0 d3 2\n");
    Qrels qrels = Qrels.readTrec(q);
    assertEquals(3, qrels.size());
    qrels.writeTrec(dir.resolve("y.qrels"));
    assertEquals(qrels, Qrels.readTrec(dir.resolve("y.qrels")));

    // rank column deliberately wrong: order must come from scores, ties by docid descending
    Path r = write("x.run", "q1 Q0 a 1 0.5 t\nq1 Q0 b 2 0.9 t\nq1 Q0 c 3 0.5 t\nq2 Q0 z 1 1e-3 t\n");
    Run run = Run.readTrec(r);
    assertEquals(List.of("b", "c", "a"), run.ranked("q1").stream().map(ScoredDoc::docId).toList());
    run.writeTrec(dir.resolve("y.run"), "mine");
    assertEquals(run, Run.readTrec(dir.resolve("y.run")));
    assertTrue(Files.readAllLines(dir.resolve("y.run")).get(0).equals("q1 Q0 b 1 0.9 mine"));
    assertEquals(List.of(), run.ranked("nope"));
    assertEquals(1, run.truncate(1).ranked("q1").size());

    Path bad = write("bad.run", "q1 Q0 a 1 0.5 t\nq1 Q0 a 2 0.4 t\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Run.readTrec(bad));
    assertTrue(e.getMessage().contains("bad.run:2: duplicate docid=a for qid=q1"), e.getMessage());
    Path shortLine = write("short.run", "q1 Q0 a 1 0.5\n");
    e = assertThrows(MalformedDataException.class, () -> Run.readTrec(shortLine));
    assertTrue(e.getMessage().contains("short.run:1: expected 6 whitespace-separated fields"), e.getMessage());
    Path nan = write("nan.run", "q1 Q0 a 1 NaN t\n");
    e = assertThrows(MalformedDataException.class, () -> Run.readTrec(nan));
    assertTrue(e.getMessage().contains("expected a finite score"), e.getMessage());
  }

  @Test
  void tieOrderIsByCodePointLikeStrcmp() {
    // U+1F600 (surrogate pair D83D DE00) sorts above U+FFFD by code point / UTF-8 bytes,
    // but below it by String.compareTo (UTF-16 units).
    String emoji = "\uD83D\uDE00";
    String replacement = "\uFFFD";
    Run run = Run.of(Map.of("q", List.of(new ScoredDoc(replacement, 1), new ScoredDoc(emoji, 1))));
    assertEquals(emoji, run.ranked("q").get(0).docId());
    assertTrue(emoji.compareTo(replacement) < 0, "String.compareTo would have ordered them the other way");
  }

  @Test
  void squadBecomesRetrievalWithDistinctParagraphs() throws IOException {
    String json = BOM + "{\"version\":\"t\",\"data\":[{\"title\":\"A\",\"paragraphs\":["
        + "{\"context\":\"ctx one\",\"qas\":[{\"id\":\"1\",\"question\":\"q one?\",\"answers\":[]},"
        + "{\"id\":\"2\",\"question\":\"q two?\",\"answers\":[]}]},"
        + "{\"context\":\"ctx two\",\"qas\":[{\"id\":\"3\",\"question\":\"q three?\",\"answers\":[]}]}]},"
        + "{\"title\":\"B\",\"paragraphs\":[{\"context\":\"ctx one\",\"qas\":[{\"id\":\"4\",\"question\":\"again?\"}]}]}]}";
    RetrievalDataset ds = SquadDatasets.load(write("squad.json", json));
    assertEquals(4, ds.queries().size());
    assertEquals(2, ds.corpus().size(), "identical contexts are one document");
    assertEquals(Map.of("p0", 1), ds.qrels().judged("4"));
    assertEquals(Map.of("p1", 1), ds.qrels().judged("3"));
    assertEquals("A", ds.corpus().get(0).title());
    Path broken = write("broken.json", "{\"data\": [\n{\"title\": \"x\",\n\"paragraphs\": [}\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> SquadDatasets.load(broken));
    assertTrue(e.line() == 3 && e.getMessage().contains("expected SQuAD JSON"), e.getMessage());
    Path dup = write("dup.json", "{\"data\":[{\"title\":\"A\",\"paragraphs\":[{\"context\":\"c\",\"qas\":["
        + "{\"id\":\"1\",\"question\":\"a\"},{\"id\":\"1\",\"question\":\"b\"}]}]}]}");
    e = assertThrows(MalformedDataException.class, () -> SquadDatasets.load(dup));
    assertTrue(e.getMessage().contains("duplicate question id=1"), e.getMessage());
  }

  @Test
  void stsBenchmarkSplitsOnTabOnlyAndToleratesExtraColumns() throws IOException {
    Path p = write("sts-test.csv", "main-captions\tMSRvid\t2012test\t0001\t5.000\tA man says \"hi\".\tA man said \"hi\".\n"
        + "main-news\theadlines\t2013\t0002\t1.2\tOne \"open quote\tTwo\tsource-a\tsource-b\n");
    PairDataset ds = PairDatasets.stsBenchmark(p);
    assertEquals(2, ds.size());
    assertEquals("A man says \"hi\".", ds.pairs().get(0).a());
    assertEquals("One \"open quote", ds.pairs().get(1).a());
    assertEquals(1.2, ds.scores()[1]);
    assertNull(ds.pairs().get(0).label());
    assertEquals(1, ds.withLabelsFromScore(4.0).labels()[0]);
    assertEquals(0, ds.withLabelsFromScore(4.0).labels()[1]);
    assertThrows(IllegalStateException.class, ds::labels);
    Path bad = write("bad.csv", "g\tf\ty\ti\tfive\ta\tb\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> PairDatasets.stsBenchmark(bad));
    assertTrue(e.getMessage().contains("bad.csv:1: expected a finite number in column score, found 'five'"), e.getMessage());
  }

  @Test
  void korStsKlueAndDelimited() throws IOException {
    Path k = write("kor.tsv", BOM + "genre\tfilename\tyear\tid\tscore\tsentence1\tsentence2\n"
        + "main-captions\tMSRvid\t2012test\t0024\t2.500\t한 소녀가 머리를 스타일링하고 있다.\t한 소녀가 머리를 빗고 있다.\n");
    PairDataset kor = PairDatasets.korSts(k);
    assertEquals(1, kor.size());
    assertEquals(2.5, kor.scores()[0]);
    assertEquals("한 소녀가 머리를 빗고 있다.", kor.pairs().get(0).b());

    Path j = write("klue.json", "[{\"guid\":\"g\",\"sentence1\":\"가\",\"sentence2\":\"나\",\"labels\":{\"label\":4.9,\"binary-label\":1}},"
        + "{\"guid\":\"h\",\"sentence1\":\"다\",\"sentence2\":\"라\",\"labels\":{\"label\":0.2,\"binary-label\":0}}]");
    PairDataset klue = PairDatasets.klueSts(j);
    assertEquals(List.of(1, 0), List.of(klue.labels()[0], klue.labels()[1]));
    assertEquals(4.9, klue.scores()[0]);

    Path c = write("mine.csv", "left,right,sim,dup\nhello,hi,0.9,1\nfoo,bar,0.1,0\n");
    PairDataset mine = PairDatasets.delimited(c, ',', true, "left", "right", "sim", "dup");
    assertEquals(2, mine.size());
    assertEquals(1, mine.labels()[0]);
    PairDataset labelsOnly = PairDatasets.delimited(c, ',', true, "left", "right", null, "dup");
    assertTrue(labelsOnly.hasLabels() && !labelsOnly.hasScores());
    Path noHeader = write("nh.tsv", "x\ty\t1\n");
    assertEquals(1, PairDatasets.delimited(noHeader, '\t', false, "1", "2", null, "3").labels()[0]);
    MalformedDataException e = assertThrows(MalformedDataException.class,
        () -> PairDatasets.delimited(c, ',', true, "left", "right", "score", null));
    assertTrue(e.getMessage().contains(":1: expected a header column named 'score'"), e.getMessage());
    Path badLabel = write("bl.csv", "a,b,l\nx,y,2\n");
    e = assertThrows(MalformedDataException.class, () -> PairDatasets.delimited(badLabel, ',', true, "a", "b", null, "l"));
    assertTrue(e.getMessage().contains("bl.csv:2: expected label 0 or 1 in column l, found '2'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PairDatasets.delimited(c, ',', true, "left", "right", null, null));
  }

  @Test
  void recordsValidate() {
    assertThrows(IllegalArgumentException.class, () -> new Document("", "t", "x"));
    assertThrows(IllegalArgumentException.class, () -> new Pair("a", "b", Double.NaN, null));
    assertThrows(IllegalArgumentException.class, () -> new Pair("a", "b", 1.0, 2));
    assertThrows(IllegalArgumentException.class, () -> new ScoredDoc("d", Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new RetrievalDataset("x", null, null,
        List.of(new Document("d", "", "a"), new Document("d", "", "b")), List.of(), Qrels.of(Map.of())));
    assertThrows(IllegalArgumentException.class, () -> Qrels.builder().add("q", "d", 1).add("q", "d", 0));
  }
}

package dev.embedlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.testing.HostileCorpora;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpora every reader of the BEIR format must refuse ({@link HostileCorpora}, the list
 * the store's {@code HostileCorpusContractTest} runs against the other entry points), read by
 * {@link SparkCorpora#read} as a BEIR folder and as JSON lines, on the shared {@code local[2]}
 * session: each must fail naming the file and line, with the reader's own words.
 */
@ExtendWith(SharedSpark.class)
class SparkHostileCorpusTest {
  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> everyHostileCaseFailsNamingFileAndLine() {
    SparkSession spark = SharedSpark.session();
    return HostileCorpora.all().stream().flatMap(c -> Stream.of(SparkCorpora.Format.BEIR, SparkCorpora.Format.JSONL)
        .map(format -> DynamicTest.dynamicTest(c.name() + " @ SparkCorpora.read " + format, () -> {
          Path folder = Files.createTempDirectory(dir, "case");
          Path file = c.write(folder);
          String path = format == SparkCorpora.Format.BEIR ? folder.toString() : file.toString();
          Exception e = assertThrows(Exception.class, () -> SparkCorpora.read(spark, path, format).collectAsList(),
              c.name() + " must be refused");
          String m = HostileCorpora.messages(e);
          // Hadoop names a local file file:/x/y; the reader's message holds /x/y:line either way
          assertTrue(m.contains(c.location(file)), "must name " + c.location(file) + ": " + m);
          assertTrue(m.contains(c.expect()), "must say '" + c.expect() + "': " + m);
        })));
  }

  @TestFactory
  Stream<DynamicTest> aWellFormedCorpusReadsAsEverywhereElse() {
    SparkSession spark = SharedSpark.session();
    return Stream.of(SparkCorpora.Format.BEIR, SparkCorpora.Format.JSONL).map(format ->
        DynamicTest.dynamicTest(format.toString(), () -> {
          Path folder = Files.createTempDirectory(dir, "ok");
          Path file = Files.writeString(folder.resolve("corpus.jsonl"), "\uFEFF{\"_id\":\"a\",\"title\":\"T\",\"text\":\"x\"}\r\n"
              + "\n{\"_id\":7,\"text\":\"\\ud83d\\ude00 paired\"}\n{\"_id\":\"\u00e9\",\"text\":\"\"}");
          String path = format == SparkCorpora.Format.BEIR ? folder.toString() : file.toString();
          Map<String, String> got = new TreeMap<>();
          for (Row r : SparkCorpora.read(spark, path, format).collectAsList()) {
            got.put(r.getString(0), r.getString(1));
          }
          assertEquals(Map.of("a", "T x", "7", "\ud83d\ude00 paired", "\u00e9", ""), got);
        }));
  }

  @Test
  void anIdRepeatedAcrossPartFilesIsFound() throws Exception {
    SparkSession spark = SharedSpark.session();
    Path folder = Files.createTempDirectory(dir, "parts");
    Files.writeString(folder.resolve("part-0.jsonl"), "{\"id\":\"a\",\"text\":\"x\"}\n");
    Path second = Files.writeString(folder.resolve("part-1.jsonl"), "{\"id\":\"b\",\"text\":\"y\"}\n{\"id\":\"a\",\"text\":\"z\"}\n");
    Exception e = assertThrows(Exception.class,
        () -> SparkCorpora.read(spark, folder.toString(), SparkCorpora.Format.JSONL).collectAsList());
    String m = HostileCorpora.messages(e);
    assertTrue(m.contains(second + ":2") && m.contains("duplicate _id=a (first in ") && m.contains("part-0.jsonl on line 1"), m);
  }
}

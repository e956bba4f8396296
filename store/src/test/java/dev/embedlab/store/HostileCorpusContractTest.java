package dev.embedlab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.data.BeirCorpusReader;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.testing.HostileCorpora;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hostile corpus of {@link HostileCorpora} against every entry point that reads a BEIR corpus
 * outside Spark (Spark's: {@code SparkHostileCorpusTest}): the evaluation loader (eager corpus and
 * whole folder), the streaming reader, the store's {@link CorpusSource} (iterated and counted) and
 * {@link CorpusEmbedding}. Each must fail with a message naming the file and line and saying what
 * was expected; the embedding run must leave no output file.
 */
class HostileCorpusContractTest {
  @TempDir Path dir;

  /** An entry point: reads the corpus file {@code corpus} of a BEIR folder and returns the ids read. */
  @FunctionalInterface
  interface EntryPoint {
    List<String> read(Path corpus) throws Exception;
  }

  private static final List<String> NAMES = List.of("BeirDatasets.readCorpus", "BeirDatasets.load",
      "BeirCorpusReader", "CorpusSource.beirJsonl.open", "CorpusSource.beirJsonl.size", "CorpusEmbedding.run");

  private static EntryPoint entry(String name) {
    return switch (name) {
      case "BeirDatasets.readCorpus" -> f -> BeirDatasets.readCorpus(f).stream().map(Document::id).toList();
      case "BeirDatasets.load" -> f -> {
        Path folder = f.getParent();
        Files.writeString(folder.resolve("queries.jsonl"), "{\"_id\":\"q1\",\"text\":\"a query\"}\n");
        Files.createDirectories(folder.resolve("qrels"));
        Files.writeString(folder.resolve("qrels/test.tsv"), "query-id\tcorpus-id\tscore\nq1\ta\t1\n");
        return BeirDatasets.load(folder, "test").corpus().stream().map(Document::id).toList();
      };
      case "BeirCorpusReader" -> f -> {
        List<String> ids = new ArrayList<>();
        try (BeirCorpusReader r = BeirCorpusReader.open(f)) {
          for (Document d = r.next(); d != null; d = r.next()) {
            ids.add(d.id());
          }
        }
        return ids;
      };
      case "CorpusSource.beirJsonl.open" -> f -> {
        List<String> ids = new ArrayList<>();
        try (CorpusSource.Cursor c = CorpusSource.beirJsonl(f).open()) {
          c.forEachRemaining(t -> ids.add(t.id()));
        }
        return ids;
      };
      case "CorpusSource.beirJsonl.size" -> f -> {
        long n = CorpusSource.beirJsonl(f).size().getAsLong();
        return java.util.Collections.nCopies((int) n, "?");
      };
      case "CorpusEmbedding.run" -> f -> {
        Path out = f.resolveSibling("vectors.elv");
        try {
          CorpusEmbedding.Result r = CorpusEmbedding.builder().embedder(new HashEmbedder(8)).source(CorpusSource.beirJsonl(f))
              .output(out).batchSize(2).build().run();
          try (MappedVectors mv = MappedVectors.open(r.file())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < mv.count(); i++) {
              ids.add(mv.id(i));
            }
            return ids;
          }
        } catch (Exception e) {
          assertFalse(Files.exists(out), "a failed run leaves no vector file: " + out);
          throw e;
        }
      };
      default -> throw new IllegalArgumentException(name);
    };
  }

  @TestFactory
  Stream<DynamicTest> everyHostileCaseFailsAtEveryEntryPointNamingFileAndLine() {
    return HostileCorpora.all().stream().flatMap(c -> NAMES.stream().map(name ->
        DynamicTest.dynamicTest(c.name() + " @ " + name, () -> {
          Path folder = Files.createTempDirectory(dir, "case");
          Path file = c.write(folder);
          Exception e = assertThrows(Exception.class, () -> entry(name).read(file),
              c.name() + " must be refused by " + name);
          String m = HostileCorpora.messages(e);
          assertTrue(m.contains(c.location(file)), name + " must name " + c.location(file) + ": " + m);
          assertTrue(m.contains(c.expect()), name + " must say '" + c.expect() + "': " + m);
        })));
  }

  @TestFactory
  Stream<DynamicTest> aWellFormedCorpusReadsAlikeAtEveryEntryPoint() {
    return NAMES.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
      Path folder = Files.createTempDirectory(dir, "ok");
      Path file = Files.writeString(folder.resolve("corpus.jsonl"), "\uFEFF{\"_id\":\"a\",\"title\":\"T\",\"text\":\"x\"}\r\n"
          + "\n{\"_id\":7,\"text\":\"\\ud83d\\ude00 paired\"}\n{\"_id\":\"\u00e9\",\"text\":\"\"}");
      List<String> ids = entry(name).read(file);
      assertEquals(name.endsWith("size") ? List.of("?", "?", "?") : List.of("a", "7", "\u00e9"), ids);
    }));
  }
}

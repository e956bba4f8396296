package dev.embedlab.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in forked JVMs: a run killed with SIGKILL ({@link Process#destroyForcibly()}) resumes from its
 * last complete batch to a file byte-identical to an uninterrupted run; and the heap a run needs
 * does not grow with the corpus (10k and 200k texts under {@code -Xmx256m}).
 */
class ForkedRunTest {
  @TempDir Path dir;

  private static long checkpointRows(Path ckpt) {
    Properties p = new Properties();
    try (var r = Files.newBufferedReader(ckpt)) {
      p.load(r);
      return Long.parseLong(p.getProperty("rows", "0"));
    } catch (IOException | RuntimeException e) {
      return -1; // not there yet, or being replaced
    }
  }

  @Test
  void aRunKilledMidWayResumesToAByteIdenticalFile() throws Exception {
    Path corpus = Corpora.beir(dir.resolve("corpus.jsonl"), 3000, 99);
    Path reference = dir.resolve("reference.elv");
    Path killed = dir.resolve("killed.elv");
    Process ref = Fork.start(List.of("-Xmx128m"), EmbedMain.class, dir.resolve("ref.log"),
        corpus.toString(), reference.toString(), "50", "FLOAT16", "0", "false");
    assertTrue(ref.waitFor(60, TimeUnit.SECONDS), "reference run finished");
    assertEquals(0, ref.exitValue(), Files.readString(dir.resolve("ref.log")));

    // 60 batches of 50, 20 ms each: ~1.2 s of embedding; kill twice at different depths
    long[] killAt = {700, 1900};
    long[] killedAfter = new long[killAt.length];
    for (int k = 0; k < killAt.length; k++) {
      Process p = Fork.start(List.of("-Xmx128m"), EmbedMain.class, dir.resolve("kill" + k + ".log"),
          corpus.toString(), killed.toString(), "50", "FLOAT16", "20", "false");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (checkpointRows(dir.resolve("killed.elv.ckpt")) < killAt[k] && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertTrue(p.isAlive(), "the run is still going when killed: " + Files.readString(dir.resolve("kill" + k + ".log")));
      p.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
      p.waitFor(10, TimeUnit.SECONDS);
      killedAfter[k] = checkpointRows(dir.resolve("killed.elv.ckpt"));
      assertFalse(Files.exists(killed), "no finished file after a kill");
      assertTrue(Files.exists(dir.resolve("killed.elv.part")));
    }
    System.out.println("killed after checkpoints of " + killedAfter[0] + " and " + killedAfter[1] + " rows of 3000");
    Process resume = Fork.start(List.of("-Xmx128m"), EmbedMain.class, dir.resolve("resume.log"),
        corpus.toString(), killed.toString(), "50", "FLOAT16", "0", "false");
    assertTrue(resume.waitFor(60, TimeUnit.SECONDS));
    String log = Files.readString(dir.resolve("resume.log"));
    assertEquals(0, resume.exitValue(), log);
    Matcher m = Pattern.compile("rows=(\\d+) resumed=(\\d+)").matcher(log);
    assertTrue(m.find(), log);
    assertEquals(3000, Long.parseLong(m.group(1)));
    long resumedFrom = Long.parseLong(m.group(2));
    assertTrue(resumedFrom >= killedAfter[1] && resumedFrom % 50 == 0 && resumedFrom < 3000,
        "resumed from the last complete batch: " + resumedFrom);
    assertArrayEquals(Files.readAllBytes(reference), Files.readAllBytes(killed),
        "the resumed file is byte-identical to the uninterrupted one");
    System.out.println("resumed from row " + resumedFrom + "; " + Files.size(killed) + " bytes, byte-identical");
    assertFalse(Files.exists(dir.resolve("killed.elv.ckpt")));
  }

  private String run(int texts) throws Exception {
    Path corpus = Corpora.beir(dir.resolve("c" + texts + ".jsonl"), texts, texts);
    Path out = dir.resolve("v" + texts + ".elv");
    Path log = dir.resolve("heap" + texts + ".log");
    Process p = Fork.start(List.of("-Xmx256m", "-XX:+UseSerialGC"), EmbedMain.class, log,
        corpus.toString(), out.toString(), "1000", "FLOAT32", "0", "true");
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), texts + " texts within 180 s");
    String text = Files.readString(log);
    assertEquals(0, p.exitValue(), text);
    assertTrue(text.contains("rows=" + texts), text);
    try (MappedVectors mv = MappedVectors.open(out)) {
      assertEquals(texts, mv.count());
    }
    Files.delete(corpus);
    Files.delete(out);
    return text.lines().filter(l -> l.startsWith("rows=")).findFirst().orElseThrow();
  }

  @Test
  void theHeapNeededDoesNotGrowWithTheCorpus() throws Exception {
    String small = run(10_000);
    String large = run(200_000);
    System.out.println("10k:  " + small);
    System.out.println("200k: " + large);
    long peakSmall = peak(small);
    long peakLarge = peak(large);
    // the corpus grows 20x (15 MB -> 307 MB of float32 rows); the heap must not follow
    assertTrue(peakLarge < 256, "200k texts under -Xmx256m: peak " + peakLarge + " MB");
    assertTrue(peakLarge < 2 * peakSmall + 16, "heap ceiling independent of corpus size: 10k peak " + peakSmall
        + " MB, 200k peak " + peakLarge + " MB");
  }

  private static long peak(String line) {
    Matcher m = Pattern.compile("peakHeapMB=(\\d+)").matcher(line);
    assertTrue(m.find(), line);
    return Long.parseLong(m.group(1));
  }
}

package dev.embedlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: a process killed while building an {@link OnnxEmbedder} from a weights jar left its
 * 27-87 MB temporary model folder behind for good. Folders now carry an owner marker and the next
 * start deletes those whose owner is dead, never a running process's.
 */
class ClasspathModelTest {

  private static Process fork(Path tmpRoot) throws IOException {
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-Djava.io.tmpdir=" + tmpRoot, "-cp", System.getProperty("java.class.path"),
        ExtractingOwnerMain.class.getName(), KnownModel.ALL_MINILM_L6_V2_Q.name());
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** The folder the forked process printed once its extraction finished. */
  private static Path folderOf(Process p) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    assertNotNull(line, "the forked JVM printed no folder (exit " + (p.isAlive() ? "alive" : p.exitValue()) + ")");
    return Path.of(line.trim());
  }

  @Test
  void aFolderOfAProcessKilledMidBuildIsDeletedAtTheNextStartALiveOnesIsKept(@TempDir Path tmpRoot)
      throws Exception {
    Process killed = fork(tmpRoot);
    Process alive = fork(tmpRoot);
    try {
      Path stale = folderOf(killed);
      Path live = folderOf(alive);
      assertTrue(stale.startsWith(tmpRoot) && stale.getFileName().toString().startsWith("embedlab-all-minilm-l6-v2-q-"),
          stale.toString());
      killed.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
      assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
      assertTrue(Files.isRegularFile(stale.resolve(KnownModel.ALL_MINILM_L6_V2_Q.modelResource())),
          "the killed build left its model copy");
      assertTrue(Files.size(stale.resolve(KnownModel.ALL_MINILM_L6_V2_Q.modelResource())) > 20_000_000);

      List<Path> deleted = ClasspathModel.cleanStale(tmpRoot);

      assertEquals(List.of(stale), deleted);
      assertFalse(Files.exists(stale), "the dead owner's folder is gone");
      assertTrue(Files.isRegularFile(live.resolve(ClasspathModel.OWNER_FILE)), "a running build's folder is kept");
    } finally {
      alive.destroyForcibly();
      killed.destroyForcibly();
      alive.waitFor(30, TimeUnit.SECONDS);
    }
    assertEquals(1, ClasspathModel.cleanStale(tmpRoot).size(), "once its owner is dead, the other goes too");
    try (var s = Files.list(tmpRoot)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void aReusedProcessIdWithAnotherStartTimeIsAStaleOwner(@TempDir Path tmpRoot) throws IOException {
    long self = ProcessHandle.current().pid();
    long started = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    Path mine = Files.createDirectories(tmpRoot.resolve("embedlab-x-1"));
    Files.writeString(mine.resolve(ClasspathModel.OWNER_FILE), "pid=" + self + "\nstart=" + started + "\n");
    Path reused = Files.createDirectories(tmpRoot.resolve("embedlab-x-2"));
    Files.writeString(reused.resolve(ClasspathModel.OWNER_FILE), "pid=" + self + "\nstart=1000\n");
    Path garbled = Files.createDirectories(tmpRoot.resolve("embedlab-x-3"));
    Files.writeString(garbled.resolve(ClasspathModel.OWNER_FILE), "pid=abc\n");

    assertEquals(List.of(reused), ClasspathModel.cleanStale(tmpRoot));
    assertTrue(Files.exists(mine), "this process's own folder is kept");
    assertTrue(Files.exists(garbled), "a marker that cannot be read is left alone");
  }

  @Test
  void unmarkedFoldersGoOnlyWhenOldAndNamedLikeACatalogModel(@TempDir Path tmpRoot) throws IOException {
    Path recent = Files.createDirectories(tmpRoot.resolve("embedlab-all-minilm-l6-v2-123"));
    Path old = Files.createDirectories(tmpRoot.resolve("embedlab-bge-small-en-v1.5-456"));
    Path someoneElses = Files.createDirectories(tmpRoot.resolve("embedlab-mydata-789"));
    FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
    Files.setLastModifiedTime(old, twoDaysAgo);
    Files.setLastModifiedTime(someoneElses, twoDaysAgo);

    assertEquals(List.of(old), ClasspathModel.cleanStale(tmpRoot));
    assertTrue(Files.exists(recent), "an unmarked folder may belong to an older embedlab still loading");
    assertTrue(Files.exists(someoneElses), "not a folder embedlab names");
  }

  @Test
  void aBuildFromTheJarLeavesNoFolder() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    List<Path> before = embedlabFolders(tmp);
    try (OnnxEmbedder e = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2_Q).intraOpThreads(1).build()) {
      assertEquals(384, e.dimension());
    }
    // Another JVM (a second build, an application) may add or remove its own folders meanwhile:
    // what matters is that this process left no folder of its own (its owner marker names this pid).
    String mine = "pid=" + ProcessHandle.current().pid() + "\n";
    List<Path> left = new java.util.ArrayList<>();
    for (Path p : embedlabFolders(tmp)) {
      Path owner = p.resolve(ClasspathModel.OWNER_FILE);
      if (!before.contains(p) && (!Files.exists(owner) || Files.readString(owner).startsWith(mine))) {
        left.add(p);
      }
    }
    assertEquals(List.of(), left, "folders this process left in " + tmp);
  }

  private static List<Path> embedlabFolders(Path tmp) throws IOException {
    try (var s = Files.list(tmp)) {
      return s.filter(p -> p.getFileName().toString().startsWith("embedlab-all-minilm-l6-v2-q-")).sorted().toList();
    }
  }
}

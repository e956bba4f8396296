package dev.embedlab.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a {@link KnownModel} found on the classpath. A weights jar's entries cannot be
 * opened by ONNX Runtime or the tokenizer in place, so they are copied to a temporary folder
 * {@code <java.io.tmpdir>/embedlab-<id>-<random>} that is deleted as soon as the model is loaded.
 *
 * <p><b>Stale folders.</b> A process killed while loading (SIGKILL, OOM killer, power loss) never
 * reaches that delete and would leave 27 to 87 MB behind for good. So each folder carries an owner
 * marker, {@value #OWNER_FILE}, written before any model byte (the process id and its start time),
 * and the first classpath load of each JVM deletes every {@code embedlab-*} folder in the
 * temporary directory whose marker names a process that is no longer running (or a process id now
 * used by a process started at another time). Folders of running processes are left alone; folders
 * without a marker (written by an older embedlab) are deleted only when their name is a catalog
 * model's and they were last modified more than {@link #UNMARKED_AGE} ago. Package-private.
 */
final class ClasspathModel {
  static final String OWNER_FILE = ".embedlab-owner";
  static final String PREFIX = "embedlab-";
  static final Duration UNMARKED_AGE = Duration.ofDays(1);

  private static final Logger LOG = LoggerFactory.getLogger(OnnxEmbedder.class);
  private static final AtomicBoolean CLEANED = new AtomicBoolean();

  /**
   * The model's files with their SHA-256s; {@code tmp} is the folder to delete once they are
   * loaded, or null when both resources were plain files.
   */
  record Located(Path model, Path tokenizer, String modelSha, String tokenizerSha, Path tmp) {}

  private ClasspathModel() {}

  /** Finds (extracting when inside a jar) the model and tokenizer of {@code known}. */
  static Located locate(KnownModel known) {
    if (CLEANED.compareAndSet(false, true)) {
      cleanStale(Path.of(System.getProperty("java.io.tmpdir")));
    }
    Path tmp = null;
    try {
      Path[] files = new Path[2];
      String[] shas = new String[2];
      String[] names = {known.modelResource(), known.tokenizerResource()};
      for (int i = 0; i < 2; i++) {
        URL url = resource(names[i]);
        if (url == null) {
          throw new UncheckedIOException(new NoSuchFileException(names[i], null,
              "classpath resource not found; add the dependency dev.embedlab:" + known.artifactId()
                  + " (embedlab-models plus the weights jar " + known.mavenCoordinates()
                  + "), or put that weights jar on the classpath with all its dependencies excluded"));
        }
        if ("file".equals(url.getProtocol())) {
          files[i] = Path.of(url.toURI());
          shas[i] = ModelFiles.fileSha256(files[i]);
        } else {
          if (tmp == null) {
            tmp = ownedTempDirectory(known.id());
          }
          files[i] = tmp.resolve(names[i]);
          MessageDigest md = ModelFiles.sha256();
          try (InputStream in = new DigestInputStream(url.openStream(), md)) {
            Files.copy(in, files[i]);
          }
          shas[i] = HexFormat.of().formatHex(md.digest());
        }
      }
      return new Located(files[0], files[1], shas[0], shas[1], tmp);
    } catch (IOException e) {
      deleteTree(tmp);
      throw new UncheckedIOException("cannot extract " + known + " from the classpath", e);
    } catch (URISyntaxException e) {
      deleteTree(tmp);
      throw new IllegalStateException("bad classpath URL for " + known, e);
    } catch (RuntimeException e) {
      deleteTree(tmp);
      throw e;
    }
  }

  /** A fresh {@code embedlab-<id>-*} folder in the temporary directory, marked as this process's. */
  static Path ownedTempDirectory(String id) throws IOException {
    Path dir = Files.createTempDirectory(PREFIX + id + "-");
    ProcessHandle self = ProcessHandle.current();
    String marker = "pid=" + self.pid() + "\nstart="
        + self.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("") + "\n";
    Files.writeString(dir.resolve(OWNER_FILE), marker, StandardCharsets.US_ASCII);
    return dir;
  }

  /**
   * Deletes the {@code embedlab-*} folders in {@code tmpRoot} whose owner is dead (see the class
   * doc); returns those deleted. Never throws: a folder that cannot be read or deleted is logged
   * at DEBUG and left.
   */
  static List<Path> cleanStale(Path tmpRoot) {
    List<Path> deleted = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmpRoot, PREFIX + "*")) {
      for (Path dir : ds) {
        if (Files.isDirectory(dir) && stale(dir)) {
          deleteTree(dir);
          if (!Files.exists(dir)) {
            deleted.add(dir);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot scan {} for stale embedlab folders: {}", tmpRoot, e.toString());
    }
    if (!deleted.isEmpty()) {
      LOG.info("deleted {} temporary model folder(s) left by killed processes: {}", deleted.size(), deleted);
    }
    return deleted;
  }

  private static boolean stale(Path dir) {
    Path marker = dir.resolve(OWNER_FILE);
    try {
      if (!Files.isRegularFile(marker)) {
        return unmarkedCatalogFolder(dir)
            && Files.getLastModifiedTime(dir).toInstant().isBefore(Instant.now().minus(UNMARKED_AGE));
      }
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(marker)) {
        p.load(in);
      }
      long pid = Long.parseLong(p.getProperty("pid", "").trim());
      String start = p.getProperty("start", "").trim();
      return !alive(pid, start.isEmpty() ? null : Long.parseLong(start));
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot read owner of {}; leaving it: {}", dir, e.toString());
      return false;
    }
  }

  /** Whether process {@code pid} runs and, when both start times are known, is the one that started then. */
  static boolean alive(long pid, Long startMillis) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return false;
    }
    Optional<Instant> started = h.get().info().startInstant();
    // Start instants are reported to the millisecond on some systems, to 10 ms ticks on others.
    return startMillis == null || started.isEmpty()
        || Math.abs(started.get().toEpochMilli() - startMillis) < 1000;
  }

  private static boolean unmarkedCatalogFolder(Path dir) {
    String name = dir.getFileName().toString();
    for (KnownModel m : KnownModel.values()) {
      String p = PREFIX + m.id() + "-";
      if (name.startsWith(p) && name.substring(p.length()).chars().allMatch(Character::isDigit)) {
        return true;
      }
    }
    return false;
  }

  private static URL resource(String name) {
    URL u = OnnxEmbedder.class.getClassLoader().getResource(name);
    if (u == null && Thread.currentThread().getContextClassLoader() != null) {
      u = Thread.currentThread().getContextClassLoader().getResource(name);
    }
    return u;
  }

  /** Deletes a folder and its content; what cannot be deleted now is deleted at JVM exit. */
  static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(s.toList());
      Collections.reverse(all);
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      dir.toFile().deleteOnExit();
    }
  }
}

package dev.embedlab.models;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link CachingEmbedder} writes a file that other processes may be reading: through a locked
 * temporary sibling ({@code .tmp-*}) renamed into place, and how it removes the temporaries of
 * writers that were killed (unlocked and older than the instance looking).
 */
final class CacheFiles {
  private static final Logger LOG = LoggerFactory.getLogger(CachingEmbedder.class);
  /** A temporary file younger than this before an instance's creation is left alone (mtime granularity). */
  private static final long TEMP_GRACE_MILLIS = 2_000;

  private CacheFiles() {}

  /**
   * Deletes {@code .tmp-*} files in {@code dir} left by writers that were killed: a file is stale
   * when no writer holds its lock and it was last modified before this instance was created.
   */
  static void removeStaleTemporaries(Path dir, long openedAt) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> temps;
    try (Stream<Path> s = Files.list(dir)) {
      temps = s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
    } catch (IOException e) {
      LOG.warn("cannot list cache folder {} to remove stale temporary files: {}", dir, e.toString());
      return;
    }
    for (Path p : temps) {
      try {
        if (!Files.isRegularFile(p)
            || Files.getLastModifiedTime(p).toMillis() >= openedAt - TEMP_GRACE_MILLIS) {
          continue;
        }
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
          FileLock lock;
          try {
            lock = ch.tryLock();
          } catch (OverlappingFileLockException e) {
            continue; // a writer in this JVM holds it
          }
          if (lock == null) {
            continue; // a writer in another process holds it
          }
          Files.deleteIfExists(p);
          LOG.info("removed temporary cache file {} left by a writer that did not finish", p);
        }
      } catch (NoSuchFileException e) {
        // renamed or removed meanwhile
      } catch (IOException e) {
        LOG.warn("cannot remove stale temporary cache file {}: {}", p, e.toString());
      }
    }
  }

  interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} through a temporary file in the same folder, locked while written (so
   * {@link #removeStaleTemporaries} leaves it alone) and renamed into place while still locked.
   */
  static void writeAtomically(Path target, Writer w) throws IOException {
    Path tmp = target.resolveSibling(".tmp-" + target.getFileName() + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          FileLock lock = ch.lock()) {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16) {
          @Override
          public void close() throws IOException {
            flush(); // the channel is closed by the try block, after the rename
          }
        };
        w.write(out);
        out.flush();
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}

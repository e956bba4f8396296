package dev.embedlab.models.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One repo's folder in the {@code huggingface_hub} cache, laid out exactly as Python lays it out,
 * so either side reuses what the other downloaded:
 *
 * <pre>
 * {cache}/models--ORG--NAME/
 *   blobs/{etag}                      file contents, named by ETag (SHA-256 for LFS, git sha1 otherwise)
 *   blobs/{etag}.incomplete           a download in progress (never looks complete)
 *   snapshots/{commit}/{path}         relative symlink to ../../blobs/{etag} (a copy where links fail)
 *   refs/{revision}                   the commit sha a branch or tag pointed to, no newline
 *   .no_exist/{commit}/{path}         empty marker: the file does not exist at that commit
 * {cache}/.locks/models--ORG--NAME/{etag}.lock   held while a blob is written
 * </pre>
 *
 * <p>Locking: an exclusive {@link FileChannel#lock()} on the {@code .lock} file keeps two processes
 * from writing one blob; threads of one JVM also take an in-process lock first, because the JVM
 * refuses a second {@code FileChannel} lock on a file it already locks. That map of in-process
 * locks is the one piece of static state here and holds only lock objects keyed by path.
 */
final class HubCache {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path root;
  private final Path repoDir;
  private final String folder;

  HubCache(Path root, HubRepoRef ref) {
    this.root = root;
    this.folder = ref.cacheFolderName();
    this.repoDir = root.resolve(folder);
  }

  Path repoDir() {
    return repoDir;
  }

  Path blob(String etag) {
    return repoDir.resolve("blobs").resolve(etag);
  }

  Path incomplete(String etag) {
    return repoDir.resolve("blobs").resolve(etag + ".incomplete");
  }

  Path snapshot(String commit) {
    return repoDir.resolve("snapshots").resolve(commit);
  }

  /**
   * {@code snapshots/{commit}/{path}}.
   *
   * @throws IllegalArgumentException when {@code path} would leave the snapshot folder (an absolute
   *     path or {@code ..}, which no Hub file name contains)
   */
  Path snapshotFile(String commit, String path) {
    Path base = snapshot(commit);
    Path p = base.resolve(path).normalize();
    if (path.startsWith("/") || path.contains("\\") || !p.startsWith(base.normalize()) || p.equals(base.normalize())) {
      throw new IllegalArgumentException("file path must stay inside the snapshot folder; path=" + path);
    }
    return p;
  }

  /** The commit {@code revision} points to: the revision itself when it is a sha, else {@code refs/{revision}}. */
  String commitOf(String revision) throws IOException {
    if (HubRepoRef.isCommit(revision)) {
      return revision;
    }
    Path ref = repoDir.resolve("refs").resolve(revision);
    if (!Files.isRegularFile(ref)) {
      return null;
    }
    String sha = Files.readString(ref, StandardCharsets.UTF_8).strip();
    if (!HubRepoRef.isCommit(sha)) {
      throw new IOException(ref + ": expected the 40-hex commit sha of revision '" + revision + "', found '"
          + (sha.length() > 60 ? sha.substring(0, 60) + "…" : sha) + "'");
    }
    return sha;
  }

  /** Writes {@code refs/{revision}} (no newline, as huggingface_hub does), atomically. */
  void writeRef(String revision, String commit) throws IOException {
    if (revision.equals(commit)) {
      return;
    }
    Path ref = repoDir.resolve("refs").resolve(revision);
    Files.createDirectories(ref.getParent());
    if (Files.isRegularFile(ref) && commit.equals(Files.readString(ref, StandardCharsets.UTF_8).strip())) {
      return;
    }
    Path tmp = ref.resolveSibling(ref.getFileName() + "." + UUID.randomUUID() + ".tmp");
    Files.writeString(tmp, commit, StandardCharsets.UTF_8);
    move(tmp, ref);
  }

  /** Whether {@code path} at {@code commit} is in the cache (a dangling link is not). */
  boolean has(String commit, String path) {
    return Files.isRegularFile(snapshotFile(commit, path));
  }

  /** Whether the cache records that {@code path} does not exist at {@code commit} ({@code .no_exist}). */
  boolean knownMissing(String commit, String path) {
    return Files.isRegularFile(repoDir.resolve(".no_exist").resolve(commit).resolve(path));
  }

  /** Records that {@code path} does not exist at {@code commit}. */
  void markMissing(String commit, String path) throws IOException {
    Path p = repoDir.resolve(".no_exist").resolve(commit).resolve(path);
    Files.createDirectories(p.getParent());
    try {
      Files.createFile(p);
    } catch (FileAlreadyExistsException e) {
      // already recorded
    }
  }

  /**
   * Points {@code snapshots/{commit}/{path}} at {@code blobs/{etag}} with a relative symlink
   * ({@code os.path.relpath} of the blob from the link's folder), replacing what was there
   * atomically; where the file system has no symlinks, a copy of the blob, as huggingface_hub does.
   */
  Path link(String commit, String path, String etag) throws IOException {
    Path dst = snapshotFile(commit, path);
    Files.createDirectories(dst.getParent());
    Path target = dst.getParent().relativize(blob(etag));
    Path tmp = dst.resolveSibling(dst.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.createSymbolicLink(tmp, target);
    } catch (UnsupportedOperationException | IOException e) {
      Files.copy(blob(etag), tmp, StandardCopyOption.REPLACE_EXISTING);
    }
    move(tmp, dst);
    return dst;
  }

  /** An exclusive lock on {@code .locks/models--ORG--NAME/{etag}.lock}, for threads and processes. */
  Lock lock(String etag) throws IOException {
    Path file = root.resolve(".locks").resolve(folder).resolve(etag + ".lock");
    Files.createDirectories(file.getParent());
    ReentrantLock local = IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new ReentrantLock());
    local.lock();
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fl = ch.lock();
      return new Lock(local, ch, fl);
    } catch (IOException | RuntimeException e) {
      if (ch != null) {
        ch.close();
      }
      local.unlock();
      throw e;
    }
  }

  /**
   * A held cache lock: the in-process lock, then the file lock on its open channel; {@link #close()}
   * releases them in reverse order.
   */
  record Lock(ReentrantLock local, FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        lock.release();
      } finally {
        try {
          channel.close();
        } finally {
          local.unlock();
        }
      }
    }
  }

  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

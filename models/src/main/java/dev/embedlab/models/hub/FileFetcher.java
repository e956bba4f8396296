package dev.embedlab.models.hub;

import dev.embedlab.models.hub.HubException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Puts one file of one commit into the cache, as {@code hf_hub_download} does: nothing to do when
 * {@code snapshots/{commit}/{path}} exists; else a HEAD for the ETag, then under the blob's lock the
 * body goes to {@code blobs/{etag}.incomplete} (resumed with {@code Range} after an interrupted
 * body, also one a killed process left), is verified — SHA-256 for an LFS file (its ETag), the git
 * blob sha1 ({@code sha1("blob {size}\0" + bytes)}) for a file stored in git, and the size — and
 * only then renamed to {@code blobs/{etag}} and linked from the snapshot. A file that fails the
 * check is deleted: nothing that looks complete is ever left behind.
 */
final class FileFetcher {
  private final HubHttp http;
  private final HubCache cache;
  private final Consumer<String> progress;

  FileFetcher(HubHttp http, HubCache cache, Consumer<String> progress) {
    this.http = http;
    this.cache = cache;
    this.progress = progress;
  }

  /**
   * The snapshot path of {@code path} at {@code commit}, downloading it when absent.
   *
   * @param sibling what the model info said about the file (its LFS SHA-256 is checked too), or null
   * @return the file and, when it was downloaded now, its SHA-256 (else null)
   */
  Fetched fetch(HubRepoRef ref, String commit, String path, ModelInfo.Sibling sibling) throws IOException {
    if (cache.has(commit, path)) {
      return new Fetched(cache.snapshotFile(commit, path), null);
    }
    HubHttp.FileMeta meta = http.head(ref, commit, path);
    if (!commit.equals(meta.commit())) {
      throw new HubException(Kind.PROTOCOL, HubHttp.where(ref, path) + ": asked for commit " + commit
          + ", the Hub answered X-Repo-Commit " + meta.commit());
    }
    String etag = meta.etag();
    if (sibling != null && sibling.lfsSha256() != null && !sibling.lfsSha256().equalsIgnoreCase(etag)) {
      throw new HubException(Kind.CHECKSUM, HubHttp.where(ref, path) + ": model info gives LFS SHA-256 "
          + sibling.lfsSha256() + " but the file's X-Linked-Etag is " + etag + "; the mirror is inconsistent");
    }
    String sha256 = null;
    Path blob = cache.blob(etag);
    if (!Files.isRegularFile(blob)) {
      try (HubCache.Lock lock = cache.lock(etag)) {
        if (!Files.isRegularFile(blob)) {
          long size = meta.size() >= 0 ? meta.size() : (sibling == null ? -1 : sibling.size());
          sha256 = download(ref, path, meta, size, blob);
        }
      }
    }
    return new Fetched(cache.link(commit, path, etag), sha256);
  }

  /** A file in the snapshot and its SHA-256 when this call computed it. */
  record Fetched(Path file, String sha256) {}

  private String download(HubRepoRef ref, String path, HubHttp.FileMeta meta, long size, Path blob)
      throws IOException {
    Path part = cache.incomplete(meta.etag());
    Files.createDirectories(part.getParent());
    long have = Files.isRegularFile(part) ? Files.size(part) : 0;
    if (size >= 0 && have > size) {
      Files.delete(part);
      have = 0;
    }
    String label = "hf:" + ref.repo() + " " + path;
    DownloadProgress meter = new DownloadProgress(label, size, have, progress);
    int retries = http.settings().maxRetries();
    // A complete .incomplete (a process killed between download and rename) only needs the check.
    for (int attempt = 0; size < 0 || have < size; attempt++) {
      try {
        have = receive(ref, path, meta, part, have, meter);
        break;
      } catch (HubException e) {
        throw e;
      } catch (IOException e) {
        long now = Files.isRegularFile(part) ? Files.size(part) : 0;
        if (attempt >= retries) {
          throw new HubException(Kind.UNAVAILABLE, HubHttp.where(ref, path) + ": download broke off at "
              + now + (size >= 0 ? " of " + size : "") + " bytes " + (attempt + 1) + " times (last: "
              + http.settings().redact(String.valueOf(e.getMessage())) + "); the partial file " + part
              + " is kept and the next run resumes it", e);
        }
        progress.accept(label + ": connection broke at " + DownloadProgress.size(now) + " ("
            + http.settings().redact(String.valueOf(e.getMessage())) + "); resuming with Range, try "
            + (attempt + 2) + "/" + (retries + 1));
        have = now;
        meter.reset(now);
      }
    }
    meter.done();
    return verify(ref, path, meta.etag(), size, part, blob);
  }

  /** One GET from byte {@code have}; returns the bytes on disk when the body ended normally. */
  private long receive(HubRepoRef ref, String path, HubHttp.FileMeta meta, Path part, long have,
      DownloadProgress meter) throws IOException {
    HttpResponse<InputStream> r = http.get(meta.location(), have, ref, path);
    try (InputStream in = r.body()) {
      boolean append = false;
      if (r.statusCode() == 206) {
        long start = contentRangeStart(r);
        if (start != have) {
          throw new HubException(Kind.PROTOCOL, HubHttp.where(ref, path) + ": asked for bytes from " + have
              + ", the server sent a range starting at " + start);
        }
        append = true;
      } else if (have > 0) {
        meter.reset(0); // the server ignored Range: start over, as http_get does
      }
      long n = append ? have : 0;
      Watchdog dog = new Watchdog(http.settings().downloadTimeout(), in);
      try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
        byte[] buf = new byte[1 << 16];
        int k;
        while ((k = in.read(buf)) >= 0) {
          dog.alive();
          out.write(buf, 0, k);
          n += k;
          meter.add(k);
        }
      } catch (IOException e) {
        if (dog.fired()) {
          throw new IOException("no byte for " + http.settings().downloadTimeout().toMillis()
              + " ms (HF_HUB_DOWNLOAD_TIMEOUT)", e);
        }
        throw e;
      } finally {
        dog.stop();
      }
      return n;
    }
  }

  /**
   * Breaks a read that receives nothing for {@code timeout}: Java's HTTP client has no read
   * timeout. The watchdog closes the body stream and interrupts the reading thread; the client's
   * blocked read then wakes, finds the stream closed and throws an {@link IOException}. An
   * interrupt the watchdog caused is cleared again by {@link #stop()}.
   */
  private static final class Watchdog {
    private final Thread reader = Thread.currentThread();
    private final long timeoutNanos;
    private final Thread thread;
    private volatile long last = System.nanoTime();
    private volatile boolean fired;
    private volatile boolean stopped;

    Watchdog(java.time.Duration timeout, InputStream body) {
      this.timeoutNanos = timeout.toNanos();
      long tick = Math.max(10, Math.min(1000, timeout.toMillis() / 4));
      this.thread = new Thread(() -> {
        while (!stopped) {
          try {
            Thread.sleep(tick);
          } catch (InterruptedException e) {
            return;
          }
          if (!stopped && System.nanoTime() - last > timeoutNanos) {
            fired = true;
            try {
              body.close();
            } catch (IOException e) {
              // closing is best effort; the interrupt below still wakes the reader
            }
            reader.interrupt();
            return;
          }
        }
      }, "hf-download-watchdog");
      thread.setDaemon(true);
      thread.start();
    }

    void alive() {
      last = System.nanoTime();
    }

    boolean fired() {
      return fired;
    }

    void stop() {
      stopped = true;
      thread.interrupt();
      boolean interrupted = false;
      while (true) {
        try {
          thread.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // possibly the watchdog's own interrupt, arriving while we wait for it
        }
      }
      if (fired) {
        Thread.interrupted(); // the interrupt was ours
      } else if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static long contentRangeStart(HttpResponse<?> r) {
    String cr = r.headers().firstValue("Content-Range").orElse("");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes\\s+(\\d+)-").matcher(cr);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Checks size and checksum of the finished {@code part}, then renames it to {@code blob}. */
  private String verify(HubRepoRef ref, String path, String etag, long size, Path part, Path blob)
      throws IOException {
    long actual = Files.size(part);
    MessageDigest sha256 = digest("SHA-256");
    MessageDigest gitSha1 = digest("SHA-1");
    gitSha1.update(("blob " + actual + "\0").getBytes(StandardCharsets.US_ASCII));
    try (InputStream in = Files.newInputStream(part)) {
      byte[] buf = new byte[1 << 16];
      int k;
      while ((k = in.read(buf)) >= 0) {
        sha256.update(buf, 0, k);
        gitSha1.update(buf, 0, k);
      }
    }
    String sha = HexFormat.of().formatHex(sha256.digest());
    String sha1 = HexFormat.of().formatHex(gitSha1.digest());
    String problem = null;
    if (size >= 0 && actual != size) {
      problem = "received " + actual + " bytes, the Hub announced " + size;
    } else if (etag.length() == 64 && !etag.equalsIgnoreCase(sha)) {
      problem = "SHA-256 of the " + actual + " bytes received is " + sha + ", the Hub's X-Linked-Etag says " + etag;
    } else if (etag.length() == 40 && !etag.equalsIgnoreCase(sha1)) {
      problem = "git blob sha1 of the " + actual + " bytes received is " + sha1 + ", the Hub's ETag says " + etag;
    }
    if (problem != null) {
      Files.deleteIfExists(part);
      throw new HubException(Kind.CHECKSUM, HubHttp.where(ref, path) + ": " + problem
          + "; the download was deleted and nothing was cached. Retry; if it happens again, a proxy or mirror ("
          + http.settings().endpoint().getHost() + ") is altering the file");
    }
    HubCache.move(part, blob);
    return sha;
  }

  private static MessageDigest digest(String alg) {
    try {
      return MessageDigest.getInstance(alg);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(alg + " unavailable", e);
    }
  }
}

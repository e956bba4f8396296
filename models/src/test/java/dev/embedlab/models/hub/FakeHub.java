package dev.embedlab.models.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback Hugging Face Hub for tests: the endpoints and headers {@code huggingface_hub} uses,
 * on 127.0.0.1 with a separate "CDN" server (another host:port) that LFS files redirect to.
 *
 * <ul>
 *   <li>{@code GET /api/models/ORG/NAME/revision/REV}: {@code sha} and {@code siblings} (with
 *       {@code lfs.sha256} and {@code size}); errors with {@code X-Error-Code}.</li>
 *   <li>{@code HEAD|GET /ORG/NAME/resolve/REV/PATH}: an LFS file ({@code *.onnx}, {@code *_data})
 *       answers 302 to {@code http://CDN/lfs/SHA256} with {@code X-Linked-Etag}, {@code X-Linked-Size}
 *       and {@code X-Repo-Commit}; a small file answers 200 with {@code ETag} = its git blob sha1.
 *       A renamed repo answers 307 with a relative {@code Location}.</li>
 *   <li>{@code GET /api/models/ORG/NAME/tree/REV}: the file list recent clients' snapshot_download reads.</li>
 *   <li>CDN {@code GET /lfs/SHA256}: honours {@code Range: bytes=N-} with 206.</li>
 * </ul>
 * Faults for tests: {@link #rateLimit} 429s, {@link #interruptOnce} bodies, {@link #corrupt}
 * bytes, gated repos with a required token. Counts what was asked.
 */
final class FakeHub implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One repo: branch → commit, commit → files. */
  static final class Repo {
    final String id;
    final Map<String, String> refs = new LinkedHashMap<>();
    final Map<String, Map<String, byte[]>> commits = new LinkedHashMap<>();
    String requiredToken;

    Repo(String id) {
      this.id = id;
    }

    /** Adds a commit holding {@code files} and points {@code branch} at it; returns the commit sha. */
    String commit(String branch, Map<String, byte[]> files) {
      MessageDigest md = sha("SHA-1");
      md.update(id.getBytes(StandardCharsets.UTF_8));
      md.update(Integer.toString(commits.size()).getBytes(StandardCharsets.UTF_8));
      files.forEach((k, v) -> {
        md.update(k.getBytes(StandardCharsets.UTF_8));
        md.update(v);
      });
      String c = HexFormat.of().formatHex(md.digest());
      commits.put(c, new LinkedHashMap<>(files));
      refs.put(branch, c);
      return c;
    }
  }

  final Map<String, Repo> repos = new ConcurrentHashMap<>();
  final Map<String, String> renamed = new ConcurrentHashMap<>();
  final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  /** LFS sha256 → bytes served instead (a corrupting proxy). */
  final Map<String, byte[]> corrupt = new ConcurrentHashMap<>();
  /** File paths whose next CDN body breaks off after half its bytes. */
  final Set<String> interruptOnce = ConcurrentHashMap.newKeySet();
  /** File paths whose next CDN body stops sending after half its bytes and holds the connection open. */
  final Set<String> stallOnce = ConcurrentHashMap.newKeySet();
  final AtomicInteger rateLimit = new AtomicInteger();
  final AtomicInteger apiCalls = new AtomicInteger();
  final Map<String, AtomicInteger> cdnGets = new ConcurrentHashMap<>();
  final List<String> cdnRanges = new CopyOnWriteArrayList<>();
  final List<String> cdnAuthorization = new CopyOnWriteArrayList<>();
  final List<String> requests = new CopyOnWriteArrayList<>();
  /** Delay before each CDN body, so concurrent downloads overlap. */
  volatile long cdnChunkDelayMillis;

  private final HttpServer hub;
  private final HttpServer cdn;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-hub");
    t.setDaemon(true);
    return t;
  });

  FakeHub() throws IOException {
    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    hub = HttpServer.create(any, 0);
    cdn = HttpServer.create(any, 0);
    hub.createContext("/", this::hub);
    cdn.createContext("/", this::cdn);
    hub.setExecutor(pool);
    cdn.setExecutor(pool);
    hub.start();
    cdn.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
  }

  Repo repo(String id) {
    return repos.computeIfAbsent(id, Repo::new);
  }

  static boolean isLfs(String path) {
    return path.endsWith(".onnx") || path.endsWith("_data");
  }

  // ------------------------------------------------------------------ hub

  private void hub(HttpExchange x) throws IOException {
    try (x) {
      String raw = x.getRequestURI().getRawPath();
      requests.add(x.getRequestMethod() + " " + raw);
      List<String> parts = new ArrayList<>();
      for (String p : raw.substring(1).split("/", -1)) {
        parts.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
      }
      if (parts.size() >= 5 && parts.get(0).equals("api") && parts.get(1).equals("models") && parts.get(4).equals("revision")) {
        apiCalls.incrementAndGet();
        String target = renamed.get(parts.get(2) + "/" + parts.get(3));
        if (target != null) {
          x.getResponseHeaders().add("Location", raw.replaceFirst("^/api/models/" + parts.get(2) + "/" + parts.get(3),
              "/api/models/" + target) + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery()));
          send(x, 307, new byte[0], null);
          return;
        }
        if (rateLimit.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          x.getResponseHeaders().add("Retry-After", "1");
          send(x, 429, "{\"error\": \"rate limited\"}".getBytes(), null);
          return;
        }
        modelInfo(x, parts.get(2) + "/" + parts.get(3), String.join("/", parts.subList(5, parts.size())));
        return;
      }
      if (parts.size() >= 6 && parts.get(0).equals("api") && parts.get(1).equals("models") && parts.get(4).equals("tree")) {
        tree(x, parts.get(2) + "/" + parts.get(3), parts.get(5)); // recent huggingface_hub's snapshot_download lists files so
        return;
      }
      if (parts.size() >= 5 && parts.get(2).equals("resolve")) {
        resolve(x, parts.get(0) + "/" + parts.get(1), parts.get(3), String.join("/", parts.subList(4, parts.size())), raw);
        return;
      }
      send(x, 404, "no route".getBytes(), null);
    }
  }

  private Repo known(HttpExchange x, String id) throws IOException {
    Repo r = repos.get(id);
    if (r == null) {
      error(x, x.getRequestHeaders().containsKey("Authorization") ? 404 : 401, "RepoNotFound",
          "Repository not found");
    }
    return r;
  }

  /** The commit {@code rev} names in repo {@code id}, or null after answering the error. */
  private String commitOf(HttpExchange x, String id, String rev) throws IOException {
    Repo r = known(x, id);
    if (r == null) {
      return null;
    }
    String commit = r.commits.containsKey(rev) ? rev : r.refs.get(rev);
    if (commit == null) {
      error(x, 404, "RevisionNotFound", "Invalid rev id: " + rev);
    }
    return commit;
  }

  private void modelInfo(HttpExchange x, String id, String rev) throws IOException {
    Repo r = repos.get(id);
    String commit = commitOf(x, id, rev);
    if (commit == null) {
      return;
    }
    ObjectNode n = JSON.createObjectNode().put("id", id).put("modelId", id).put("sha", commit).put("private", false);
    if (r.requiredToken != null) {
      n.put("gated", "manual");
    } else {
      n.put("gated", false);
    }
    ArrayNode sib = n.putArray("siblings");
    r.commits.get(commit).forEach((path, bytes) -> {
      ObjectNode s = sib.addObject().put("rfilename", path).put("size", bytes.length).put("blobId", gitSha1(bytes));
      if (isLfs(path)) {
        s.putObject("lfs").put("sha256", sha256(bytes)).put("size", bytes.length).put("pointerSize", 134);
      }
    });
    send(x, 200, JSON.writeValueAsBytes(n), null);
  }

  /** {@code GET /api/models/ORG/NAME/tree/REV?recursive=true}: every file (no folders, which clients skip). */
  private void tree(HttpExchange x, String id, String rev) throws IOException {
    Repo r = repos.get(id);
    String commit = commitOf(x, id, rev);
    if (commit == null) {
      return;
    }
    ArrayNode list = JSON.createArrayNode();
    r.commits.get(commit).forEach((path, bytes) -> {
      ObjectNode f = list.addObject().put("type", "file").put("oid", gitSha1(bytes)).put("size", bytes.length).put("path", path);
      if (isLfs(path)) {
        f.putObject("lfs").put("oid", sha256(bytes)).put("size", bytes.length).put("pointerSize", 134);
      }
    });
    send(x, 200, JSON.writeValueAsBytes(list), null);
  }

  private void resolve(HttpExchange x, String id, String rev, String path, String raw) throws IOException {
    String target = renamed.get(id);
    if (target != null) {
      x.getResponseHeaders().add("Location", raw.replaceFirst("^/" + id, "/" + target));
      send(x, 307, new byte[0], null);
      return;
    }
    Repo r = known(x, id);
    if (r == null) {
      return;
    }
    if (r.requiredToken != null) {
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (!("Bearer " + r.requiredToken).equals(auth)) {
        error(x, auth == null ? 401 : 403, "GatedRepo", "Access to model " + id + " is restricted. You must have"
            + " access to it and be authenticated to access it. Please log in.");
        return;
      }
    }
    String commit = r.commits.containsKey(rev) ? rev : r.refs.get(rev);
    if (commit == null) {
      error(x, 404, "RevisionNotFound", "Invalid rev id: " + rev);
      return;
    }
    byte[] bytes = r.commits.get(commit).get(path);
    if (bytes == null) {
      x.getResponseHeaders().add("X-Repo-Commit", commit);
      error(x, 404, "EntryNotFound", "Entry not found");
      return;
    }
    x.getResponseHeaders().add("X-Repo-Commit", commit);
    if (isLfs(path)) {
      String sha = sha256(bytes);
      blobs.put(sha, bytes);
      x.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
      x.getResponseHeaders().add("X-Linked-Size", Integer.toString(bytes.length));
      x.getResponseHeaders().add("ETag", "\"" + gitSha1(("version https://git-lfs.github.com/spec/v1\noid sha256:" + sha).getBytes()) + "\"");
      x.getResponseHeaders().add("Location", "http://127.0.0.1:" + cdn.getAddress().getPort() + "/lfs/" + sha
          + "?path=" + path.replace('/', '_'));
      send(x, 302, new byte[0], null);
      return;
    }
    x.getResponseHeaders().add("ETag", "\"" + gitSha1(bytes) + "\"");
    send(x, 200, bytes, null);
  }

  // ------------------------------------------------------------------ cdn

  private void cdn(HttpExchange x) throws IOException {
    try (x) {
      String sha = x.getRequestURI().getPath().substring("/lfs/".length());
      String query = x.getRequestURI().getQuery();
      String path = query == null ? "" : query.substring("path=".length()).replace('_', '/');
      cdnGets.computeIfAbsent(sha, k -> new AtomicInteger()).incrementAndGet();
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (auth != null) {
        cdnAuthorization.add(auth);
      }
      byte[] bytes = corrupt.getOrDefault(sha, blobs.get(sha));
      if (bytes == null) {
        send(x, 404, "no such object".getBytes(), null);
        return;
      }
      String range = x.getRequestHeaders().getFirst("Range");
      int from = 0;
      if (range != null) {
        cdnRanges.add(range);
        from = Integer.parseInt(range.replaceAll("bytes=(\\d+)-.*", "$1"));
        x.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
      }
      byte[] body = Arrays.copyOfRange(bytes, from, bytes.length);
      long delay = cdnChunkDelayMillis;
      if (delay > 0) {
        sleep(delay);
      }
      if (stallOnce.remove(path)) {
        x.sendResponseHeaders(range != null ? 206 : 200, body.length);
        x.getResponseBody().write(body, 0, body.length / 2);
        x.getResponseBody().flush();
        sleep(20_000); // until the client gives up (or the server stops)
        throw new IOException("fake hub: stalled body abandoned");
      }
      send(x, range != null ? 206 : 200, body, interruptOnce.remove(path) ? body.length / 2 : null);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static void error(HttpExchange x, int status, String code, String message) throws IOException {
    x.getResponseHeaders().add("X-Error-Code", code);
    x.getResponseHeaders().add("X-Error-Message", message);
    send(x, status, ("{\"error\": \"" + message + "\"}").getBytes(StandardCharsets.UTF_8), null);
  }

  /** Sends {@code body}; with {@code cutAt}, announces the full length but stops after that many bytes. */
  private static void send(HttpExchange x, int status, byte[] body, Integer cutAt) throws IOException {
    boolean head = x.getRequestMethod().equals("HEAD");
    if (head || body.length == 0) {
      if (head && body.length > 0) {
        x.getResponseHeaders().add("Content-Length", Integer.toString(body.length));
      }
      x.sendResponseHeaders(status, -1);
      return;
    }
    x.sendResponseHeaders(status, body.length);
    OutputStream out = x.getResponseBody();
    int end = cutAt == null ? body.length : cutAt;
    for (int off = 0; off < end; off += 65536) {
      out.write(body, off, Math.min(65536, end - off));
      out.flush();
    }
    if (cutAt != null) {
      // Breaking the connection mid-body: the client sees fewer bytes than Content-Length.
      throw new IOException("fake hub: body cut at " + cutAt + " of " + body.length + " bytes");
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String sha256(byte[] b) {
    return HexFormat.of().formatHex(sha("SHA-256").digest(b));
  }

  static String gitSha1(byte[] b) {
    MessageDigest md = sha("SHA-1");
    md.update(("blob " + b.length + "\0").getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(md.digest(b));
  }

  private static MessageDigest sha(String alg) {
    try {
      return MessageDigest.getInstance(alg);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops both servers; later connections are refused. */
  @Override
  public void close() {
    hub.stop(0);
    cdn.stop(0);
    pool.shutdownNow();
  }
}

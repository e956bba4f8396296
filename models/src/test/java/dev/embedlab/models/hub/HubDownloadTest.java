package dev.embedlab.models.hub;

import static dev.embedlab.models.hub.HubFixture.CLS;
import static dev.embedlab.models.hub.HubFixture.HELLO;
import static dev.embedlab.models.hub.HubFixture.SEP;
import static dev.embedlab.models.hub.HubFixture.WORLD;
import static dev.embedlab.models.hub.HubFixture.mean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.source.SourceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads from the loopback {@link FakeHub}: redirects to another host, resume with Range,
 * checksum refusal, gated and missing repos, revisions and files, rate limits, two downloaders at
 * once. Each failure message names repo, revision and file and never the token.
 */
class HubDownloadTest {
  static final String TOKEN = "hf_SecretTokenValue123";

  @TempDir Path tmp;
  FakeHub hub;
  HubFixture fx;
  Path cache;
  Map<String, byte[]> files;
  String commit;

  @BeforeEach
  void start() throws IOException {
    hub = new FakeHub();
    fx = new HubFixture(tmp);
    cache = tmp.resolve("hf-cache");
    files = fx.bert("modules.json", HubFixture.modules(false), "1_Pooling/config.json", HubFixture.pooling("mean"));
    commit = hub.repo("org/bert").commit("main", files);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  HubEmbedder open(String name, String... env) throws IOException {
    return new HubEmbedderSource().open(name, fx.context(hub, cache, env));
  }

  void assertEmbedsHelloWorld(HubEmbedder e) {
    assertEquals(mean(CLS, HELLO, WORLD, SEP), e.embed(List.of("hello world"), Role.DOCUMENT)[0][0], 1e-3f);
  }

  String modelSha() {
    return FakeHub.sha256(files.get("onnx/model.onnx"));
  }

  @Test
  void lfsFilesFollowARedirectToAnotherHostWithoutTheTokenAndAreVerified() throws IOException {
    try (HubEmbedder e = open("org/bert", "HF_TOKEN", TOKEN)) {
      assertEmbedsHelloWorld(e);
      assertEquals(commit, e.snapshot().commit());
      assertEquals(modelSha(), e.snapshot().sha256().get("onnx/model.onnx"));
      assertEquals(FakeHub.sha256(files.get("tokenizer.json")), e.snapshot().sha256().get("tokenizer.json"));
      String prov = e.provenance().canonical();
      assertTrue(prov.startsWith("hf-model{") && prov.contains("commit=" + commit) && prov.contains("repo=org/bert")
          && prov.contains("sha256:onnx/model.onnx=" + modelSha()) && prov.contains("onnx-embedder{"), prov);
    }
    assertEquals(1, hub.cdnGets.get(modelSha()).get(), "the ONNX file came from the CDN host once");
    assertTrue(hub.cdnAuthorization.isEmpty(), "the token must not follow a redirect to another host: " + hub.cdnAuthorization);
    assertTrue(fx.progress.stream().anyMatch(l -> l.startsWith("hf:org/bert onnx/model.onnx: ") && l.contains(" B in ")),
        fx.progress.toString());
    assertFalse(String.join("\n", fx.progress).contains(TOKEN));
  }

  @Test
  void aRenamedRepoIsFollowedThroughRelativeRedirects() throws IOException {
    hub.renamed.put("old-org/bert", "org/bert");
    try (HubEmbedder e = open("old-org/bert")) {
      assertEmbedsHelloWorld(e);
      assertEquals(commit, e.snapshot().commit());
    }
    assertTrue(hub.requests.stream().anyMatch(r -> r.startsWith("HEAD /old-org/bert/resolve/" + commit)), hub.requests.toString());
    assertTrue(hub.requests.stream().anyMatch(r -> r.startsWith("HEAD /org/bert/resolve/" + commit)), hub.requests.toString());
  }

  @Test
  void anInterruptedBodyIsResumedWithRange() throws IOException {
    hub.interruptOnce.add("onnx/model.onnx");
    int size = files.get("onnx/model.onnx").length;
    try (HubEmbedder e = open("org/bert")) {
      assertEmbedsHelloWorld(e);
      assertEquals(modelSha(), e.snapshot().sha256().get("onnx/model.onnx"));
    }
    assertEquals(List.of("bytes=" + size / 2 + "-"), hub.cdnRanges, "the second request starts where the first broke off");
    assertEquals(2, hub.cdnGets.get(modelSha()).get());
    assertTrue(fx.progress.stream().anyMatch(l -> l.contains("connection broke") && l.contains("resuming with Range")),
        fx.progress.toString());
  }

  @Test
  void aStalledBodyIsBrokenOffAfterTheDownloadTimeoutAndResumed() throws IOException {
    hub.stallOnce.add("onnx/model.onnx");
    int size = files.get("onnx/model.onnx").length;
    long t0 = System.nanoTime();
    try (HubEmbedder e = open("org/bert", "HF_HUB_DOWNLOAD_TIMEOUT", "0.5")) {
      assertEmbedsHelloWorld(e);
    }
    assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "did not wait for the stalled server");
    assertEquals(List.of("bytes=" + size / 2 + "-"), hub.cdnRanges);
    assertFalse(Thread.currentThread().isInterrupted(), "the watchdog's interrupt is not left behind");
    assertTrue(fx.progress.stream().anyMatch(l -> l.contains("no byte for 500 ms (HF_HUB_DOWNLOAD_TIMEOUT)")),
        fx.progress.toString());
  }

  @Test
  void aDownloadAKilledProcessLeftIsResumedByTheNextRun() throws IOException {
    byte[] model = files.get("onnx/model.onnx");
    Path part = cache.resolve("models--org--bert/blobs/" + modelSha() + ".incomplete");
    Files.createDirectories(part.getParent());
    Files.write(part, java.util.Arrays.copyOf(model, 100));
    try (HubEmbedder e = open("org/bert")) {
      assertEmbedsHelloWorld(e);
    }
    assertEquals(List.of("bytes=100-"), hub.cdnRanges);
    assertFalse(Files.exists(part));
    assertTrue(fx.progress.stream().anyMatch(l -> l.contains("resuming at 100 B")), fx.progress.toString());
  }

  @Test
  void aWrongChecksumIsRefusedAndNothingLooksComplete() throws IOException {
    byte[] bad = files.get("onnx/model.onnx").clone();
    bad[bad.length / 2] ^= 0x55;
    hub.corrupt.put(modelSha(), bad);
    HubException x = assertThrows(HubException.class, () -> open("org/bert"));
    assertEquals(HubException.Kind.CHECKSUM, x.kind());
    assertTrue(x.getMessage().startsWith("hf:org/bert@main onnx/model.onnx: SHA-256 of the ")
        && x.getMessage().contains("says " + modelSha()) && x.getMessage().contains("nothing was cached"), x.getMessage());
    Path repo = cache.resolve("models--org--bert");
    try (Stream<Path> s = Files.walk(repo)) {
      List<String> names = s.map(p -> repo.relativize(p).toString()).toList();
      assertFalse(names.stream().anyMatch(n -> n.contains(modelSha())), "no blob, no .incomplete: " + names);
      assertFalse(names.stream().anyMatch(n -> n.endsWith("model.onnx")), "no snapshot entry: " + names);
      assertFalse(names.contains("refs/main"), "the revision is not recorded before its files are: " + names);
    }
    hub.corrupt.clear();
    try (HubEmbedder e = open("org/bert")) {
      assertEmbedsHelloWorld(e);
    }
  }

  @Test
  void aGatedRepoSaysHowToGetAccessAndNeverShowsTheToken() throws IOException {
    hub.repo("org/bert").requiredToken = TOKEN;
    HubException anonymous = assertThrows(HubException.class, () -> open("org/bert"));
    assertEquals(HubException.Kind.GATED, anonymous.kind());
    String m = anonymous.getMessage();
    assertTrue(m.startsWith("hf:org/bert@main onnx/model.onnx: the repo is gated") && m.contains("HTTP 401, GatedRepo") && m.contains("set HF_TOKEN")
        && m.contains(hub.endpoint() + "/org/bert") && m.contains("(no token was sent)"), m);
    String wrong = "hf_WrongTokenValue456";
    HubException denied = assertThrows(HubException.class, () -> open("org/bert", "HF_TOKEN", wrong));
    assertEquals(HubException.Kind.GATED, denied.kind());
    assertTrue(denied.getMessage().contains("HTTP 403") && denied.getMessage().contains("has no access"), denied.getMessage());
    assertFalse(denied.getMessage().contains(wrong) || String.join("\n", fx.progress).contains(wrong));
    try (HubEmbedder e = open("org/bert", "HF_TOKEN", TOKEN)) {
      assertEmbedsHelloWorld(e);
    }
  }

  @Test
  void missingRepoRevisionAndFileAreNamed() {
    HubException repo = assertThrows(HubException.class, () -> open("org/nothing-here"));
    assertEquals(HubException.Kind.REPO_NOT_FOUND, repo.kind());
    assertTrue(repo.getMessage().startsWith("hf:org/nothing-here@main: repository org/nothing-here not found on "
        + hub.endpoint()) && repo.getMessage().contains("set HF_TOKEN if it is private"), repo.getMessage());
    HubException rev = assertThrows(HubException.class, () -> open("org/bert@v9.9"));
    assertEquals(HubException.Kind.REVISION_NOT_FOUND, rev.kind());
    assertTrue(rev.getMessage().startsWith("hf:org/bert@v9.9: revision 'v9.9' not found in org/bert"), rev.getMessage());
    HubException file = assertThrows(HubException.class, () -> open("org/bert#onnx/model_O4.onnx"));
    assertEquals(HubException.Kind.FILE_NOT_FOUND, file.kind());
    assertTrue(file.getMessage().startsWith("hf:org/bert@main onnx/model_O4.onnx: no such file at revision 'main' (commit "
        + commit + "); the repo's ONNX files: onnx/model.onnx"), file.getMessage());
    IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class, () -> open("org/bert/extra"));
    assertTrue(malformed.getMessage().contains("ORG/NAME[@REVISION][#FILE.onnx]"), malformed.getMessage());
  }

  @Test
  void aRateLimitIsWaitedOutThenBoundedRetriesGiveUp() throws IOException {
    hub.rateLimit.set(2);
    long t0 = System.nanoTime();
    try (HubEmbedder e = open("org/bert")) {
      assertEmbedsHelloWorld(e);
    }
    assertTrue(System.nanoTime() - t0 >= 2_000_000_000L, "Retry-After: 1 honoured twice");
    assertEquals(3, hub.apiCalls.get());
    assertEquals(2, fx.progress.stream().filter(l -> l.contains("HTTP 429")).count(), fx.progress.toString());
    hub.rateLimit.set(100);
    SourceContext ctx = fx.context(hub, tmp.resolve("other-cache"));
    HubSettings impatient = HubSettings.from(ctx).withRetries(2, Duration.ofMillis(10));
    HubException x = assertThrows(HubException.class,
        () -> HubEmbedderSource.open(HubRepoRef.parse("org/bert"), impatient, ctx));
    assertEquals(HubException.Kind.UNAVAILABLE, x.kind());
    assertTrue(x.getMessage().startsWith("hf:org/bert@main: 127.0.0.1 answered HTTP 429") && x.getMessage().contains("after 3 attempts")
        && x.getMessage().contains("set HF_TOKEN"), x.getMessage());
  }

  @Test
  void twoDownloadersOfOneFileShareItThroughTheLock() throws Exception {
    hub.cdnChunkDelayMillis = 300;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<float[]>> both = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Callable<float[]> task = () -> {
          try (HubEmbedder e = open("org/bert")) {
            return e.embed(List.of("hello world"), Role.DOCUMENT)[0];
          }
        };
        both.add(pool.submit(task));
      }
      for (Future<float[]> f : both) {
        assertEquals(mean(CLS, HELLO, WORLD, SEP), f.get()[0], 1e-3f);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, hub.cdnGets.get(modelSha()).get(), "the second downloader waited for the first and reused its blob");
    try (Stream<Path> s = Files.list(cache.resolve("models--org--bert/blobs"))) {
      assertEquals(List.of(modelSha()), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(modelSha())).toList());
    }
    assertTrue(Files.isRegularFile(cache.resolve(".locks/models--org--bert/" + modelSha() + ".lock")));
  }

  @Test
  void twoProcessesShareOneDownloadThroughTheLockFile() throws Exception {
    hub.cdnChunkDelayMillis = 1500;
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      children.add(new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          HubDownloadChild.class.getName(), hub.endpoint().toString(), cache.toString(), "org/bert")
          .redirectErrorStream(true).start());
    }
    for (Process p : children) {
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), out);
      assertTrue(out.contains("sha256=" + modelSha()), out);
    }
    assertEquals(1, hub.cdnGets.get(modelSha()).get(), "the second process waited on the .lock file and reused the blob");
  }

  @Test
  void aRepoWithoutOnnxSaysHowToExportOne() throws IOException {
    hub.repo("org/plain").commit("main", Map.of("model.safetensors", new byte[] {1, 2, 3},
        "tokenizer.json", files.get("tokenizer.json"), "config.json", files.get("config.json")));
    HubException x = assertThrows(HubException.class, () -> open("org/plain"));
    assertEquals(HubException.Kind.NO_ONNX, x.kind());
    assertTrue(x.getMessage().startsWith("hf:org/plain@main ships no ONNX file")
        && x.getMessage().contains("optimum-cli export onnx --model org/plain --task feature-extraction DIR")
        && x.getMessage().contains("backend=\"onnx\"") && x.getMessage().contains("--model-dir NAME=DIR"), x.getMessage());
    hub.repo("org/no-tokenizer").commit("main", Map.of("onnx/model.onnx", files.get("onnx/model.onnx")));
    HubException tok = assertThrows(HubException.class, () -> open("org/no-tokenizer"));
    assertEquals(HubException.Kind.FILE_NOT_FOUND, tok.kind());
    assertTrue(tok.getMessage().startsWith("hf:org/no-tokenizer@main tokenizer.json: the repo has no tokenizer.json"),
        tok.getMessage());
  }
}

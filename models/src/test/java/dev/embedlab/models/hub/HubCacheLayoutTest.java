package dev.embedlab.models.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.retrieval.ProvenanceSource;
import dev.embedlab.core.source.EmbedderSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache is {@code huggingface_hub}'s: what embedlab writes is laid out as Python lays it out,
 * a folder laid out by hand the way Python does is used with the Hub stopped, and
 * {@code HF_HUB_OFFLINE=1} never touches the network and says what is missing.
 */
class HubCacheLayoutTest {
  static final List<String> TEXTS = List.of("서울은", "서울은 한국의 수도입니다", "Seoul");

  @TempDir Path tmp;
  FakeHub hub;
  HubFixture fx;
  Map<String, byte[]> files;
  String commit;

  @BeforeEach
  void start() throws IOException {
    hub = new FakeHub();
    fx = new HubFixture(tmp);
    files = fx.xlmr("modules.json", HubFixture.modules(true), "config_sentence_transformers.json",
        "{\"prompts\": {\"query\": \"query: \", \"passage\": \"passage: \"}, \"default_prompt_name\": null}");
    commit = hub.repo("intfloat/tiny-e5").commit("main", files);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  Embedder open(String spec, Path cache, FakeHub server, String... env) throws IOException {
    return EmbedderSources.load().open(spec, fx.context(server, cache, env));
  }

  /**
   * The proof run: an {@code hf:} model loaded from the loopback Hub, then again with
   * {@code HF_HUB_OFFLINE=1} from the cache alone (the Hub stopped): same vectors, same commit and
   * file SHA-256s. Prints the progress lines and the provenance for docs/notes/h5-hub.md.
   */
  @Test
  void proofRunDownloadOnceThenOfflineFromTheCache() throws IOException {
    Path cache = tmp.resolve("hf-cache");
    float[][] online;
    String onlineProv;
    try (Embedder e = open("hf:intfloat/tiny-e5", cache, hub)) {
      online = e.embed(TEXTS, Role.QUERY);
      onlineProv = ProvenanceSource.provenanceOf(e).canonical();
    }
    int requests = hub.requests.size();
    hub.close();
    float[][] offline;
    String offlineProv;
    try (Embedder e = open("hf:intfloat/tiny-e5", cache, null, "HF_HUB_OFFLINE", "1")) {
      offline = e.embed(TEXTS, Role.QUERY);
      offlineProv = ProvenanceSource.provenanceOf(e).canonical();
    }
    assertEquals(requests, hub.requests.size(), "offline = no request");
    for (int i = 0; i < TEXTS.size(); i++) {
      assertArrayEquals(online[i], offline[i], 0f, TEXTS.get(i));
    }
    assertArrayEquals(HubFixture.xlmrExpected("▁query", ":", "▁서울", "은"), online[0], 1e-6f);
    assertEquals(onlineProv.replace("fromCacheOnly=false", "fromCacheOnly=true"), offlineProv);
    assertTrue(onlineProv.contains("commit=" + commit) && onlineProv.contains("sha256:onnx/model.onnx="
        + FakeHub.sha256(files.get("onnx/model.onnx"))), onlineProv);
    System.out.println("[proof] progress:\n  " + String.join("\n  ", fx.progress));
    System.out.println("[proof] online provenance:  " + onlineProv);
    System.out.println("[proof] offline provenance: " + offlineProv);
  }

  @Test
  void whatEmbedlabWritesIsLaidOutAsHuggingfaceHubLaysItOut() throws IOException {
    Path cache = tmp.resolve("hf-cache");
    try (Embedder e = open("hf:intfloat/tiny-e5", cache, hub)) {
      e.embed(List.of("x"), Role.DOCUMENT);
    }
    Path repo = cache.resolve("models--intfloat--tiny-e5");
    assertEquals(commit, Files.readString(repo.resolve("refs/main")), "refs/main holds the sha, no newline");
    String modelSha = FakeHub.sha256(files.get("onnx/model.onnx"));
    Path model = repo.resolve("snapshots/" + commit + "/onnx/model.onnx");
    assertTrue(Files.isSymbolicLink(model));
    assertEquals(Path.of("../../../blobs/" + modelSha), Files.readSymbolicLink(model), "relative link to the blob named by SHA-256");
    Path tok = repo.resolve("snapshots/" + commit + "/tokenizer.json");
    assertEquals(Path.of("../../blobs/" + FakeHub.gitSha1(files.get("tokenizer.json"))), Files.readSymbolicLink(tok),
        "a file stored in git is named by its git blob sha1 (its ETag)");
    assertTrue(Files.isRegularFile(repo.resolve(".no_exist/" + commit + "/config.json")), "absent optional files are recorded");
    try (Stream<Path> s = Files.walk(repo)) {
      assertFalse(s.anyMatch(p -> p.toString().endsWith(".incomplete") || p.toString().endsWith(".tmp")));
    }
    // Files the model does not need are not downloaded.
    assertFalse(Files.exists(repo.resolve("snapshots/" + commit + "/sentence_bert_config.json.unused")));
  }

  /** Lays {@code files} out the way {@code huggingface_hub.snapshot_download} does. */
  static void writePythonCache(Path cache, String repoId, String commit, Map<String, byte[]> files) throws IOException {
    Path repo = cache.resolve("models--" + repoId.replace("/", "--"));
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), commit, StandardCharsets.UTF_8);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String etag = FakeHub.isLfs(f.getKey()) ? FakeHub.sha256(f.getValue()) : FakeHub.gitSha1(f.getValue());
      Path blob = repo.resolve("blobs/" + etag);
      Files.createDirectories(blob.getParent());
      Files.write(blob, f.getValue());
      Path link = repo.resolve("snapshots/" + commit + "/" + f.getKey());
      Files.createDirectories(link.getParent());
      Files.createSymbolicLink(link, link.getParent().relativize(blob));
    }
  }

  @Test
  void aCacheLaidOutByPythonIsUsedWithTheHubStopped() throws IOException {
    Path cache = tmp.resolve("python-cache");
    Map<String, byte[]> all = new java.util.LinkedHashMap<>(files);
    all.put("model.safetensors", new byte[] {1, 2, 3}); // Python pulls everything; embedlab reads what it needs
    writePythonCache(cache, "intfloat/tiny-e5", commit, all);
    hub.close();
    try (Embedder e = open("hf:intfloat/tiny-e5", cache, null)) {
      assertArrayEquals(HubFixture.xlmrExpected("▁passage", ":", "▁서울", "은"), e.embed(List.of("서울은"), Role.DOCUMENT)[0], 1e-6f);
      assertTrue(ProvenanceSource.provenanceOf(e).canonical().contains("commit=" + commit));
    }
    assertTrue(fx.progress.stream().anyMatch(l -> l.contains("cannot be reached") && l.contains("trying the cache")), fx.progress.toString());
    assertTrue(fx.progress.stream().anyMatch(l -> l.contains("using commit " + commit + " from the cache")), fx.progress.toString());
  }

  @Test
  void offlineNeverCallsTheHubAndSaysWhatIsMissing() throws IOException {
    Path empty = tmp.resolve("empty-cache");
    HubException none = assertThrows(HubException.class, () -> open("hf:intfloat/tiny-e5", empty, hub, "HF_HUB_OFFLINE", "1"));
    assertEquals(HubException.Kind.NOT_CACHED, none.kind());
    String m = none.getMessage();
    assertTrue(m.startsWith("hf:intfloat/tiny-e5@main is not in the cache: ")
        && m.contains(empty.resolve("models--intfloat--tiny-e5/refs/main").toString()) && m.contains("HF_HUB_OFFLINE is set")
        && m.contains("hf download intfloat/tiny-e5"), m);
    Path cache = tmp.resolve("python-cache");
    writePythonCache(cache, "intfloat/tiny-e5", commit, files);
    try (Embedder byCommit = open("hf:intfloat/tiny-e5@" + commit, cache, hub, "HF_HUB_OFFLINE", "true")) {
      assertEquals(384, byCommit.dimension());
    }
    HubException variant = assertThrows(HubException.class,
        () -> open("hf:intfloat/tiny-e5#onnx/model_O4.onnx", cache, hub, "HF_HUB_OFFLINE", "1"));
    assertEquals(HubException.Kind.NOT_CACHED, variant.kind());
    assertTrue(variant.getMessage().startsWith("hf:intfloat/tiny-e5@main onnx/model_O4.onnx: not in the cache snapshot")
        && variant.getMessage().contains("ONNX files cached there: [onnx/model.onnx]"), variant.getMessage());
    assertTrue(hub.requests.isEmpty(), "offline: no request at all; got " + hub.requests);
  }

  @Test
  void aVariantIsItsOwnCandidateAndBringsItsExternalData() throws IOException {
    byte[] plain = fx.bert().get("onnx/model.onnx");
    Path scratch = Files.createDirectories(tmp.resolve("variant"));
    Map<String, byte[]> bert = fx.bert("modules.json", HubFixture.modules(false), "1_Pooling/config.json", HubFixture.pooling("cls"));
    // A second, different valid graph (no token_type_ids) stands for the quantised export.
    byte[] variant = dev.embedlab.models.HubTestModels.bertWithoutTokenTypes(scratch);
    bert.put("onnx/model_qint8_avx512_vnni.onnx", variant);
    bert.put("onnx/model_qint8_avx512_vnni.onnx_data", new byte[] {9, 9, 9});
    bert.put("onnx/model_O4.onnx", plain);
    hub.repo("org/bert").commit("main", bert);
    Path cache = tmp.resolve("hf-cache");
    try (HubEmbedder q = (HubEmbedder) open("hf:org/bert#onnx/model_qint8_avx512_vnni.onnx", cache, hub);
        HubEmbedder d = (HubEmbedder) open("hf:org/bert", cache, hub)) {
      assertEquals("hf:org/bert#onnx/model_qint8_avx512_vnni.onnx", q.id());
      assertEquals("hf:org/bert", d.id());
      assertFalse(q.onnx().feedsTokenTypeIds());
      assertTrue(d.onnx().feedsTokenTypeIds());
      assertEquals(FakeHub.sha256(new byte[] {9, 9, 9}), q.snapshot().sha256().get("onnx/model_qint8_avx512_vnni.onnx_data"));
      assertEquals(101f, q.embed(List.of("hello"), Role.DOCUMENT)[0][0], "same CLS pooling from the same configuration");
    }
    assertFalse(hub.cdnGets.containsKey(FakeHub.sha256(plain)) && hub.cdnGets.get(FakeHub.sha256(plain)).get() > 1,
        "onnx/model_O4.onnx was never asked for");
    assertTrue(hub.requests.stream().noneMatch(r -> r.contains("model_O4")), hub.requests.toString());
  }

  @Test
  void aPinnedCommitThatIsFullyCachedAsksTheHubNothing() throws IOException {
    Path cache = tmp.resolve("hf-cache");
    String pinned = "hf:intfloat/tiny-e5@" + commit;
    float[] first;
    try (Embedder e = open(pinned, cache, hub)) {
      first = e.embed(List.of("서울은"), Role.QUERY)[0];
    }
    int requests = hub.requests.size();
    try (Embedder e = open(pinned, cache, hub)) {
      assertArrayEquals(first, e.embed(List.of("서울은"), Role.QUERY)[0], 0f);
    }
    assertEquals(requests, hub.requests.size(), "no request for a pinned, fully cached commit: " + hub.requests);
    try (Embedder e = open("hf:intfloat/tiny-e5", cache, hub)) {
      e.dimension();
    }
    assertEquals(requests + 1, hub.requests.size(), "a branch is looked up (one model-info call), its files are not fetched again");
  }
}

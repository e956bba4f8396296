package dev.embedlab.models.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.source.EmbedderSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code huggingface_hub} (Python) and embedlab share one cache, both ways, against the
 * loopback {@link FakeHub} (which also shows the fake speaks the protocol Python's client expects).
 * Needs a Python with {@code huggingface_hub} importable: {@code EMBEDLAB_PYTHON} (default
 * {@code python3}) and its {@code PYTHONPATH}; skipped with the reason otherwise.
 */
class PythonInteropTest {
  @TempDir Path tmp;
  FakeHub hub;
  HubFixture fx;
  Map<String, byte[]> files;
  String commit;
  String python;

  @BeforeEach
  void start() throws Exception {
    python = System.getenv().getOrDefault("EMBEDLAB_PYTHON", "python3");
    String version = null;
    try {
      version = run(Map.of(), "import huggingface_hub; print(huggingface_hub.__version__)").strip();
    } catch (IOException | IllegalStateException e) {
      // reported by the assumption below
    }
    assumeTrue(version != null && !version.isEmpty(), "skipped: no Python with huggingface_hub (set EMBEDLAB_PYTHON"
        + " and PYTHONPATH to run the interoperability check); python=" + python);
    System.out.println("[interop] huggingface_hub " + version);
    hub = new FakeHub();
    fx = new HubFixture(tmp);
    files = fx.xlmr("modules.json", HubFixture.modules(true), "config_sentence_transformers.json",
        "{\"prompts\": {\"query\": \"query: \", \"passage\": \"passage: \"}}");
    commit = hub.repo("intfloat/tiny-e5").commit("main", files);
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  String run(Map<String, String> env, String script) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(python, "-c", script).redirectErrorStream(true);
    pb.environment().putAll(env);
    pb.environment().put("HF_HUB_DISABLE_TELEMETRY", "1");
    pb.environment().put("HF_HUB_DISABLE_PROGRESS_BARS", "1");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("python failed:\n" + out);
    }
    return out;
  }

  Map<String, String> pythonEnv(Path cache, boolean offline) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("HF_ENDPOINT", hub.endpoint().toString(),
        "HF_HUB_CACHE", cache.toString(), "HF_HOME", tmp.resolve("py-home").toString()));
    if (offline) {
      env.put("HF_HUB_OFFLINE", "1");
    }
    return env;
  }

  @Test
  void whatPythonDownloadedEmbedlabUsesOffline() throws Exception {
    Path cache = tmp.resolve("cache");
    String out = run(pythonEnv(cache, false), "from huggingface_hub import snapshot_download\n"
        + "print(snapshot_download('intfloat/tiny-e5'))");
    assertTrue(out.strip().endsWith("snapshots/" + commit), out);
    int requests = hub.requests.size();
    try (Embedder e = EmbedderSources.load().open("hf:intfloat/tiny-e5", fx.context(hub, cache, "HF_HUB_OFFLINE", "1"))) {
      assertArrayEquals(HubFixture.xlmrExpected("▁query", ":", "▁서울", "은"), e.embed(List.of("서울은"), Role.QUERY)[0], 1e-6f);
    }
    assertEquals(requests, hub.requests.size(), "embedlab made no request");
    System.out.println("[interop] Python snapshot_download -> embedlab offline: OK, " + out.strip());
  }

  @Test
  void whatEmbedlabDownloadedPythonUsesWithoutDownloadingAgain() throws Exception {
    Path cache = tmp.resolve("cache");
    try (Embedder e = EmbedderSources.load().open("hf:intfloat/tiny-e5", fx.context(hub, cache))) {
      e.embed(List.of("x"), Role.DOCUMENT);
    }
    String modelSha = FakeHub.sha256(files.get("onnx/model.onnx"));
    List<String> checks = new ArrayList<>();
    String script = "import hashlib\nfrom huggingface_hub import hf_hub_download, try_to_load_from_cache\n"
        + "for f in ['onnx/model.onnx', 'tokenizer.json', 'modules.json']:\n"
        + "    p = hf_hub_download('intfloat/tiny-e5', f)\n"
        + "    print(f, hashlib.sha256(open(p, 'rb').read()).hexdigest())\n"
        + "print('cached', try_to_load_from_cache('intfloat/tiny-e5', 'onnx/model.onnx') is not None)\n";
    String offline = run(pythonEnv(cache, true), script);
    checks.add(offline);
    assertTrue(offline.contains("onnx/model.onnx " + modelSha) && offline.contains("cached True")
        && offline.contains("tokenizer.json " + FakeHub.sha256(files.get("tokenizer.json"))), offline);
    String online = run(pythonEnv(cache, false), script);
    assertTrue(online.contains("onnx/model.onnx " + modelSha), online);
    assertEquals(1, hub.cdnGets.get(modelSha).get(), "Python found embedlab's blob and did not download it again");
    System.out.println("[interop] embedlab -> Python (offline and online):\n" + offline);
  }
}

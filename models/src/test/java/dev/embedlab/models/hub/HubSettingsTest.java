package dev.embedlab.models.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.core.source.SourceContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names and environment read as {@code huggingface_hub} reads them. */
class HubSettingsTest {
  @TempDir Path tmp;

  static HubSettings settings(String... kv) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      env.put(kv[i], kv[i + 1]);
    }
    return HubSettings.from(new SourceContext(env, null, 1, null));
  }

  @Test
  void cacheFolderPrecedenceIsHuggingfaceHubs() {
    assertEquals(Path.of("/a"), settings("HF_HUB_CACHE", "/a", "HUGGINGFACE_HUB_CACHE", "/b", "HF_HOME", "/c").cacheDir());
    assertEquals(Path.of("/b"), settings("HUGGINGFACE_HUB_CACHE", "/b", "HF_HOME", "/c").cacheDir());
    assertEquals(Path.of("/c/hub"), settings("HF_HOME", "/c", "XDG_CACHE_HOME", "/x").cacheDir());
    assertEquals(Path.of("/x/huggingface/hub"), settings("XDG_CACHE_HOME", "/x").cacheDir());
    assertEquals(Path.of(System.getProperty("user.home"), ".cache/huggingface/hub"), settings().cacheDir());
    assertEquals(Path.of(System.getProperty("user.home"), "models/hub"), settings("HF_HOME", "~/models").cacheDir());
  }

  @Test
  void endpointOfflineAndTokenSources() throws IOException {
    assertEquals(URI.create("https://huggingface.co"), settings().endpoint());
    assertEquals(URI.create("http://mirror.local:8080/hf"), settings("HF_ENDPOINT", "http://mirror.local:8080/hf/").endpoint());
    assertThrows(IllegalArgumentException.class, () -> settings("HF_ENDPOINT", "ftp://x"));
    for (String on : new String[] {"1", "true", "YES", "on"}) {
      assertTrue(settings("HF_HUB_OFFLINE", on).offline(), on);
    }
    assertTrue(settings("TRANSFORMERS_OFFLINE", "1").offline());
    assertFalse(settings("HF_HUB_OFFLINE", "0").offline());
    Path home = Files.createDirectories(tmp.resolve("home"));
    assertNull(settings("HF_HOME", home.toString()).token());
    Files.writeString(home.resolve("token"), "hf_FromLoginFile\n");
    assertEquals("hf_FromLoginFile", settings("HF_HOME", home.toString()).token(), "what `hf auth login` wrote");
    assertEquals("hf_Env", settings("HF_HOME", home.toString(), "HF_TOKEN", "hf_Env").token());
    HubSettings s = settings("HF_TOKEN", "hf_Se/cret+1");
    assertFalse(s.toString().contains("hf_Se"), s.toString());
    assertEquals("a [REDACTED] b [REDACTED]", s.redact("a hf_Se/cret+1 b hf_Se%2Fcret%2B1"));
  }

  @Test
  void namesParseWithRevisionAndFile() {
    HubRepoRef r = HubRepoRef.parse("BAAI/bge-small-en-v1.5@refs/pr/3#onnx/model_qint8_avx512_vnni.onnx");
    assertEquals("BAAI/bge-small-en-v1.5", r.repo());
    assertEquals("refs/pr/3", r.revision());
    assertEquals("onnx/model_qint8_avx512_vnni.onnx", r.onnxFile());
    assertEquals("models--BAAI--bge-small-en-v1.5", r.cacheFolderName());
    assertEquals("main", HubRepoRef.parse("intfloat/multilingual-e5-small").revision());
    assertFalse(HubRepoRef.parse("a/b@main").pinned());
    assertTrue(HubRepoRef.parse("a/b@0123456789abcdef0123456789abcdef01234567").pinned());
    for (String bad : new String[] {"", "a/b/c", "a//b", "a/b@", "a/b#model.bin", "a/b#../x.onnx", "a/--b", "a b/c", "a/b@x y"}) {
      IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> HubRepoRef.parse(bad), bad);
      assertTrue(x.getMessage().contains("ORG/NAME[@REVISION][#FILE.onnx]"), x.getMessage());
    }
    assertEquals("%2Frefs%2Fpr%2F3".substring(3), HubHttp.quote("refs/pr/3"));
    assertEquals("abc", HubHttp.normalizeEtag("W/\"abc\""));
  }

  @Test
  void externalDataBelongsToItsOnnxFileAndNoPathLeavesTheSnapshot() {
    assertTrue(HubResolver.isExternalData("onnx/model.onnx", "onnx/model.onnx_data"));
    assertTrue(HubResolver.isExternalData("onnx/model.onnx", "onnx/model.onnx.data"));
    assertFalse(HubResolver.isExternalData("onnx/model.onnx", "onnx/model_O4.onnx"));
    assertFalse(HubResolver.isExternalData("onnx/model.onnx", "onnx/model_qint8.onnx_data"));
    assertFalse(HubResolver.isExternalData("onnx/model.onnx", "onnx/model.onnx_data/../../../../evil"));
    HubCache cache = new HubCache(tmp, HubRepoRef.parse("a/b"));
    String c = "0123456789abcdef0123456789abcdef01234567";
    assertEquals(tmp.resolve("models--a--b/snapshots/" + c + "/onnx/model.onnx"), cache.snapshotFile(c, "onnx/model.onnx"));
    for (String bad : new String[] {"../x", "onnx/../../x", "/etc/passwd", ""}) {
      assertThrows(IllegalArgumentException.class, () -> cache.snapshotFile(c, bad), bad);
    }
  }
}

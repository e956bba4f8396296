package dev.embedlab.models.hub;

import dev.embedlab.models.HubTestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models module's loopback Hugging Face Hub ({@link FakeHub}, package-private there) opened to
 * the end-to-end tests: it serves a generated tiny BERT-shaped sentence-transformers repo.
 */
public final class LoopbackHub implements AutoCloseable {
  private final FakeHub hub;

  /** Starts the Hub and its CDN on 127.0.0.1. */
  public LoopbackHub() throws IOException {
    hub = new FakeHub();
  }

  /**
   * Publishes {@code repo} (e.g. {@code org/tiny-bert}) on branch main: {@link HubTestModels#bert}'s
   * ONNX graph and WordPiece tokenizer with mean pooling and a Normalize module.
   *
   * @return the commit sha
   */
  public String publishTinyBert(String repo, Path scratch) throws IOException {
    return publishTinyBert(repo, scratch, Map.of());
  }

  /** As {@link #publishTinyBert(String, Path)}, with {@code extra} files added (e.g. a {@code sentence_bert_config.json}). */
  public String publishTinyBert(String repo, Path scratch, Map<String, byte[]> extra) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>(HubTestModels.bert(scratch));
    files.putAll(extra);
    files.put("modules.json", HubFixture.modules(true).getBytes(StandardCharsets.UTF_8));
    files.put("1_Pooling/config.json", HubFixture.pooling("mean").getBytes(StandardCharsets.UTF_8));
    return hub.repo(repo).commit("main", files);
  }

  /** The Hub's base URL, for {@code HF_ENDPOINT}. */
  public String endpoint() {
    return hub.endpoint().toString();
  }

  /** Requests the Hub (not its CDN) answered so far. */
  public int requests() {
    return hub.requests.size();
  }

  @Override
  public void close() {
    hub.close();
  }
}

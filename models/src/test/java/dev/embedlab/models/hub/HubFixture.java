package dev.embedlab.models.hub;

import dev.embedlab.core.source.SourceContext;
import dev.embedlab.models.HubTestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Shared set-up of the Hub tests: generated repos, a context pointing at a {@link FakeHub}, progress lines kept. */
final class HubFixture {
  static float[] xlmrExpected(String... pieces) {
    return HubTestModels.xlmrExpected(pieces);
  }

  /** All-MiniLM ids used in the hand computations. */
  static final int CLS = 101;
  static final int SEP = 102;
  static final int HELLO = 7592;
  static final int WORLD = 2088;

  /** Mean of token ids: the tiny BERT model's mean-pooled, unnormalised one-dimensional vector. */
  static float mean(int... ids) {
    double s = 0;
    for (int i : ids) {
      s += i;
    }
    return (float) (s / ids.length);
  }

  final List<String> progress = new CopyOnWriteArrayList<>();
  final Path tmp;

  HubFixture(Path tmp) {
    this.tmp = tmp;
  }

  /** The BERT-shaped repo plus the sentence-transformers files given as path, content pairs. */
  Map<String, byte[]> bert(String... pathContent) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>(HubTestModels.bert(tmp.resolve("gen-bert")));
    put(files, pathContent);
    return files;
  }

  /** The XLM-R-shaped repo plus the files given as path, content pairs. */
  Map<String, byte[]> xlmr(String... pathContent) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>(HubTestModels.xlmr(tmp.resolve("gen-xlmr")));
    put(files, pathContent);
    return files;
  }

  static void put(Map<String, byte[]> files, String... pathContent) {
    for (int i = 0; i < pathContent.length; i += 2) {
      files.put(pathContent[i], pathContent[i + 1].getBytes(StandardCharsets.UTF_8));
    }
  }

  static String modules(boolean normalize) {
    return "[{\"idx\": 0, \"name\": \"0\", \"path\": \"\", \"type\": \"sentence_transformers.models.Transformer\"},"
        + " {\"idx\": 1, \"name\": \"1\", \"path\": \"1_Pooling\", \"type\": \"sentence_transformers.models.Pooling\"}"
        + (normalize ? ", {\"idx\": 2, \"name\": \"2\", \"path\": \"2_Normalize\", \"type\": \"sentence_transformers.models.Normalize\"}" : "")
        + "]";
  }

  static String pooling(String mode) {
    return "{\"word_embedding_dimension\": 1, \"pooling_mode_cls_token\": " + mode.equals("cls")
        + ", \"pooling_mode_mean_tokens\": " + mode.equals("mean") + ", \"pooling_mode_max_tokens\": " + mode.equals("max")
        + ", \"pooling_mode_mean_sqrt_len_tokens\": false, \"include_prompt\": true}";
  }

  /** A context whose environment points at {@code hub} (null: at a closed port) and the cache {@code cache}. */
  SourceContext context(FakeHub hub, Path cache, String... envKv) {
    Map<String, String> env = new HashMap<>();
    env.put("HF_ENDPOINT", hub == null ? "http://127.0.0.1:9" : hub.endpoint().toString());
    env.put("HF_HUB_CACHE", cache.toString());
    env.put("HF_HOME", tmp.resolve("no-hf-home").toString()); // no token file of the machine's user
    for (int i = 0; i < envKv.length; i += 2) {
      env.put(envKv[i], envKv[i + 1]);
    }
    return new SourceContext(env, null, 1, progress::add);
  }
}

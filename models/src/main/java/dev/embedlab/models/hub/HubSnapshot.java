package dev.embedlab.models.hub;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Hub model's files on disk, in the cache's {@code snapshots/{commit}} folder, with what is
 * needed to reproduce them exactly.
 *
 * @param ref what was asked for
 * @param commit the commit sha the revision resolved to
 * @param dir the snapshot folder
 * @param onnxFile the ONNX file's path in the repo (and under {@code dir})
 * @param sha256 each file used (path in the repo → hex SHA-256 of its bytes)
 * @param fromCacheOnly whether the Hub was not asked (offline, or unreachable)
 */
public record HubSnapshot(HubRepoRef ref, String commit, Path dir, String onnxFile, Map<String, String> sha256,
    boolean fromCacheOnly) {

  public HubSnapshot {
    if (!HubRepoRef.isCommit(commit)) {
      throw new IllegalArgumentException("commit must be a 40-hex sha; commit=" + commit);
    }
    sha256 = Collections.unmodifiableMap(new TreeMap<>(sha256));
  }

  /** The ONNX file on disk. */
  public Path onnxPath() {
    return dir.resolve(onnxFile);
  }

  /** {@code tokenizer.json} on disk. */
  public Path tokenizerPath() {
    return dir.resolve("tokenizer.json");
  }
}

package dev.embedlab.models.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.models.hub.HubException.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of {@code GET /api/models/{repo}/revision/{rev}?blobs=true} embedlab uses: the commit
 * sha and the files ({@code siblings}: {@code rfilename}, {@code size}, {@code lfs.sha256}).
 *
 * @param commit the 40-hex commit the revision points to
 * @param files file path → what is known about it, in the Hub's order
 */
record ModelInfo(String commit, Map<String, Sibling> files) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One file of the repo.
   *
   * @param path its path in the repo
   * @param size its size in bytes, or -1 when not given
   * @param lfsSha256 the SHA-256 of an LFS file, or null for a file stored in git
   */
  record Sibling(String path, long size, String lfsSha256) {}

  ModelInfo {
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  static ModelInfo parse(byte[] body, HubRepoRef ref, HubSettings settings) throws HubException {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (IOException e) {
      throw new HubException(Kind.PROTOCOL, HubHttp.where(ref, null) + ": model info from "
          + settings.endpoint().getHost() + " is not JSON: " + settings.redact(e.getMessage()), e);
    }
    String sha = n == null ? null : n.path("sha").asText(null);
    if (!HubRepoRef.isCommit(sha)) {
      throw new HubException(Kind.PROTOCOL, HubHttp.where(ref, null) + ": model info lacks a 40-hex 'sha'"
          + " (the commit of the revision); found " + (sha == null ? "none" : "'" + settings.redact(sha) + "'"));
    }
    Map<String, Sibling> files = new LinkedHashMap<>();
    for (JsonNode s : n.path("siblings")) {
      String path = s.path("rfilename").asText(null);
      if (path == null || path.isBlank()) {
        continue;
      }
      JsonNode lfs = s.path("lfs");
      String lfsSha = lfs.isObject() ? lfs.path("sha256").asText(null) : null;
      files.put(path, new Sibling(path, s.path("size").asLong(-1), lfsSha));
    }
    return new ModelInfo(sha, files);
  }

  /** The files whose name ends with {@code .onnx}, in the Hub's order. */
  List<String> onnxFiles() {
    List<String> out = new ArrayList<>();
    for (String p : files.keySet()) {
      if (p.endsWith(".onnx")) {
        out.add(p);
      }
    }
    return out;
  }
}

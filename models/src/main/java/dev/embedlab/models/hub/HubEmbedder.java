package dev.embedlab.models.hub;

import dev.embedlab.core.TokenCounting;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Fingerprinted;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.core.retrieval.Provenance;
import dev.embedlab.core.retrieval.ProvenanceSource;
import dev.embedlab.models.OnnxEmbedder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link OnnxEmbedder} loaded from the Hub, carrying where it came from: its
 * {@link #provenance()} is kind {@code hf-model} with the repo, the revision asked for, the commit
 * it resolved to, the ONNX file and the SHA-256 of every file used ({@code sha256:PATH}), on top of
 * the ONNX embedder's own provenance, so a report row can be reproduced exactly. Vectors,
 * fingerprint and usage are the ONNX embedder's. Owns the ONNX embedder: {@link #close()} closes it.
 */
public final class HubEmbedder implements Embedder, TokenCounting, Fingerprinted, UsageReporting, ProvenanceSource {
  private final OnnxEmbedder onnx;
  private final HubSnapshot snapshot;
  private final StSettings config;
  private final String id;

  HubEmbedder(OnnxEmbedder onnx, HubSnapshot snapshot, StSettings config) {
    this.onnx = onnx;
    this.snapshot = snapshot;
    this.config = config;
    this.id = onnx.id();
  }

  @Override
  public float[][] embed(List<String> texts, Role role) {
    return onnx.embed(texts, role);
  }

  @Override
  public int dimension() {
    return onnx.dimension();
  }

  /** {@code hf:ORG/NAME[@REV][#FILE]} as asked for. */
  @Override
  public String id() {
    return id;
  }

  @Override
  public String fingerprint() {
    return onnx.fingerprint();
  }

  @Override
  public int[] tokenCounts(List<String> texts, Role role) {
    return onnx.tokenCounts(texts, role);
  }

  @Override
  public int maxLength() {
    return onnx.maxLength();
  }

  @Override
  public Usage usage() {
    return onnx.usage();
  }

  @Override
  public void resetUsage() {
    onnx.resetUsage();
  }

  @Override
  public Provenance provenance() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("repo", snapshot.ref().repo());
    p.put("revision", snapshot.ref().revision());
    p.put("commit", snapshot.commit());
    p.put("onnxFile", snapshot.onnxFile());
    p.put("fromCacheOnly", snapshot.fromCacheOnly());
    p.put("maxLength", config.maxLength());
    snapshot.sha256().forEach((f, sha) -> p.put("sha256:" + f, sha));
    if (!config.notes().isEmpty()) {
      p.put("configNotes", String.join(" | ", config.notes()));
    }
    return Provenance.of("hf-model", p, onnx.provenance());
  }

  /** The ONNX embedder underneath (pooling, prefixes, maximum length, token counts). */
  public OnnxEmbedder onnx() {
    return onnx;
  }

  /** The files on disk, the commit and their SHA-256s. */
  public HubSnapshot snapshot() {
    return snapshot;
  }

  /** The sentence-transformers configuration that was applied. */
  public StSettings config() {
    return config;
  }

  @Override
  public void close() {
    onnx.close();
  }

  @Override
  public String toString() {
    return "HubEmbedder[" + id + ", commit=" + snapshot.commit() + ", " + onnx + "]";
  }
}

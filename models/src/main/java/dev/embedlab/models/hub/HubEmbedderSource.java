package dev.embedlab.models.hub;

import dev.embedlab.core.source.EmbedderSource;
import dev.embedlab.core.source.SourceContext;
import dev.embedlab.models.OnnxEmbedder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@code hf:} scheme: {@code hf:ORG/NAME[@REVISION][#FILE.onnx]} opens the repo's ONNX export
 * with the settings its sentence-transformers configuration asks for (see {@link StSettings}),
 * files fetched through {@link HubResolver} into the {@code huggingface_hub} cache.
 *
 * <p>{@link #validate} checks only the name's shape (no network). {@link #open} throws
 * {@link HubException} (an {@link IOException} whose {@link HubException#kind()} says which case)
 * for everything the Hub or the cache refuses, and {@link IllegalArgumentException} for a
 * malformed name or a configuration embedlab cannot honour.
 */
public final class HubEmbedderSource implements EmbedderSource {

  /** For {@link java.util.ServiceLoader}. */
  public HubEmbedderSource() {}

  @Override
  public String scheme() {
    return "hf";
  }

  @Override
  public String usage() {
    return "hf:ORG/NAME[@REVISION][#FILE.onnx] — a sentence-transformers ONNX export from the Hugging Face Hub,"
        + " cached where huggingface_hub caches (HF_TOKEN, HF_ENDPOINT, HF_HOME/HF_HUB_CACHE, HF_HUB_OFFLINE=1)";
  }

  @Override
  public void validate(String name, SourceContext context) {
    HubRepoRef.parse(name);
  }

  @Override
  public HubEmbedder open(String name, SourceContext context) throws IOException {
    return open(HubRepoRef.parse(name), HubSettings.from(context), context);
  }

  /** Opens {@code ref} with explicit settings (tests, or an application that does not use the environment). */
  public static HubEmbedder open(HubRepoRef ref, HubSettings settings, SourceContext context) throws IOException {
    HubSnapshot snap = new HubResolver(settings, context.progress()).resolve(ref);
    String where = "hf:" + ref + " (commit " + snap.commit() + ", " + snap.dir() + ")";
    try {
      StSettings st = StSettings.read(snap.dir()).withCardPrefixes(ref.repo());
      OnnxEmbedder onnx = OnnxEmbedder.builder(snap.onnxPath(), snap.tokenizerPath())
          .id("hf:" + ref)
          .pooling(st.pooling())
          .normalize(st.normalize())
          .maxPositions(st.maxPositions())
          .maxLength(st.maxLength())
          .queryPrefix(st.queryPrefix())
          .documentPrefix(st.documentPrefix())
          .intraOpThreads(context.threads())
          .build();
      return new HubEmbedder(onnx, snap, st);
    } catch (UncheckedIOException e) {
      throw new IOException(where + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }
}

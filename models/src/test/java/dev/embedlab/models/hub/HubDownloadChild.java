package dev.embedlab.models.hub;

import dev.embedlab.core.source.SourceContext;
import java.nio.file.Path;
import java.util.Map;

/**
 * A second process for {@link HubDownloadTest}: resolves {@code args[2]} from the Hub at
 * {@code args[0]} into the cache {@code args[1]} and prints the ONNX file's SHA-256.
 */
public final class HubDownloadChild {
  private HubDownloadChild() {}

  public static void main(String[] args) throws Exception {
    SourceContext ctx = new SourceContext(Map.of("HF_ENDPOINT", args[0], "HF_HUB_CACHE", args[1],
        "HF_HOME", Path.of(args[1]).resolveSibling("no-home").toString()), null, 1, System.err::println);
    HubSnapshot s = new HubResolver(HubSettings.from(ctx), ctx.progress()).resolve(HubRepoRef.parse(args[2]));
    System.out.println("sha256=" + s.sha256().get(s.onnxFile()));
  }
}

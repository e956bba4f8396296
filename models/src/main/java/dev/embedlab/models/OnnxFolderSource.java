package dev.embedlab.models;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.source.EmbedderSource;
import dev.embedlab.core.source.SourceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * An ONNX sentence-transformer folder, {@code onnx:DIR} (model.onnx or onnx/model.onnx, tokenizer.json,
 * optionally sentence_bert_config.json and 1_Pooling/config.json), with optional
 * {@code ?maxLength=N&pooling=mean|cls|max&queryPrefix=…&documentPrefix=…} options (percent-encoded).
 * The embedder's id is the folder's name.
 */
public final class OnnxFolderSource implements EmbedderSource {

  /** For {@link java.util.ServiceLoader}. */
  public OnnxFolderSource() {}

  @Override
  public String scheme() {
    return "onnx";
  }

  @Override
  public String usage() {
    return "onnx:DIR[?pooling=cls&maxLength=N&queryPrefix=…&documentPrefix=…] — an ONNX sentence-transformer folder"
        + " (model.onnx and tokenizer.json)";
  }

  @Override
  public Embedder open(String name, SourceContext context) throws IOException {
    SourceOptions o = SourceOptions.parse(name);
    Path dir = check(name, o.name());
    return o.apply(OnnxEmbedder.builderFromFolder(dir), name, context.threads()).build();
  }

  @Override
  public void validate(String name, SourceContext context) {
    EmbedderSource.super.validate(name, context);
    SourceOptions o = SourceOptions.parse(name);
    check(name, o.name());
  }

  /** The folder, checked to hold a model and a tokenizer; the message lists what it holds. */
  private static Path check(String spec, String folder) {
    String expected = "expected a folder with model.onnx (or onnx/model.onnx) and tokenizer.json";
    Path dir = Path.of(folder);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("onnx:" + spec + (Files.exists(dir) ? " is a file" : ": no such folder")
          + "; " + expected);
    }
    List<String> found = listing(dir);
    boolean onnx = Files.isRegularFile(dir.resolve("model.onnx")) || Files.isRegularFile(dir.resolve("onnx/model.onnx"))
        || found.stream().filter(f -> f.endsWith(".onnx")).count() == 1;
    if (!onnx || !Files.isRegularFile(dir.resolve("tokenizer.json"))) {
      throw new IllegalArgumentException("onnx:" + spec + ": " + expected + "; found: "
          + (found.isEmpty() ? "nothing (empty folder)" : String.join(", ", found)));
    }
    return dir;
  }

  private static List<String> listing(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return List.copyOf(new TreeSet<>(s.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).toList()));
    } catch (IOException e) {
      return List.of();
    }
  }
}

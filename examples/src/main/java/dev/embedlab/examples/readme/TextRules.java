package dev.embedlab.examples.readme;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.ensemble.EnsembleEmbedder;
import dev.embedlab.core.text.PreprocessingEmbedder;
import dev.embedlab.core.text.TextPreprocessor;
import java.io.IOException;
import java.nio.file.Path;

/** The README's rule-file snippet (region {@code rules}), compiled and run by ReadmeSnippetsTest. */
public final class TextRules {
  private TextRules() {}

  /** Wraps {@code model} with the rules in {@code rulesFile} and ensembles {@code bge} and {@code e5}. */
  public static Embedder[] wire(Path rulesFile, Embedder model, Embedder bge, Embedder e5) throws IOException {
    // tag::rules[]
    TextPreprocessor rules = TextPreprocessor.load(rulesFile);           // e.g. Path.of("ko-commerce.rules")
    Embedder e = PreprocessingEmbedder.wrap(model, rules);       // id = model id + "+" + rules.id()
    Embedder both = EnsembleEmbedder.builder().add(bge, 0.5).add(e5, 0.5).build();  // dot = Σ wᵢ·cosᵢ
    // end::rules[]
    return new Embedder[] {e, both};
  }
}

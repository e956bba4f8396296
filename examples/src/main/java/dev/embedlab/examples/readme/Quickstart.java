package dev.embedlab.examples.readme;

// The README's Quickstart, whole: ReadmeSnippetsTest checks that the README shows exactly the
// region between the tag lines, and .ci/check-readme-quickstart compiles and runs it in a fresh
// Maven project that declares only the README's dependencies.
// tag::quickstart[]
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.util.List;

public class Quickstart {
  public static void main(String[] args) {
    List<String> docs = List.of("The cat sits on the mat.", "Stocks fell on Monday.");
    try (OnnxEmbedder model = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).build()) {  // weights from the classpath
      float[][] docVecs = model.embed(docs, Role.DOCUMENT);
      float[] query = model.embed(List.of("Where is the cat?"), Role.QUERY)[0];
      for (int i = 0; i < docs.size(); i++) {
        System.out.printf("%.3f  %s%n", VectorUtil.cosine(query, docVecs[i]), docs.get(i));  // vectors are L2-normalised
      }
      System.out.println(model.usage());                  // texts, tokens, truncated texts, batches
    }
  }
}
// end::quickstart[]

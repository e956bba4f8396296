package dev.embedlab.examples;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Embed a few texts with all-MiniLM-L6-v2 (weights from its Maven jar, run in-process) and rank
 * them by cosine similarity to a query.
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Dexec.mainClass=dev.embedlab.examples.QuickStart}
 */
public final class QuickStart {
  private QuickStart() {}

  /** Ranked texts for {@code query}, best first, each as "cosine  text". */
  public static List<String> search(Embedder model, String query, List<String> docs) {
    float[][] d = model.embed(docs, Role.DOCUMENT);
    float[] q = model.embed(List.of(query), Role.QUERY)[0];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble(i -> -VectorUtil.cosine(q, d[i])));
    List<String> out = new ArrayList<>();
    for (int i : order) {
      out.add(String.format(Locale.ROOT, "%.4f  %s", VectorUtil.cosine(q, d[i]), docs.get(i)));
    }
    return out;
  }

  public static void main(String[] args) {
    List<String> docs = List.of(
        "The cat sits on the mat.",
        "A feline is resting on a rug.",
        "Stock markets fell sharply on Monday.",
        "Vaccines train the immune system to recognise a virus.",
        "The recipe needs two cups of flour.");
    String query = args.length > 0 ? String.join(" ", args) : "Where is the cat?";
    try (OnnxEmbedder model = OnnxEmbedder.builder(KnownModel.ALL_MINILM_L6_V2).build()) {
      System.out.println("query: " + query + "   (model " + model.id() + ", " + model.dimension() + " dims)");
      search(model, query, docs).forEach(System.out::println);
    }
  }
}

package dev.embedlab.bakeoff.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.bakeoff.SyntheticSet;
import dev.embedlab.core.source.EmbedderSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code embedlab-dataset.json} that {@code prepare} writes beside a BEIR set it generated,
 * so the reports mark the set as synthetic; and tells paid API model names apart.
 */
final class SyntheticSets {
  /** The description file {@code prepare} writes (rag's {@code BeirWriter.DESCRIPTION}). */
  static final String DESCRIPTION = "embedlab-dataset.json";
  private static final Set<String> PAID = Set.of("openai", "azure", "gemini", "cohere", "voyage");

  private SyntheticSets() {}

  /**
   * The set's generation facts when {@code beir} holds a description with {@code "synthetic": true};
   * empty for a set without one (or {@code beir} null).
   *
   * @throws BakeOffMain.DataException when the description exists but cannot be read
   */
  static Optional<SyntheticSet> read(Path beir) throws BakeOffMain.DataException {
    if (beir == null || !Files.isRegularFile(beir.resolve(DESCRIPTION))) {
      return Optional.empty();
    }
    Path f = beir.resolve(DESCRIPTION);
    try {
      JsonNode d = new ObjectMapper().readTree(f.toFile());
      if (!d.path("synthetic").asBoolean(false)) {
        return Optional.empty();
      }
      return Optional.of(new SyntheticSet(d.path("generator").asText("unknown"), d.path("temperature").asDouble(Double.NaN),
          d.path("seed").asLong(), d.path("chunking").asText("unknown"), d.path("passages").asInt(),
          d.path("queries").asInt(), d.path("rejected").asInt()));
    } catch (IOException | IllegalArgumentException e) {
      throw new BakeOffMain.DataException(f + ": expected the JSON description prepare writes (synthetic, generator, "
          + "temperature, seed, chunking); " + e.getMessage(), e);
    }
  }

  /**
   * The query tags without those {@code prepare} writes to trace a question's generation
   * ({@code passage}, {@code model}, {@code synthetic}): they are unique per query or constant, so
   * slices by them say nothing; {@code lang} and any other tag stay.
   */
  static java.util.Map<String, java.util.Map<String, String>> withoutGenerationTags(
      java.util.Map<String, java.util.Map<String, String>> tags) {
    java.util.Map<String, java.util.Map<String, String>> out = new java.util.LinkedHashMap<>();
    tags.forEach((q, t) -> {
      java.util.Map<String, String> kept = new java.util.LinkedHashMap<>(t);
      kept.keySet().removeAll(Set.of("passage", "model", "synthetic"));
      out.put(q, kept);
    });
    return out;
  }

  /** Whether {@code spec} names a paid embedding API (openai:, azure:, gemini:, cohere:, voyage:). */
  static boolean paid(String spec) {
    return PAID.contains(EmbedderSources.schemeOf(spec));
  }
}

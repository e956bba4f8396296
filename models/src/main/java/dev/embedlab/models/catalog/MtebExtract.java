package dev.embedlab.models.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A vendored extract of the MTEB results repository ({@code embeddings-benchmark/results}, CC0), pinned to
 * one commit: the tasks read (split, language subset, main metric), each model's main scores and the
 * size facts its {@code model_meta.json} gives. The shipped extract is {@value #RESOURCE}, written by
 * {@code tools/mteb_extract.py}; {@link #source()} carries the repository, commit, licence and command.
 * Immutable.
 */
public final class MtebExtract {
  /** Class-path location of the shipped extract. */
  public static final String RESOURCE = "/dev/embedlab/models/catalog/mteb-extract.json";

  /**
   * Where the numbers come from.
   *
   * @param repository URL of the results repository
   * @param commit the commit the extract was read at
   * @param licence the repository's licence
   * @param command the command that regenerates the extract
   */
  public record Source(String repository, String commit, String licence, String command) {
    /** Validates that repository and commit are present. */
    public Source {
      if (repository == null || repository.isBlank() || commit == null || commit.isBlank()) {
        throw new IllegalArgumentException("source needs a repository and a commit; repository=" + repository
            + ", commit=" + commit);
      }
    }
  }

  private final Source source;
  private final List<PublishedTask> tasks;
  private final List<PublishedModel> models;
  private final List<String> notFound;

  /** An extract of these parts; task names must be unique and every score must name a known task. */
  public MtebExtract(Source source, List<PublishedTask> tasks, List<PublishedModel> models, List<String> notFound) {
    this.source = source;
    this.tasks = List.copyOf(tasks);
    this.models = List.copyOf(models);
    this.notFound = List.copyOf(notFound);
    Map<String, PublishedTask> byName = new LinkedHashMap<>();
    for (PublishedTask t : this.tasks) {
      if (byName.put(t.name(), t) != null) {
        throw new IllegalArgumentException("task " + t.name() + " is listed twice");
      }
    }
    for (PublishedModel m : this.models) {
      for (String t : m.scores().keySet()) {
        if (!byName.containsKey(t)) {
          throw new IllegalArgumentException(m.name() + " has a score on " + t + ", which is not a listed task; tasks: "
              + byName.keySet());
        }
      }
    }
  }

  /** The extract that ships with embedlab ({@value #RESOURCE}). */
  public static MtebExtract load() {
    try (InputStream in = MtebExtract.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path (embedlab-models jar incomplete?)");
      }
      return read(in, RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * Reads an extract in the format {@code tools/mteb_extract.py} writes.
   *
   * @param origin named in error messages (a file name or resource)
   * @throws IOException when the JSON is malformed or a field is missing, naming origin and the field
   */
  public static MtebExtract read(InputStream in, String origin) throws IOException {
    JsonNode root = new ObjectMapper().readTree(in);
    if (root == null || !root.isObject()) {
      throw new IOException(origin + ": expected a JSON object with header, tasks, models");
    }
    JsonNode h = required(root, "header", origin);
    Source source = new Source(text(h, "source", origin + " header"), text(h, "commit", origin + " header"),
        text(h, "licence", origin + " header"), text(h, "command", origin + " header"));
    List<PublishedTask> tasks = new ArrayList<>();
    int i = 0;
    for (JsonNode t : required(root, "tasks", origin)) {
      String where = origin + " tasks[" + i++ + "]";
      tasks.add(new PublishedTask(text(t, "name", where), text(t, "language", where), text(t, "type", where),
          text(t, "split", where), text(t, "subset", where), text(t, "metric", where)));
    }
    List<PublishedModel> models = new ArrayList<>();
    i = 0;
    for (JsonNode m : required(root, "models", origin)) {
      String where = origin + " models[" + i++ + "]";
      try {
        models.add(model(m, where));
      } catch (IllegalArgumentException e) {
        throw new IOException(where + ": " + e.getMessage(), e);
      }
    }
    List<String> notFound = new ArrayList<>();
    JsonNode nf = root.path("notFound");
    for (JsonNode n : nf) {
      notFound.add(n.path("model").asText() + " (" + n.path("reason").asText() + ")");
    }
    try {
      return new MtebExtract(source, tasks, models, notFound);
    } catch (IllegalArgumentException e) {
      throw new IOException(origin + ": " + e.getMessage(), e);
    }
  }

  private static PublishedModel model(JsonNode m, String where) throws IOException {
    Map<String, Double> scores = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = required(m, "scores", where).fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isNumber()) {
        throw new IOException(where + " scores." + e.getKey() + ": expected a number, found " + e.getValue());
      }
      scores.put(e.getKey(), e.getValue().doubleValue());
    }
    Map<String, String> revisionOf = new LinkedHashMap<>();
    m.path("revisionOf").fields().forEachRemaining(e -> revisionOf.put(e.getKey(), e.getValue().asText()));
    List<String> trainedOn = new ArrayList<>();
    m.path("trainedOn").forEach(n -> trainedOn.add(n.asText()));
    JsonNode ow = m.path("openWeights");
    return new PublishedModel(text(m, "name", where), text(m, "revision", where),
        m.path("params").isNumber() ? m.path("params").longValue() : null,
        m.path("dim").isNumber() ? m.path("dim").intValue() : null,
        m.path("maxTokens").isNumber() ? m.path("maxTokens").intValue() : null,
        ow.isBoolean() ? ow.booleanValue() : null,
        m.path("license").isTextual() ? m.path("license").asText() : null,
        trainedOn, scores, revisionOf);
  }

  private static JsonNode required(JsonNode node, String field, String where) throws IOException {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new IOException(where + ": missing field \"" + field + "\"");
    }
    return v;
  }

  private static String text(JsonNode node, String field, String where) throws IOException {
    JsonNode v = required(node, field, where);
    if (!v.isTextual()) {
      throw new IOException(where + ": field \"" + field + "\" must be a string, found " + v);
    }
    return v.asText();
  }

  /** Repository, commit, licence and the command that wrote this extract. */
  public Source source() {
    return source;
  }

  /** Every task read, in the extract's order. */
  public List<PublishedTask> tasks() {
    return tasks;
  }

  /** Every model with at least one score, in the extract's order. */
  public List<PublishedModel> models() {
    return models;
  }

  /** Models the extractor was asked for but found no score of, each with the reason. */
  public List<String> notFound() {
    return notFound;
  }

  /** The model named exactly {@code name} (its Hugging Face id or MTEB name). */
  public Optional<PublishedModel> model(String name) {
    return models.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** Languages that have at least one task, sorted. */
  public List<String> languages() {
    return List.copyOf(new TreeSet<>(tasks.stream().map(PublishedTask::language).toList()));
  }

  /** Task types {@code language} has, sorted (empty for an unknown language). */
  public List<String> types(String language) {
    return List.copyOf(new TreeSet<>(tasks.stream().filter(t -> t.language().equals(language))
        .map(PublishedTask::type).toList()));
  }
}

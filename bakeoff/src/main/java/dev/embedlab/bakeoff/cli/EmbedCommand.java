package dev.embedlab.bakeoff.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.core.source.SourceContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code embedlab embed}: the texts of one file through one named model, written as JSON lines
 * {@code {"id": …, "vector": [...]}} to a file or stdout. A text file gives one text per non-empty line
 * (id = line number); a JSONL file one object per line with an id and a text field ({@code _id} and
 * {@code text} by default, BEIR's names; a {@code title} is put before the text as BEIR models expect).
 */
@Command(name = "embed", sortOptions = false, mixinStandardHelpOptions = true,
    resourceBundle = "dev.embedlab.bakeoff.cli.EmbedCommand")
final class EmbedCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--model", paramLabel = "NAME", required = true) private String model;
  @Option(names = "--input", paramLabel = "FILE", required = true) private Path input;
  @Option(names = "--format", paramLabel = "text|jsonl") private String format;
  @Option(names = "--id-field", paramLabel = "NAME") private String idField = "_id";
  @Option(names = "--text-field", paramLabel = "NAME") private String textField = "text";
  @Option(names = "--role", paramLabel = "query|document") private String role = "document";
  @Option(names = "--output", paramLabel = "FILE") private Path output;
  @Option(names = "--batch", paramLabel = "N", converter = Converters.Count1.class) private int batch = 64;
  @Option(names = "--threads", paramLabel = "N", converter = Converters.Count1.class) private int threads;

  @Override
  public Integer call() throws IOException {
    Role r = switch (role.toLowerCase(Locale.ROOT)) {
      case "query" -> Role.QUERY;
      case "document" -> Role.DOCUMENT;
      default -> throw new BakeOffOptions.UsageException("--role " + role + ": expected query or document");
    };
    if (!Files.isRegularFile(input)) {
      throw new BakeOffOptions.UsageException("--input " + input + ": no such file; expected a text or JSONL file; "
          + PathChecks.parentListing(input));
    }
    boolean jsonl = format == null ? input.getFileName().toString().endsWith(".jsonl") : switch (format) {
      case "jsonl" -> true;
      case "text" -> false;
      default -> throw new BakeOffOptions.UsageException("--format " + format + ": expected text or jsonl");
    };
    EmbedderSources sources = EmbedderSources.load();
    SourceContext context = SourceContext.defaults();
    if (threads > 0) {
      context = new SourceContext(context.env(), null, threads, null);
    }
    ModelChoice.check(sources, "--model", model, model, context);
    List<String> ids = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    read(jsonl, ids, texts);
    try (Embedder e = sources.open(model, context);
        JsonGenerator g = output == null ? new ObjectMapper().getFactory().createGenerator(spec.commandLine().getOut())
            : new ObjectMapper().getFactory().createGenerator(Files.newOutputStream(output))) {
      if (output == null) {
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      }
      for (int i = 0; i < texts.size(); i += batch) {
        List<String> part = texts.subList(i, Math.min(texts.size(), i + batch));
        float[][] v = e.embed(part, r);
        for (int j = 0; j < v.length; j++) {
          g.writeStartObject();
          g.writeStringField("id", ids.get(i + j));
          g.writeArrayFieldStart("vector");
          for (float x : v[j]) {
            g.writeNumber(x);
          }
          g.writeEndArray();
          g.writeEndObject();
          g.writeRaw('\n');
        }
      }
      g.flush();
    }
    spec.commandLine().getErr().println("embedded " + texts.size() + " texts with " + model
        + (output == null ? "" : " into " + output));
    return 0;
  }

  private void read(boolean jsonl, List<String> ids, List<String> texts) throws IOException {
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        if (!jsonl) {
          ids.add(Integer.toString(n));
          texts.add(line);
          continue;
        }
        JsonNode o;
        try {
          o = json.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new BakeOffOptions.UsageException("--input " + input + " line " + n + ": expected one JSON object; "
              + e.getOriginalMessage());
        }
        if (o == null || !o.isObject() || !o.path(idField).isValueNode() || !o.path(textField).isTextual()) {
          throw new BakeOffOptions.UsageException("--input " + input + " line " + n + ": expected an object with "
              + idField + " and " + textField + " (--id-field, --text-field); found " + (o == null ? "nothing"
                  : o.isObject() ? "fields " + iterable(o) : o.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        String title = o.path("title").asText("");
        ids.add(o.get(idField).asText());
        texts.add(title.isEmpty() ? o.get(textField).asText() : title + " " + o.get(textField).asText());
      }
    }
  }

  private static List<String> iterable(JsonNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }
}

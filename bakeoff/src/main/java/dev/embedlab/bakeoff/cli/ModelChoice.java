package dev.embedlab.bakeoff.cli;

import dev.embedlab.bakeoff.EmbedderFacts;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.retrieval.IndexFactory;
import dev.embedlab.core.retrieval.IndexSpecProvider;
import dev.embedlab.core.source.EmbedderSources;
import dev.embedlab.core.source.SourceContext;
import dev.embedlab.bakeoff.BakeOff;
import dev.embedlab.bakeoff.BakeOffResult;
import dev.embedlab.bakeoff.Candidate;
import dev.embedlab.bakeoff.ConsoleProgress;
import dev.embedlab.bakeoff.DatasetSubsets;
import dev.embedlab.bakeoff.IndexSpecs;
import dev.embedlab.bakeoff.ProgressListener;
import dev.embedlab.bakeoff.QueryTags;
import dev.embedlab.bakeoff.Words;
import dev.embedlab.bakeoff.report.BakeOffReports;
import dev.embedlab.bakeoff.report.ConsoleReport;
import dev.embedlab.data.BeirDatasets;
import dev.embedlab.data.Document;
import dev.embedlab.data.PairDataset;
import dev.embedlab.data.PairDatasets;
import dev.embedlab.data.RetrievalDataset;
import dev.embedlab.data.Run;
import dev.embedlab.data.SquadDatasets;
import dev.embedlab.eval.lexical.LexicalAnalyzer;
import dev.embedlab.models.CachingEmbedder;
import dev.embedlab.models.CatalogSource;
import dev.embedlab.models.KnownModel;
import dev.embedlab.models.OnnxEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which models and which lexical analyser a bake-off runs when the command line leaves it open: the
 * names of {@code --models} (the shipped default set when absent), a candidate's display name, the
 * Korean static model added on a Korean corpus, and Nori for a Korean corpus.
 */
final class ModelChoice {
  private ModelChoice() {}

  /**
   * Checks the model {@code name} through its source without loading weights; a refusal becomes a usage
   * error that starts with the option and the value as given ({@code --models a,b: ...}).
   */
  static void check(EmbedderSources sources, String option, String given, String name, SourceContext context) {
    try {
      sources.validate(name, context);
    } catch (IllegalArgumentException e) {
      throw new BakeOffOptions.UsageException(option + " " + given + ": " + e.getMessage());
    }
  }

  /** The shipped Korean static model's name, when the default run meets a Korean corpus and the model is on the class path. */
  static String koreanStaticDefault(BakeOffOptions o, RetrievalDataset ds, EmbedderSources sources, SourceContext context) {
    if ((o.models() != null && !o.models().isBlank()) || analyzer("auto", ds.corpus()) != LexicalAnalyzer.KOREAN
        || !sources.schemes().contains("static")) {
      return null;
    }
    try {
      sources.validate("static:ko-static", context);
      return "static:ko-static";
    } catch (IllegalArgumentException e) {
      return null; // embedlab-model-ko-static is not on the class path
    }
  }
  /** The model names of {@code --models} (the default set when absent; none for "none"). */
  static List<String> modelNames(String spec) {
    if (spec == null || spec.isBlank()) {
      return BakeOffMain.DEFAULT_MODELS.stream().map(KnownModel::id).toList();
    }
    List<String> out = new ArrayList<>();
    for (String s : spec.split(",")) {
      String t = s.strip();
      if (!t.isEmpty() && !t.equalsIgnoreCase("none")) {
        out.add(t);
      }
    }
    return out;
  }
  /** A model's candidate name: a catalog model's id (whatever case or enum name was given), else the spec. */
  static String candidateName(String spec) {
    return EmbedderSources.schemeOf(spec).isEmpty() && !spec.contains("?") ? CatalogSource.model(spec, spec).id() : spec;
  }
  /** Nori when at least 30% of the documents are Korean by script (for {@code auto}). */
  static LexicalAnalyzer analyzer(String choice, List<Document> corpus) {
    return switch (choice) {
      case "english" -> LexicalAnalyzer.ENGLISH;
      case "korean" -> LexicalAnalyzer.KOREAN;
      case "standard" -> LexicalAnalyzer.STANDARD;
      default -> {
        long ko = corpus.stream().filter(d -> QueryTags.detectLanguage(d.titleAndText()).equals("ko")).count();
        yield !corpus.isEmpty() && ko * 10 >= corpus.size() * 3L ? LexicalAnalyzer.KOREAN : LexicalAnalyzer.ENGLISH;
      }
    };
  }
}

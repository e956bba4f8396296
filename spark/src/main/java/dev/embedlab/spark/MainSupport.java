package dev.embedlab.spark;

import dev.embedlab.models.Pooling;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Command-line plumbing shared by the Spark mains: {@code --key value} options and the session. */
final class MainSupport {
  private MainSupport() {}

  /** Parsed {@code --key value} pairs; repeated keys keep every value; {@code --flag} alone is "true". */
  static final class Args {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    Args(String[] argv, List<String> flags) {
      for (int i = 0; i < argv.length; i++) {
        String a = argv[i];
        if (!a.startsWith("--")) {
          throw new IllegalArgumentException("expected --option, found '" + a + "' (argument " + (i + 1) + ")");
        }
        String key = a.substring(2);
        String v;
        if (flags.contains(key)) {
          v = "true";
        } else if (i + 1 < argv.length) {
          v = argv[++i];
        } else {
          throw new IllegalArgumentException("--" + key + " needs a value");
        }
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
      }
    }

    String get(String key, String dflt) {
      List<String> l = values.get(key);
      return l == null ? dflt : l.get(l.size() - 1);
    }

    String required(String key) {
      String v = get(key, null);
      if (v == null) {
        throw new IllegalArgumentException("--" + key + " is required");
      }
      return v;
    }

    List<String> all(String key) {
      return values.getOrDefault(key, List.of());
    }

    boolean flag(String key) {
      return Boolean.parseBoolean(get(key, "false"));
    }

    int integer(String key, int dflt) {
      String v = get(key, null);
      try {
        return v == null ? dflt : Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + key + " must be an integer; --" + key + "=" + v, e);
      }
    }
  }

  /**
   * The session: {@code spark-submit --master} (or {@code spark.master} in the configuration) wins;
   * otherwise {@code --master}, defaulting to {@code local[*]}. Adds {@link EmbedlabSparkPlugin} to
   * {@code spark.plugins} so executors close their embedders at shutdown.
   */
  static SparkSession session(String app, String masterArg) {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster(masterArg == null ? "local[*]" : masterArg);
    } else if (masterArg != null && !masterArg.equals(conf.get("spark.master"))) {
      System.err.println("embedlab: --master " + masterArg + " ignored; spark.master=" + conf.get("spark.master")
          + " (from spark-submit or the configuration)");
    }
    if (!conf.contains("spark.app.name")) {
      conf.setAppName(app);
    }
    String plugins = conf.get("spark.plugins", "");
    if (!plugins.contains(EmbedlabSparkPlugin.class.getName())) {
      conf.set("spark.plugins", plugins.isEmpty() ? EmbedlabSparkPlugin.class.getName()
          : plugins + "," + EmbedlabSparkPlugin.class.getName());
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /**
   * A spec from the common options: {@code model} (catalog id), or {@code model-folder} (with
   * {@code --distribute} to ship it from the driver, and optional {@code --config}); overrides
   * {@code --max-length --pooling --query-prefix --document-prefix --threads --rules}.
   */
  static EmbedderSpec.Builder spec(SparkSession spark, Args a, String modelValue) throws IOException {
    EmbedderSpec.Builder b;
    if (modelValue.startsWith("folder:")) {
      String folder = modelValue.substring("folder:".length());
      b = a.flag("distribute") ? EmbedderSpec.distribute(spark.sparkContext(), Path.of(folder))
          : EmbedderSpec.folder(folder);
      if (a.get("config", null) != null) {
        b.config(a.get("config", null));
      }
    } else {
      b = EmbedderSpec.knownModel(modelValue);
    }
    if (a.get("max-length", null) != null) {
      b.maxLength(a.integer("max-length", 0));
    }
    if (a.get("pooling", null) != null) {
      try {
        b.pooling(Pooling.valueOf(a.get("pooling", null).toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--pooling must be one of " + java.util.Arrays.toString(Pooling.values())
            + "; --pooling=" + a.get("pooling", null), e);
      }
    }
    if (a.get("query-prefix", null) != null) {
      b.queryPrefix(a.get("query-prefix", null));
    }
    if (a.get("document-prefix", null) != null) {
      b.documentPrefix(a.get("document-prefix", null));
    }
    if (a.get("threads", null) != null) {
      b.intraOpThreads(a.integer("threads", 1));
    }
    if (a.get("rules", null) != null) {
      b.rulesFile(Path.of(a.get("rules", null)));
    }
    return b;
  }
}

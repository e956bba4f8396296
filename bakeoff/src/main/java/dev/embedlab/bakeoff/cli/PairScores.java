package dev.embedlab.bakeoff.cli;

import dev.embedlab.data.Pair;
import dev.embedlab.data.PairDataset;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The per-pair scores behind a pair set's Spearman, Pearson and ROC-AUC, written beside the run
 * files as a tab-separated file with a header: {@code pair} (0-based index in the file read),
 * {@code text_a}, {@code text_b} (tabs and line breaks replaced by spaces), {@code gold} (empty
 * when the set has no scores), {@code label} (empty without labels), then one column of cosines
 * per candidate, named by the candidate. {@code pandas.read_csv(f, sep="\t", quoting=3)} and
 * {@code scipy.stats.spearmanr(df.gold, df[name])} give the reported figures.
 */
final class PairScores {
  /** The file name in the runs folder. */
  static final String FILE = "pairs.tsv";

  private PairScores() {}

  /** Writes {@code cosines} (candidate → cosine per pair, in pair order) for {@code pairs}. */
  static void write(Path file, PairDataset pairs, Map<String, double[]> cosines) throws IOException {
    for (Map.Entry<String, double[]> e : cosines.entrySet()) {
      if (e.getValue().length != pairs.size()) {
        throw new IllegalArgumentException("candidate " + e.getKey() + " has " + e.getValue().length
            + " pair scores; the pair set " + pairs.id() + " has " + pairs.size() + " pairs");
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("pair\ttext_a\ttext_b\tgold\tlabel");
      for (String name : cosines.keySet()) {
        w.write("\t" + clean(name));
      }
      w.write("\n");
      for (int i = 0; i < pairs.size(); i++) {
        Pair p = pairs.pairs().get(i);
        w.write(i + "\t" + clean(p.a()) + "\t" + clean(p.b()) + "\t"
            + (Double.isNaN(p.score()) ? "" : Double.toString(p.score())) + "\t"
            + (p.label() == null ? "" : p.label().toString()));
        for (double[] c : cosines.values()) {
          w.write("\t" + String.format(Locale.ROOT, "%.9f", c[i]));
        }
        w.write("\n");
      }
    }
  }

  private static String clean(String s) {
    return s.replaceAll("[\\t\\r\\n]+", " ");
  }
}

package dev.embedlab.store;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Synthetic corpora for tests: reproducible from a seed, written line by line (never held in memory). */
final class Corpora {
  private static final String[] WORDS = ("protein cell gene cancer risk trial dose mouse human blood brain heart "
      + "virus drug vaccine tumor receptor signal enzyme liver kidney lung bone muscle skin sleep diet age sex "
      + "mortality infection immune response pathway mutation expression therapy outcome cohort").split(" ");

  private Corpora() {}

  /** One synthetic sentence. */
  static String sentence(SplittableRandom r, int words) {
    StringBuilder sb = new StringBuilder();
    for (int w = 0; w < words; w++) {
      sb.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
    }
    return sb.toString();
  }

  /** A BEIR corpus.jsonl of {@code n} documents with ids d0..d{n-1}. */
  static Path beir(Path file, int n, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        w.write("{\"_id\":\"d" + i + "\",\"title\":\"" + (i % 3 == 0 ? "" : sentence(r, 3)) + "\",\"text\":\""
            + sentence(r, 5 + r.nextInt(80)) + "\"}\n");
      }
    }
    return file;
  }

  /** A one-text-per-line file. */
  static Path lines(Path file, int n, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < n; i++) {
        w.write(sentence(r, 4 + r.nextInt(20)));
        w.write('\n');
      }
    }
    return file;
  }
}

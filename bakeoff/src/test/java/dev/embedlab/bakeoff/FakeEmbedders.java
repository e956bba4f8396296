package dev.embedlab.bakeoff;

import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedders;
import dev.embedlab.core.UsageReporting;
import dev.embedlab.data.Document;
import dev.embedlab.data.Qrels;
import dev.embedlab.data.Query;
import dev.embedlab.data.RetrievalDataset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** Model-free embedders and a tiny data set for bake-off tests. */
final class FakeEmbedders {
  private FakeEmbedders() {}

  /**
   * Bag of words hashed into {@code dim} buckets: a text's vector counts its lower-cased words, so
   * texts sharing words have high cosine. Counts roles and "truncates" texts above 6 words.
   */
  static final class Bow implements Embedder, UsageReporting {
    final int dim;
    final String id;
    final Map<Role, Integer> texts = new EnumMap<>(Role.class);
    long truncated;
    long total;
    int closes;
    boolean closed;

    Bow(String id, int dim) {
      this.id = id;
      this.dim = dim;
    }

    @Override
    public float[][] embed(List<String> in, Role role) {
      Embedders.checkTexts(in, role);
      if (closed) {
        throw new IllegalStateException(id + " is closed");
      }
      float[][] out = new float[in.size()][dim];
      for (int i = 0; i < in.size(); i++) {
        String[] words = in.get(i).toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
        if (words.length > 6) {
          truncated++;
        }
        for (String w : words) {
          if (!w.isEmpty()) {
            out[i][Math.floorMod(w.hashCode() * 31 + 7, dim)] += 1;
          }
        }
      }
      texts.merge(role, in.size(), Integer::sum);
      total += in.size();
      return out;
    }

    @Override
    public int dimension() {
      return dim;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public Usage usage() {
      return new Usage(total, 0, truncated, 0);
    }

    @Override
    public void resetUsage() {
      total = 0;
      truncated = 0;
    }

    @Override
    public void close() {
      closes++;
      closed = true;
    }
  }

  /** A vector that depends only on the text's hash: retrieval at chance level. No usage counters. */
  static class Noise implements Embedder {
    @Override
    public float[][] embed(List<String> in, Role role) {
      float[][] out = new float[in.size()][16];
      for (int i = 0; i < in.size(); i++) {
        Random r = new Random(in.get(i).hashCode());
        for (int j = 0; j < 16; j++) {
          out[i][j] = (float) r.nextGaussian();
        }
      }
      return out;
    }

    @Override
    public int dimension() {
      return 16;
    }

    @Override
    public String id() {
      return "noise";
    }
  }

  /**
   * {@code n} documents with their own words ("w3a w3b w3c" plus shared filler) and one query
   * per document asking for two of its words; query i judges document i relevant (grade 1, and
   * grade 2 for every fourth, to exercise graded nDCG).
   */
  static RetrievalDataset dataset(int n) {
    List<Document> docs = new ArrayList<>();
    List<Query> qs = new ArrayList<>();
    Qrels.Builder qrels = Qrels.builder();
    for (int i = 0; i < n; i++) {
      docs.add(new Document("d" + i, "title" + i, "w" + i + "a w" + i + "b w" + i + "c shared filler text here"));
      qs.add(new Query("q" + i, "w" + i + "a w" + i + "b"));
      qrels.add("q" + i, "d" + i, i % 4 == 0 ? 2 : 1);
    }
    return new RetrievalDataset("fake/test", "test-only", "generated", docs, qs, qrels.build());
  }
}

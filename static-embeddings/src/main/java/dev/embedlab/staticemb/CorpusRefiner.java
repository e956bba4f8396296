package dev.embedlab.staticemb;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits a static token table to a teacher on unlabelled text — the idea of model2vec's tokenlearn:
 * embed a corpus with the teacher once, then move the token rows so that each text's pooled static
 * vector points where the teacher's vector points. No labels are used; the corpus should be text like
 * the one the model will embed (tokenlearn uses C4 / FineWeb, here any list of sentences or passages).
 *
 * <p>For text {@code i} with token ids {@code t_1..t_L} (unknown token dropped, at most
 * {@link Builder#maxTokens} kept, as {@link StaticEmbedder} pools) the student vector is
 * {@code s_i = (1/L) Σ w[t] E[t]} with fixed pooling weights {@code w} (the SIF weights the final
 * model will carry), and the loss is {@code 1 - cos(s_i, y_i)} against the teacher's target
 * {@code y_i} in the table's coordinates. Its gradient is
 * {@code ∂/∂s = -(y/(|s||y|) - cos · s/|s|²)}, and row {@code t} receives {@code (w[t]/L) ∂/∂s}
 * per occurrence. Mini-batches of {@link Builder#batchSize} texts; Adagrad per element, updating only
 * the rows a batch touched (tokenlearn uses AdamW on the dense table; Adagrad's sparse update is what
 * {@link StaticTrainer} uses too and keeps untouched rows exactly as distilled).
 *
 * <p>A seeded {@link Builder#holdout} fraction of the texts is kept out of training; the mean held-out
 * loss is measured before training and after each epoch, the best table is returned, and training
 * stops after {@link Builder#patience} epochs without improvement (tokenlearn's early stopping).
 * Single-threaded and seeded: the same inputs give the same table, bit for bit.
 */
public final class CorpusRefiner {
  private static final Logger LOG = LoggerFactory.getLogger(CorpusRefiner.class);

  private final int epochs;
  private final double learningRate;
  private final int batchSize;
  private final long seed;
  private final double holdout;
  private final int patience;
  private final int maxTokens;

  private CorpusRefiner(Builder b) {
    this.epochs = b.epochs();
    this.learningRate = b.learningRate();
    this.batchSize = b.batchSize();
    this.seed = b.seed();
    this.holdout = b.holdout;
    this.patience = b.patience();
    this.maxTokens = b.maxTokens();
  }

  /** A refiner with the defaults of {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Outcome: the refined table, the epoch it comes from (0 = the input table was best), and the mean
   * held-out loss of the input and of the returned table.
   */
  public record Result(float[] table, int bestEpoch, double startHeldOutLoss, double bestHeldOutLoss) {
    /** Validates. */
    public Result {
      Objects.requireNonNull(table, "table");
    }
  }

  /**
   * Refines a copy of {@code table} ({@code rows x dim}, row-major).
   *
   * @param tokenIds each text's token ids (no special tokens), as the static model's tokenizer gives them
   * @param targets each text's teacher vector in the table's coordinates ({@code dim} values)
   * @param poolWeights fixed weight per token id (length {@code rows}), e.g. SIF weights
   * @param unkId the unknown token's id (dropped, as at pooling), or -1
   */
  public Result refine(float[] table, int dim, long[][] tokenIds, float[][] targets, float[] poolWeights, int unkId) {
    if (dim < 1 || table.length % dim != 0) {
      throw new IllegalArgumentException("dim must divide table.length; dim=" + dim + ", table.length=" + table.length);
    }
    int rows = table.length / dim;
    if (tokenIds.length != targets.length) {
      throw new IllegalArgumentException("one target per text expected; texts=" + tokenIds.length
          + ", targets=" + targets.length);
    }
    if (poolWeights.length != rows) {
      throw new IllegalArgumentException("poolWeights must have one weight per row (" + rows + "); length="
          + poolWeights.length);
    }
    int[][] ids = new int[tokenIds.length][];
    for (int i = 0; i < ids.length; i++) {
      if (targets[i].length != dim) {
        throw new IllegalArgumentException("target " + i + " must have " + dim + " values; length=" + targets[i].length);
      }
      ids[i] = kept(tokenIds[i], rows, unkId, i);
    }
    // Seeded split: a permutation, the first holdout fraction held out.
    Random rnd = new Random(seed);
    int[] perm = permutation(ids.length, rnd);
    int nHeld = holdout > 0 ? Math.max(1, (int) Math.round(holdout * ids.length)) : 0;
    int[] held = Arrays.copyOfRange(perm, 0, nHeld);
    int[] train = Arrays.copyOfRange(perm, nHeld, perm.length);
    if (train.length == 0) {
      throw new IllegalArgumentException("no texts left to train on; texts=" + ids.length + ", holdout=" + holdout);
    }
    float[] e = table.clone();
    float[] best = e.clone();
    double start = nHeld > 0 ? heldOutLoss(e, dim, ids, targets, poolWeights, held) : Double.NaN;
    double bestLoss = start;
    int bestEpoch = 0;
    int since = 0;
    LOG.info("refining {} rows x {} on {} texts ({} held out): held-out loss {}", rows, dim, train.length, nHeld,
        String.format("%.4f", start));
    float[] grad = new float[e.length];
    float[] acc = new float[e.length];
    boolean[] touched = new boolean[rows];
    int[] touchedList = new int[rows];
    double[] s = new double[dim];
    for (int epoch = 1; epoch <= epochs; epoch++) {
      shuffle(train, rnd);
      double trainLoss = 0;
      for (int from = 0; from < train.length; from += batchSize) {
        int to = Math.min(train.length, from + batchSize);
        int nTouched = 0;
        double scale = 1.0 / (to - from);
        for (int b = from; b < to; b++) {
          int i = train[b];
          int[] t = ids[i];
          if (t.length == 0) {
            continue;
          }
          pool(e, dim, t, poolWeights, s);
          float[] y = targets[i];
          double ss = 0;
          double yy = 0;
          double sy = 0;
          for (int j = 0; j < dim; j++) {
            ss += s[j] * s[j];
            yy += (double) y[j] * y[j];
            sy += s[j] * y[j];
          }
          if (ss == 0 || yy == 0) {
            continue;
          }
          double ns = Math.sqrt(ss);
          double ny = Math.sqrt(yy);
          double cos = sy / (ns * ny);
          trainLoss += 1 - cos;
          // d(1 - cos)/ds, scaled by 1/batch and 1/L (the mean over tokens).
          double a = -1.0 / (ns * ny);
          double c = cos / ss;
          double perToken = scale / t.length;
          for (int tok : t) {
            if (!touched[tok]) {
              touched[tok] = true;
              touchedList[nTouched++] = tok;
            }
            double wt = poolWeights[tok] * perToken;
            int row = tok * dim;
            for (int j = 0; j < dim; j++) {
              grad[row + j] += (float) (wt * (a * y[j] + c * s[j]));
            }
          }
        }
        // Adagrad on the touched rows only; the gradient buffer is cleared as it is used.
        Arrays.sort(touchedList, 0, nTouched);
        for (int k = 0; k < nTouched; k++) {
          int tok = touchedList[k];
          touched[tok] = false;
          int row = tok * dim;
          for (int j = row; j < row + dim; j++) {
            float g = grad[j];
            acc[j] += g * g;
            e[j] -= (float) (learningRate * g / (Math.sqrt(acc[j]) + 1e-10));
            grad[j] = 0f;
          }
        }
      }
      double heldLoss = nHeld > 0 ? heldOutLoss(e, dim, ids, targets, poolWeights, held) : Double.NaN;
      LOG.info("refine epoch {}: train loss {}, held-out loss {}", epoch,
          String.format("%.4f", trainLoss / train.length), String.format("%.4f", heldLoss));
      if (nHeld == 0 || heldLoss < bestLoss) {
        bestLoss = heldLoss;
        bestEpoch = epoch;
        System.arraycopy(e, 0, best, 0, e.length);
        since = 0;
      } else if (++since >= patience) {
        break;
      }
    }
    return new Result(best, bestEpoch, start, bestLoss);
  }

  private int[] kept(long[] t, int rows, int unkId, int text) {
    int[] out = new int[Math.min(t.length, maxTokens)];
    int n = 0;
    for (int k = 0; k < t.length && n < maxTokens; k++) {
      long id = t[k];
      if (id == unkId) {
        continue;
      }
      if (id < 0 || id >= rows) {
        throw new IllegalArgumentException("text " + text + " position " + k + ": token id must be in [0, "
            + rows + "); id=" + id);
      }
      out[n++] = (int) id;
    }
    return Arrays.copyOf(out, n);
  }

  /** {@code s = (1/L) Σ w[t] E[t]} in double. */
  private static void pool(float[] e, int dim, int[] t, float[] w, double[] s) {
    Arrays.fill(s, 0);
    for (int tok : t) {
      double wt = w[tok];
      int row = tok * dim;
      for (int j = 0; j < dim; j++) {
        s[j] += wt * e[row + j];
      }
    }
    for (int j = 0; j < dim; j++) {
      s[j] /= t.length;
    }
  }

  private static double heldOutLoss(float[] e, int dim, int[][] ids, float[][] targets, float[] w, int[] held) {
    double[] s = new double[dim];
    double sum = 0;
    int n = 0;
    for (int i : held) {
      if (ids[i].length == 0) {
        continue;
      }
      pool(e, dim, ids[i], w, s);
      double ss = 0;
      double yy = 0;
      double sy = 0;
      float[] y = targets[i];
      for (int j = 0; j < dim; j++) {
        ss += s[j] * s[j];
        yy += (double) y[j] * y[j];
        sy += s[j] * y[j];
      }
      sum += ss == 0 || yy == 0 ? 1 : 1 - sy / Math.sqrt(ss * yy);
      n++;
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static int[] permutation(int n, Random rnd) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    shuffle(p, rnd);
    return p;
  }

  private static void shuffle(int[] a, Random rnd) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int x = a[i];
      a[i] = a[j];
      a[j] = x;
    }
  }

  /**
   * Options of a {@link CorpusRefiner}. Defaults: 3 epochs, learning rate 0.05, 64 texts per update,
   * seed 42, patience 1, 512 tokens, 10% held out.
   */
  public static final class Builder extends AdagradSchedule<Builder> {
    private double holdout = 0.1;

    private Builder() {
      super(3, 0.05, 64, 1, 1, StaticEmbedder.DEFAULT_MAX_TOKENS);
    }

    /** Fraction of texts held out for early stopping, in [0, 1); 0 trains on all and keeps the last epoch. Default 0.1. */
    public Builder holdout(double f) {
      if (!(f >= 0 && f < 1)) {
        throw new IllegalArgumentException("holdout must be in [0, 1); holdout=" + f);
      }
      this.holdout = f;
      return this;
    }

    /** The refiner. */
    public CorpusRefiner build() {
      return new CorpusRefiner(this);
    }
  }
}

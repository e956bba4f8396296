package dev.embedlab.spark;

import dev.embedlab.core.Checks;
import dev.embedlab.core.Embedder;
import dev.embedlab.core.Embedder.Role;
import dev.embedlab.core.VectorUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Embeds a {@code Dataset<Row>} of {@code (id string, text string)} into
 * {@code (id string, vector array<float>)} with any embedlab embedder, on the executors.
 *
 * <p>Each partition's rows are taken in chunks of {@link Builder#chunkSize(int)} (default 1024)
 * texts; each chunk is one {@code embed} call on the executor's shared embedder
 * ({@link ExecutorEmbedders}), which sorts it by token count and cuts it into token-budget batches
 * itself, exactly as on a single machine, so a text's vector does not depend on its partition
 * (fp32 models give bit-identical vectors). Rows leave in input order; a partition holds at most one
 * chunk of texts and vectors in memory. Empty partitions build no model.
 *
 * <p>Tokens, truncations, model calls and partitions are counted in Spark accumulators
 * ({@link EmbedCounters}) and read after an action. A row whose id or text is null fails the job
 * with an {@link IllegalArgumentException} naming the row (its id, or its position in the
 * partition) and the partition.
 */
public final class SparkEmbedJob {

  /** The output schema: {@code id string not null, vector array<float not null> not null}. */
  public static final StructType VECTOR_SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("id", DataTypes.StringType, false),
      DataTypes.createStructField("vector", DataTypes.createArrayType(DataTypes.FloatType, false), false)});

  /** Default texts per {@code embed} call. */
  public static final int DEFAULT_CHUNK = 1024;

  private final EmbedderSpec spec;
  private final Role role;
  private final int chunkSize;
  private final boolean l2Normalize;

  private SparkEmbedJob(Builder b) {
    this.spec = b.spec;
    this.role = b.role;
    this.chunkSize = b.chunkSize;
    this.l2Normalize = b.l2Normalize;
  }

  /** A job embedding with {@code spec}. */
  public static Builder builder(EmbedderSpec spec) {
    return new Builder(spec);
  }

  /**
   * A lazily evaluated embedding of {@code input} and the accumulators it will fill.
   *
   * @param input columns {@code id} and {@code text}, both strings (others are ignored)
   * @throws IllegalArgumentException when a column is missing or not a string
   */
  public Embedded embed(Dataset<Row> input) {
    StructType schema = input.schema();
    int idCol = column(schema, "id");
    int textCol = column(schema, "text");
    SparkSession spark = input.sparkSession();
    EmbedCounters counters = new EmbedCounters(spark.sparkContext(), "embedlab.embed");
    JavaRDD<Row> out = input.javaRDD().mapPartitions(
        new EmbedPartition(spec, role, chunkSize, l2Normalize, idCol, textCol, counters));
    return new Embedded(spark.createDataFrame(out, VECTOR_SCHEMA), counters);
  }

  private static int column(StructType schema, String name) {
    int i;
    try {
      i = schema.fieldIndex(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("input must have a string column '" + name + "'; columns="
          + Arrays.toString(schema.fieldNames()), e);
    }
    DataType t = schema.fields()[i].dataType();
    if (!t.equals(DataTypes.StringType)) {
      throw new IllegalArgumentException("column '" + name + "' must be a string; found " + t.simpleString());
    }
    return i;
  }

  /**
   * An embedding result: the lazy vectors and their counters (filled once an action ran).
   *
   * @param vectors {@code (id, vector)} rows
   * @param counters the job's accumulators
   */
  public record Embedded(Dataset<Row> vectors, EmbedCounters counters) {}

  /** The vector of an output row as a {@code float[]}. */
  public static float[] vector(Row row, int column) {
    List<Object> l = row.getList(column);
    float[] v = new float[l.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (Float) l.get(i);
    }
    return v;
  }

  /** Boxes a vector for a {@code array<float>} cell. */
  static Float[] boxed(float[] v) {
    Float[] b = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = v[i];
    }
    return b;
  }

  /** The per-partition function (serialised to the executors with the spec and accumulators). */
  private static final class EmbedPartition implements FlatMapFunction<Iterator<Row>, Row> {
    private static final long serialVersionUID = 1L;
    private final EmbedderSpec spec;
    private final Role role;
    private final int chunkSize;
    private final boolean l2Normalize;
    private final int idCol;
    private final int textCol;
    private final EmbedCounters counters;

    EmbedPartition(EmbedderSpec spec, Role role, int chunkSize, boolean l2Normalize, int idCol,
        int textCol, EmbedCounters counters) {
      this.spec = spec;
      this.role = role;
      this.chunkSize = chunkSize;
      this.l2Normalize = l2Normalize;
      this.idCol = idCol;
      this.textCol = textCol;
      this.counters = counters;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return new ChunkIterator(rows);
    }

    /** Pulls one chunk at a time from the partition, embeds it, hands the rows out. */
    private final class ChunkIterator implements Iterator<Row> {
      private final Iterator<Row> in;
      private final int partition;
      private final List<String> ids = new ArrayList<>();
      private final List<String> texts = new ArrayList<>();
      private float[][] vectors = new float[0][];
      private int pos;
      private long seen;
      private ExecutorEmbedders.Entry entry;
      private boolean finished;

      ChunkIterator(Iterator<Row> in) {
        this.in = in;
        TaskContext tc = TaskContext.get();
        this.partition = tc == null ? -1 : tc.partitionId();
      }

      @Override
      public boolean hasNext() {
        if (pos < ids.size()) {
          return true;
        }
        if (finished) {
          return false;
        }
        if (!in.hasNext()) {
          finish();
          return false;
        }
        fill();
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int i = pos++;
        return RowFactory.create(ids.get(i), boxed(vectors[i]));
      }

      private void fill() {
        ids.clear();
        texts.clear();
        pos = 0;
        while (ids.size() < chunkSize && in.hasNext()) {
          Row r = in.next();
          long index = seen++;
          String id = r.isNullAt(idCol) ? null : r.getString(idCol);
          if (id == null) {
            throw new IllegalArgumentException("row " + index + " of partition " + partition
                + " has a null id; column 'id' must be non-null");
          }
          if (r.isNullAt(textCol)) {
            throw new IllegalArgumentException("row id=" + id + " (row " + index + " of partition "
                + partition + ") has a null text; column 'text' must be non-null (use \"\" for an empty text)");
          }
          ids.add(id);
          texts.add(r.getString(textCol));
        }
        if (entry == null) {
          entry = ExecutorEmbedders.acquire(spec);
        }
        Embedder e = entry.embedder();
        float[][] v = e.embed(texts, role);
        if (v == null || v.length != texts.size()) {
          throw new IllegalStateException(e.id() + " returned " + (v == null ? "null" : v.length + " vectors")
              + " for " + texts.size() + " texts (partition " + partition + ")");
        }
        for (int j = 0; j < v.length; j++) {
          if (v[j] == null || v[j].length != e.dimension()) {
            throw new IllegalStateException(e.id() + ": vector of row id=" + ids.get(j) + " has dimension "
                + (v[j] == null ? "null" : v[j].length) + "; expected " + e.dimension());
          }
          if (l2Normalize) {
            v[j] = VectorUtil.normalized(v[j]);
          }
        }
        vectors = v;
        counters.rows.add(v.length);
      }

      private void finish() {
        finished = true;
        counters.partitions.add(1);
        if (entry == null) {
          counters.emptyPartitions.add(1);
          return;
        }
        ExecutorEmbedders.Drained d = entry.drain();
        counters.tokens.add(d.usage().tokens());
        counters.truncated.add(d.usage().truncatedTexts());
        counters.batches.add(d.usage().batches());
        counters.loadNanos.add(d.loadNanos());
      }
    }
  }

  /** Configures a {@link SparkEmbedJob}. */
  public static final class Builder {
    private final EmbedderSpec spec;
    private Role role = Role.DOCUMENT;
    private int chunkSize = DEFAULT_CHUNK;
    private boolean l2Normalize;

    private Builder(EmbedderSpec spec) {
      this.spec = Checks.notNull("spec", spec);
    }

    /** Query or document role (prefixes); default {@link Role#DOCUMENT}. */
    public Builder role(Role r) {
      this.role = Checks.notNull("role", r);
      return this;
    }

    /** Texts per {@code embed} call; default 1024. */
    public Builder chunkSize(int n) {
      this.chunkSize = Checks.atLeast("chunkSize", n, 1);
      return this;
    }

    /**
     * L2-normalise each vector after the model ({@code VectorUtil.normalized}, what the bake-off does
     * so that inner product = cosine); default off.
     */
    public Builder l2Normalize(boolean n) {
      this.l2Normalize = n;
      return this;
    }

    /** The job. */
    public SparkEmbedJob build() {
      return new SparkEmbedJob(this);
    }
  }
}

package dev.embedlab.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads corpora into the {@code (id, text)} shape {@link SparkEmbedJob} embeds, and writes results
 * as Parquet without leaving partial output behind.
 *
 * <p>Text is {@code title + " " + text}, or {@code text} alone when the title is missing or empty:
 * the form BEIR's sentence-transformers models embed and {@code Document.titleAndText()} builds. A
 * missing text stays null, so the embedding job stops on it naming the row.
 */
public final class SparkCorpora {
  private SparkCorpora() {}

  /** Input formats. */
  public enum Format {
    /** JSON lines ({@code _id} or {@code id}, optional {@code title}, {@code text}); {@code .gz} too. */
    JSONL,
    /** Parquet with {@code id}/{@code _id}, optional {@code title}, {@code text} columns. */
    PARQUET,
    /** A BEIR folder: its {@code corpus.jsonl} or {@code corpus.jsonl.gz}. */
    BEIR;

    /** Parses {@code jsonl}, {@code parquet} or {@code beir}, case-insensitive. */
    public static Format parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("format must be one of " + Arrays.toString(values())
            + "; format=" + s, e);
      }
    }
  }

  /** BEIR corpus lines: every field read as a string (numeric ids keep their digits). */
  private static final StructType JSONL_SCHEMA = new StructType()
      .add("_id", DataTypes.StringType).add("id", DataTypes.StringType)
      .add("title", DataTypes.StringType).add("text", DataTypes.StringType);

  /**
   * Reads {@code path} as {@code format} into {@code (id, text)}.
   *
   * @throws UncheckedIOException when the path (or a BEIR folder's corpus file) does not exist
   */
  public static Dataset<Row> read(SparkSession spark, String path, Format format) {
    return switch (format) {
      case JSONL -> jsonl(spark, requireExists(spark, path, "a JSON-lines corpus"));
      case PARQUET -> parquet(spark, requireExists(spark, path, "a Parquet corpus"));
      case BEIR -> jsonl(spark, beirCorpus(spark, path));
    };
  }

  private static Dataset<Row> jsonl(SparkSession spark, String path) {
    Dataset<Row> raw = spark.read().schema(JSONL_SCHEMA).option("mode", "FAILFAST").json(path);
    return shape(raw, coalesce(col("_id"), col("id")));
  }

  private static Dataset<Row> parquet(SparkSession spark, String path) {
    Dataset<Row> raw = spark.read().parquet(path);
    List<String> cols = Arrays.asList(raw.columns());
    if (!cols.contains("text") || !(cols.contains("id") || cols.contains("_id"))) {
      throw new IllegalArgumentException("Parquet corpus " + path + " must have columns id (or _id) and text; columns="
          + cols);
    }
    if (!cols.contains("title")) {
      raw = raw.withColumn("title", lit(null).cast(DataTypes.StringType));
    }
    Column id = cols.contains("id") ? col("id") : col("_id");
    return shape(raw, id.cast(DataTypes.StringType));
  }

  private static Dataset<Row> shape(Dataset<Row> raw, Column id) {
    Column title = col("title").cast(DataTypes.StringType);
    Column text = col("text").cast(DataTypes.StringType);
    Column joined = when(title.isNull().or(title.equalTo("")), text)
        .otherwise(when(text.isNull(), lit(null).cast(DataTypes.StringType))
            .otherwise(concat(title, lit(" "), text)));
    return raw.select(id.as("id"), joined.as("text"));
  }

  private static String beirCorpus(SparkSession spark, String folder) {
    for (String name : List.of("corpus.jsonl", "corpus.jsonl.gz")) {
      String p = new Path(folder, name).toString();
      if (exists(spark, p)) {
        return p;
      }
    }
    throw new UncheckedIOException(new java.nio.file.NoSuchFileException(folder, null,
        "expected a BEIR folder with corpus.jsonl or corpus.jsonl.gz"));
  }

  private static String requireExists(SparkSession spark, String path, String what) {
    if (!exists(spark, path)) {
      throw new UncheckedIOException(new java.nio.file.NoSuchFileException(path, null, "expected " + what));
    }
    return path;
  }

  private static boolean exists(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + path, e);
    }
  }

  /**
   * Writes {@code data} as Parquet to {@code output} all or nothing: Spark writes into a hidden
   * sibling folder {@code .<name>.tmp-<uuid>}, which is renamed to {@code output} only when every
   * task succeeded and deleted when anything failed, so a failed job leaves neither a partial
   * {@code output} nor the temporary folder. (On HDFS and local disks the rename is atomic; on
   * object stores it is a copy, but a failure still leaves no {@code output}.)
   *
   * @param overwrite replace an existing {@code output}; otherwise its existence is an error
   * @throws IllegalArgumentException when {@code output} exists and {@code overwrite} is false
   * @throws UncheckedIOException when the rename or clean-up fails
   */
  public static void writeParquetAtomically(Dataset<Row> data, String output, boolean overwrite) {
    Configuration hc = data.sparkSession().sparkContext().hadoopConfiguration();
    Path out = new Path(output);
    FileSystem fs;
    Path tmp;
    try {
      fs = out.getFileSystem(hc);
      out = fs.makeQualified(out);
      if (fs.exists(out) && !overwrite) {
        throw new IllegalArgumentException("output " + out + " already exists; choose another path or overwrite");
      }
      tmp = new Path(out.getParent(), "." + out.getName() + ".tmp-" + UUID.randomUUID());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare output " + output, e);
    }
    boolean done = false;
    try {
      data.write().parquet(tmp.toString());
      if (fs.exists(out) && !fs.delete(out, true)) {
        throw new IOException("cannot delete the previous output " + out);
      }
      if (!fs.rename(tmp, out)) {
        throw new IOException("cannot rename " + tmp + " to " + out);
      }
      done = true;
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + out + " failed", e);
    } finally {
      if (!done) {
        try {
          fs.delete(tmp, true);
        } catch (IOException e) {
          // reported below as a suppressed failure would hide the job's own error; log instead
          System.err.println("embedlab: could not remove temporary output " + tmp + ": " + e);
        }
      }
    }
  }
}

package dev.embedlab.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.embedlab.data.BeirCorpusReader;
import dev.embedlab.data.DatasetException;
import dev.embedlab.data.Document;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads corpora into the {@code (id, text)} shape {@link SparkEmbedJob} embeds, and writes results
 * as Parquet without leaving partial output behind.
 *
 * <p>Text is {@code title + " " + text}, or {@code text} alone when the title is missing or empty:
 * the form BEIR's sentence-transformers models embed and {@code Document.titleAndText()} builds. In
 * JSON lines a missing text is read as empty (as every other reader of the format does); in Parquet
 * a null text stays null, so the embedding job stops on it naming the row.
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

  /** The shape every format is read into. */
  private static final StructType ID_TEXT = new StructType()
      .add("id", DataTypes.StringType, false).add("text", DataTypes.StringType, false);

  /**
   * Reads {@code path} as {@code format} into {@code (id, text)}.
   *
   * <p>JSON lines and BEIR corpora are read by the data module's one corpus reader
   * ({@link BeirCorpusReader}), so they refuse what every other entry point refuses: first one
   * sequential pass on the driver over every file (in name order) applies all checks, the
   * duplicate-id check included (a hash table of 11–21 bytes per document on the driver); then the
   * executors parse the lines in parallel with the same line parser
   * ({@link BeirCorpusReader#parseLine}). {@code JSONL} accepts {@code id} where a line has no
   * {@code _id}; {@code path} may be a file, a folder of part files or a glob.
   *
   * @throws UncheckedIOException when the path (or a BEIR folder's corpus file) does not exist, or,
   *     with the {@link DatasetException} naming the file and line as its cause, when a file breaks
   *     the format: two objects on a line, trailing characters, a missing, duplicate or
   *     whitespace-holding id, an unpaired surrogate, invalid UTF-8, a truncated {@code .gz}
   */
  public static Dataset<Row> read(SparkSession spark, String path, Format format) {
    return switch (format) {
      case JSONL -> jsonl(spark, requireExists(spark, path, "a JSON-lines corpus"), true);
      case PARQUET -> parquet(spark, requireExists(spark, path, "a Parquet corpus"));
      case BEIR -> jsonl(spark, beirCorpus(spark, path), false);
    };
  }

  private static Dataset<Row> jsonl(SparkSession spark, String path, boolean idAlias) {
    List<String> files = validate(spark.sparkContext().hadoopConfiguration(), path, idAlias);
    JavaRDD<Row> rows = spark.read().text(files.toArray(String[]::new)).javaRDD()
        .flatMap((FlatMapFunction<Row, Row>) r -> {
          String line = r.getString(0);
          if (line == null || line.isBlank()) {
            return Collections.emptyIterator();
          }
          try {
            Document d = BeirCorpusReader.parseLine(java.nio.file.Path.of(path), 0, line, idAlias);
            return List.of(RowFactory.create(d.id(), d.titleAndText())).iterator();
          } catch (DatasetException e) {
            throw new UncheckedIOException(e.getMessage() + " (the file changed after it was checked?)", e);
          }
        });
    return spark.createDataFrame(rows, ID_TEXT);
  }

  /** Reads every file of {@code path} once through {@link BeirCorpusReader}; returns the files. */
  private static List<String> validate(Configuration hc, String path, boolean idAlias) {
    List<String> files = new ArrayList<>();
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(hc);
      FileStatus[] matched = fs.globStatus(p);
      for (FileStatus st : matched == null ? new FileStatus[0] : matched) {
        for (FileStatus f : st.isDirectory() ? fs.listStatus(st.getPath()) : new FileStatus[] {st}) {
          String name = f.getPath().getName();
          if (f.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
            files.add(f.getPath().toString());
          }
        }
      }
      Collections.sort(files);
      BeirCorpusReader.SeenIds seen = new BeirCorpusReader.SeenIds();
      for (String f : files) {
        Path hp = new Path(f);
        try (BeirCorpusReader r = BeirCorpusReader.open(java.nio.file.Path.of(f), () -> fs.open(hp), seen, idAlias)) {
          while (r.next() != null) {
            // every check happens in next()
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new UncheckedIOException(new java.nio.file.NoSuchFileException(path, null,
          "expected JSON-lines files, found none (files starting with _ or . are skipped)"));
    }
    return files;
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
    Column title = col("title").cast(DataTypes.StringType);
    Column text = col("text").cast(DataTypes.StringType);
    Column joined = when(title.isNull().or(title.equalTo("")), text)
        .otherwise(when(text.isNull(), lit(null).cast(DataTypes.StringType))
            .otherwise(concat(title, lit(" "), text)));
    return raw.select(id.cast(DataTypes.StringType).as("id"), joined.as("text"));
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

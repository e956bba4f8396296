package dev.embedlab.bakeoff.cli;

import dev.embedlab.bakeoff.cli.BakeOffOptions.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks of the files and folders a command line names, whose errors list what exists: the splits of
 * a BEIR folder, the files of a folder, what the nearest existing parent of a missing path holds.
 */
final class PathChecks {
  private PathChecks() {}

  /** A BEIR folder: exists, is a folder, has corpus, queries and the split's qrels. */
  static void checkBeir(Path dir, String split) {
    if (!Files.exists(dir)) {
      throw new UsageException("--beir " + dir + ": no such folder; expected a BEIR folder with corpus.jsonl[.gz], "
          + "queries.jsonl and qrels/" + split + ".tsv; " + parentListing(dir));
    }
    if (!Files.isDirectory(dir)) {
      throw new UsageException("--beir " + dir + " is a file; expected a BEIR folder with corpus.jsonl[.gz], "
          + "queries.jsonl and qrels/" + split + ".tsv" + (dir.toString().endsWith(".json")
              ? " (a SQuAD JSON file goes to --squad)" : ""));
    }
    List<String> found = listing(dir);
    if (!Files.isRegularFile(dir.resolve("corpus.jsonl")) && !Files.isRegularFile(dir.resolve("corpus.jsonl.gz"))) {
      throw new UsageException("--beir " + dir + ": no corpus.jsonl or corpus.jsonl.gz; expected a BEIR folder; "
          + "found: " + show(found));
    }
    if (!Files.isRegularFile(dir.resolve("queries.jsonl"))) {
      throw new UsageException("--beir " + dir + ": no queries.jsonl; expected a BEIR folder; found: " + show(found));
    }
    Path qrels = dir.resolve("qrels");
    if (!Files.isDirectory(qrels)) {
      throw new UsageException("--beir " + dir + ": no qrels folder; expected qrels/" + split + ".tsv; found: "
          + show(found));
    }
    if (!Files.isRegularFile(qrels.resolve(split + ".tsv"))) {
      List<String> splits = new ArrayList<>();
      for (String f : listing(qrels)) {
        if (f.endsWith(".tsv")) {
          splits.add(f.substring(0, f.length() - 4));
        }
      }
      throw new UsageException("--split " + split + ": " + qrels.resolve(split + ".tsv") + " does not exist; "
          + "expected one of the splits found in " + qrels + ": " + (splits.isEmpty() ? "none" : String.join(", ", splits)));
    }
  }

  static void checkFile(String option, Path f, String what, String folderOption) {
    if (!Files.exists(f)) {
      throw new UsageException(option + " " + f + ": no such file; expected " + what + "; " + parentListing(f));
    }
    if (Files.isDirectory(f)) {
      throw new UsageException(option + " " + f + " is a folder; expected " + what + "; found in it: "
          + show(listing(f)) + (folderOption == null ? "" : " (a BEIR folder goes to " + folderOption + ")"));
    }
  }

  /** File names in {@code dir}, sorted; empty when unreadable. */
  static List<String> listing(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return new ArrayList<>(new TreeSet<>(s.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).toList()));
    } catch (IOException e) {
      return List.of();
    }
  }

  static String show(List<String> names) {
    if (names.isEmpty()) {
      return "nothing (empty folder)";
    }
    return names.size() <= 12 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 12)) + " … (" + names.size() + " entries)";
  }

  /** What the nearest existing ancestor of {@code p} contains. */
  static String parentListing(Path p) {
    Path parent = p.toAbsolutePath().normalize().getParent();
    while (parent != null && !Files.isDirectory(parent)) {
      parent = parent.getParent();
    }
    return parent == null ? "no parent folder exists" : "found in " + parent + ": " + show(listing(parent));
  }

}

package dev.embedlab.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's own files as a reader sees them: README, POMs, tagged snippet regions. */
final class RepoFiles {
  private RepoFiles() {}

  /** The repository root: the parent of the {@code tests/} module folder surefire runs in. */
  static Path root() {
    Path here = Path.of("").toAbsolutePath();
    for (Path p = here; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("examples"))) {
        return p;
      }
    }
    throw new IllegalStateException("no README.md with an examples/ folder above " + here);
  }

  static String read(String relative) {
    try {
      return Files.readString(root().resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root().resolve(relative), e);
    }
  }

  /** One fenced code block of the README, with the HTML comment line just above it (or null). */
  record Block(String language, String marker, String body, int line) {}

  /** Every fenced block of {@code markdown}, in order. */
  static List<Block> fencedBlocks(String markdown) {
    String[] lines = markdown.split("\n", -1);
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith("```") || lines[i].length() == 3) {
        continue;
      }
      String lang = lines[i].substring(3).strip();
      int j = i - 1;
      while (j >= 0 && lines[j].isBlank()) {
        j--;
      }
      String marker = j >= 0 && lines[j].startsWith("<!--") ? lines[j] : null;
      StringBuilder body = new StringBuilder();
      int k = i + 1;
      for (; k < lines.length && !lines[k].startsWith("```"); k++) {
        body.append(lines[k]).append('\n');
      }
      if (k == lines.length) {
        throw new IllegalStateException("README block opened at line " + (i + 1) + " is never closed");
      }
      out.add(new Block(lang, marker, body.toString(), i + 1));
      i = k;
    }
    return out;
  }

  private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w-]+)\\[\\]\\s*$");

  /** The tag names in a source file, in order. */
  static List<String> tags(String source) {
    List<String> tags = new ArrayList<>();
    for (String l : source.split("\n", -1)) {
      Matcher m = TAG.matcher(l);
      if (m.matches()) {
        tags.add(m.group(1));
      }
    }
    return tags;
  }

  /**
   * The lines between {@code // tag::name[]} and {@code // end::name[]}, with their common leading
   * indentation removed, each ending in a newline.
   */
  static String taggedRegion(String source, String tag, String where) {
    String[] lines = source.split("\n", -1);
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].strip().equals("// tag::" + tag + "[]")) {
        start = i;
      } else if (lines[i].strip().equals("// end::" + tag + "[]")) {
        end = i;
      }
    }
    if (start < 0 || end <= start) {
      throw new IllegalArgumentException(where + ": expected // tag::" + tag + "[] ... // end::" + tag
          + "[]; tag line " + (start + 1) + ", end line " + (end + 1));
    }
    int indent = Integer.MAX_VALUE;
    for (int i = start + 1; i < end; i++) {
      if (!lines[i].isBlank()) {
        indent = Math.min(indent, lines[i].length() - lines[i].stripLeading().length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = start + 1; i < end; i++) {
      sb.append(lines[i].isBlank() ? "" : lines[i].substring(indent)).append('\n');
    }
    return sb.toString();
  }
}

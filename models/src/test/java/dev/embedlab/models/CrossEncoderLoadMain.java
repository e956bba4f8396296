package dev.embedlab.models;

import java.nio.file.Path;

/**
 * Forked by {@link QuietDjlTest}: loads a cross-encoder folder in a fresh JVM (so DJL's first
 * initialisation happens here) and scores one pair; whatever DJL logs goes to this JVM's stderr.
 */
public final class CrossEncoderLoadMain {
  private CrossEncoderLoadMain() {}

  public static void main(String[] args) {
    try (OnnxCrossEncoder ce = OnnxCrossEncoder.fromFolder(Path.of(args[0]))) {
      System.out.println("score=" + ce.score("query", java.util.List.of("document"))[0]);
    }
  }
}

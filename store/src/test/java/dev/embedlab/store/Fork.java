package dev.embedlab.store;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test main in a new JVM with this JVM's java and classpath. */
final class Fork {
  private Fork() {}

  static Process start(List<String> jvmArgs, Class<?> main, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  static String classpathSummary() {
    return System.getProperty("java.class.path").split(File.pathSeparator).length + " classpath entries";
  }
}

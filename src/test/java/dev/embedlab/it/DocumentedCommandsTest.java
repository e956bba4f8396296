package dev.embedlab.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.embedlab.bakeoff.cli.BakeOffOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every {@code -Dexec.args="…"} the README documents, as a stranger would type it. Module commands
 * that need no key and little time ({@code advise}, {@code prepare}, {@code reproduce --list},
 * {@code --help}) run in a forked JVM from the repository root, the folder the README's commands run
 * from; bake-off commands are parsed and checked exactly as the CLI does before any work (every option,
 * value, folder and model name, with stand-in API keys), so a renamed option or a moved folder fails here.
 */
class DocumentedCommandsTest {
  /** {@code -Dexec.args="…"}, with the {@code -Dexec.mainClass=…} just before it when one is named. */
  private static final Pattern EXEC_ARGS =
      Pattern.compile("(?:-Dexec\\.mainClass=(\\S+)\\s+)?-Dexec\\.args=\"([^\"]*)\"");
  private static final Set<String> RUN_FULLY = Set.of("advise", "prepare");

  /** The documented argument lists of the {@code embedlab} command line, in README order. */
  static List<List<String>> documented() {
    List<List<String>> out = new ArrayList<>();
    Matcher m = EXEC_ARGS.matcher(readme());
    while (m.find()) {
      if (m.group(1) == null) {
        out.add(split(m.group(2)));
      }
    }
    return out;
  }

  private static String readme() {
    return RepoFiles.read("README.md").replace("\\\n", " ").replace('\n', ' ');
  }

  @Test
  void everyDocumentedExampleProgramExistsWithAMain() throws Exception {
    Matcher m = EXEC_ARGS.matcher(readme());
    int checked = 0;
    while (m.find()) {
      if (m.group(1) != null) {
        Class<?> c = Class.forName(m.group(1)); // the README names a class the examples jar must have
        assertEquals(void.class, c.getMethod("main", String[].class).getReturnType(), m.group(1));
        checked++;
      }
    }
    assertTrue(checked >= 1, "expected the README's example programs run with -Dexec.mainClass");
  }

  /** Splits like a POSIX shell for the forms the README uses: spaces, single quotes. */
  static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : s.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
        any = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (any) {
          out.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
      } else {
        cur.append(c);
        any = true;
      }
    }
    if (any) {
      out.add(cur.toString());
    }
    return out;
  }

  @Test
  void theReadmeDocumentsTheModuleCommandsAndBakeOffs() {
    List<List<String>> cmds = documented();
    assertTrue(cmds.size() >= 5, "expected the README's documented commands; found " + cmds);
    assertTrue(cmds.stream().anyMatch(c -> c.get(0).equals("advise")), cmds.toString());
    assertTrue(cmds.stream().anyMatch(c -> c.get(0).equals("prepare")), cmds.toString());
  }

  @Test
  void everyDocumentedBakeOffParsesAndChecksAsWritten() {
    Path root = RepoFiles.root();
    Path shared = root.resolve("../shared").normalize();
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shared.resolve("data")),
        "shared data absent next to the clone; the documented SciFact commands cannot be checked");
    Map<String, String> env = Map.of("OPENAI_API_KEY", "sk-stand-in", "COHERE_API_KEY", "stand-in",
        "HOME", System.getProperty("user.home"));
    int checked = 0;
    for (List<String> cmd : documented()) {
      if (RUN_FULLY.contains(cmd.get(0)) || cmd.get(0).equals("reproduce") || cmd.get(0).equals("--help")) {
        continue;
      }
      String[] args = cmd.stream().map(a -> a.startsWith("../shared") || a.startsWith("examples/")
          ? root.resolve(a).normalize().toString() : a).toArray(String[]::new);
      BakeOffOptions.parse(args, env); // throws a UsageException naming the option and value
      checked++;
    }
    assertTrue(checked >= 2, "expected documented bake-off commands; checked " + checked);
  }

  @Test
  void everyDocumentedModuleCommandRunsFromTheRepositoryRoot() throws Exception {
    for (List<String> cmd : documented()) {
      if (!RUN_FULLY.contains(cmd.get(0)) && !cmd.get(0).equals("--help")) {
        continue;
      }
      List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "dev.embedlab.bakeoff.cli.Embedlab"));
      line.addAll(cmd);
      Path log = Files.createTempFile("documented-command", ".log");
      Process p = new ProcessBuilder(line).directory(RepoFiles.root().toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      assertTrue(p.waitFor(5, TimeUnit.MINUTES), "timed out: " + cmd);
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + output);
      if (cmd.get(0).equals("advise")) {
        assertTrue(output.contains("published, not measured here"), output);
      }
      if (cmd.get(0).equals("prepare")) {
        assertTrue(output.contains("wrote ") && output.contains("corpus.jsonl"), output);
      }
    }
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}

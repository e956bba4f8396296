package dev.embedlab.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The machine's fp32 fused-multiply-add peak, measured: {@code fma_peak.c} (a resource next to
 * this class) is compiled at run time with the machine's {@code gcc -O2 -march=native -pthread}
 * into {@code benchmarks/target/fma-peak/} and run. It keeps 16 independent vector accumulators per
 * thread in registers (enough to hide the FMA latency on both FMA pipes), one thread pinned per
 * core, fixed-duration trials, best of several; see the C file for the method.
 *
 * <p>Two rates come back per thread count: per second of wall time (lowered when other processes
 * share the cores) and per second of the threads' own CPU time (the cores' rate while they run
 * this code, which neighbours' time slices do not lower). Without gcc, or when the program fails,
 * {@link #measure} falls back to {@link #theoretical()}: cores x cpuinfo MHz x 2 FMA units
 * (assumed) x lanes x 2, with a note saying so.
 *
 * <p>Run alone: {@code mvn -o -q -pl benchmarks exec:java -Dexec.mainClass=dev.embedlab.bench.FmaPeak}
 * (optional args: seconds per trial, trials).
 */
public final class FmaPeak {

  /**
   * A peak measurement.
   *
   * @param perThreads GFLOP/s per thread count: {@code [wall, cpu]}
   * @param measured false when this is the theoretical fallback
   * @param how one line: what was run or assumed
   */
  public record Peak(Map<Integer, double[]> perThreads, boolean measured, String how) {
    public Peak {
      if (perThreads == null || perThreads.isEmpty() || how == null) {
        throw new IllegalArgumentException("a peak needs at least one thread count and a description; got "
            + perThreads + ", how=" + how);
      }
      perThreads = Map.copyOf(perThreads);
    }

    /** GFLOP/s per second of CPU time with {@code threads} threads (the closest count measured below it). */
    public double cpuGflops(int threads) {
      return at(threads)[1];
    }

    /** GFLOP/s per second of wall time with {@code threads} threads. */
    public double wallGflops(int threads) {
      return at(threads)[0];
    }

    private double[] at(int threads) {
      int best = perThreads.keySet().stream().filter(t -> t <= threads).max(Integer::compare)
          .orElse(perThreads.keySet().stream().min(Integer::compare).orElseThrow());
      return perThreads.get(best);
    }
  }

  private FmaPeak() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 0.3;
    int trials = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Peak p = measure(seconds, trials);
    System.out.println(p.how());
    p.perThreads().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> System.out.printf(
        Locale.ROOT, "threads=%d: %.1f GFLOP/s per wall second, %.1f GFLOP/s per CPU second%n", e.getKey(),
        e.getValue()[0], e.getValue()[1]));
    Peak t = theoretical();
    System.out.printf(Locale.ROOT, "theoretical (cpuinfo): %.1f GFLOP/s on %d threads (%s)%n",
        t.cpuGflops(Integer.MAX_VALUE), Runtime.getRuntime().availableProcessors(), t.how());
  }

  /** Compiles and runs {@code fma_peak.c}; falls back to {@link #theoretical()} with the reason. */
  public static Peak measure(double secondsPerTrial, int trials) {
    try {
      Path dir = workDir();
      Path src = dir.resolve("fma_peak.c");
      try (InputStream in = FmaPeak.class.getResourceAsStream("fma_peak.c")) {
        if (in == null) {
          return fallback("resource dev/embedlab/bench/fma_peak.c not on the classpath");
        }
        Files.copy(in, src, StandardCopyOption.REPLACE_EXISTING);
      }
      Path bin = dir.resolve("fma_peak");
      List<String> cc = List.of("gcc", "-O2", "-march=native", "-pthread", src.toString(), "-o", bin.toString());
      Run c = run(cc);
      if (c.rc != 0) {
        return fallback("'" + String.join(" ", cc) + "' failed (rc=" + c.rc + "): " + c.out.strip());
      }
      Run r = run(List.of(bin.toString(), Double.toString(secondsPerTrial), Integer.toString(trials)));
      if (r.rc != 0) {
        return fallback(bin + " failed (rc=" + r.rc + "): " + r.out.strip());
      }
      Map<Integer, double[]> rates = new LinkedHashMap<>();
      String head = "";
      String clock = "";
      for (String line : r.out.split("\n")) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String part : line.trim().split(" ")) {
          int eq = part.indexOf('=');
          if (eq > 0) {
            kv.put(part.substring(0, eq), part.substring(eq + 1));
          }
        }
        if (kv.containsKey("gflops_cpu")) {
          rates.put(Integer.parseInt(kv.get("threads")), new double[] {
              Double.parseDouble(kv.get("gflops_wall")), Double.parseDouble(kv.get("gflops_cpu"))});
        } else if (kv.containsKey("isa")) {
          head = line.trim();
        } else if (kv.containsKey("clock_ghz")) {
          clock = kv.get("clock_ghz");
        }
      }
      if (rates.isEmpty()) {
        return fallback(bin + " printed no 'threads=… gflops_wall=… gflops_cpu=…' line: " + r.out.strip());
      }
      return new Peak(rates, true, "measured: " + String.join(" ", cc) + "; " + head
          + "; dependent-add clock probe " + clock + " GHz");
    } catch (IOException e) {
      return fallback("cannot build or run fma_peak: " + e);
    } catch (NumberFormatException e) {
      return fallback("cannot parse fma_peak output: " + e.getMessage());
    }
  }

  /** cores x cpuinfo MHz x 2 FMA units (assumed) x fp32 lanes x 2; cpuinfo MHz is the nominal clock. */
  public static Peak theoretical() {
    int cores = Runtime.getRuntime().availableProcessors();
    double ghz = 0;
    boolean avx512 = false;
    boolean avx2 = false;
    boolean fma = false;
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("cpu MHz") && ghz == 0) {
          ghz = Double.parseDouble(l.substring(l.indexOf(':') + 1).trim()) / 1000;
        } else if (l.startsWith("flags")) {
          avx512 |= l.contains(" avx512f");
          fma |= l.contains(" fma");
          avx2 |= l.contains(" avx2");
        }
      }
    } catch (IOException | NumberFormatException e) {
      ghz = 0;
    }
    boolean guessed = ghz == 0;
    ghz = guessed ? 2.0 : ghz;
    int lanes = avx512 ? 16 : avx2 ? 8 : 4;
    int fmaUnits = 2;
    double perCore = ghz * fmaUnits * lanes * (fma ? 2 : 1);
    Map<Integer, double[]> rates = new LinkedHashMap<>();
    rates.put(1, new double[] {perCore, perCore});
    rates.put(cores, new double[] {perCore * cores, perCore * cores});
    return new Peak(rates, false, String.format(Locale.ROOT, "theoretical: %.3f GHz (%s) x %d FMA units "
        + "(assumed) x %d fp32 lanes (%s) x 2 per core", ghz, guessed ? "guessed, no cpuinfo" : "cpuinfo MHz",
        fmaUnits, lanes, avx512 ? "avx512f" : avx2 ? "avx2" : "sse"));
  }

  private static Peak fallback(String why) {
    Peak t = theoretical();
    return new Peak(t.perThreads(), false, "NOT MEASURED (" + why + "); using " + t.how());
  }

  /** {@code target/fma-peak} next to this module's {@code target/classes}, else a temporary folder. */
  private static Path workDir() throws IOException {
    Path dir;
    try {
      Path classes = Path.of(FmaPeak.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      dir = Files.isDirectory(classes) && classes.getParent() != null
          ? classes.getParent().resolve("fma-peak") : Files.createTempDirectory("embedlab-fma-peak");
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      dir = Files.createTempDirectory("embedlab-fma-peak");
    }
    return Files.createDirectories(dir);
  }

  private record Run(int rc, String out) {}

  private static Run run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return new Run(-1, out + " (timed out)");
      }
      return new Run(p.exitValue(), out);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while running " + cmd.get(0)));
    }
  }
}

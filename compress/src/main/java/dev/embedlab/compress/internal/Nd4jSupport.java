package dev.embedlab.compress.internal;

/**
 * Whether ND4J's native CPU backend (nd4j-native plus OpenBLAS, both with their platform classifier)
 * can be used in this JVM. Internal to embedlab: {@code compress} and {@code eval} ask it before
 * touching any ND4J class, and use their pure-Java paths when the answer is no.
 *
 * <p>The probe runs once, on first use: it initialises ND4J and runs one tiny {@code gemm}. Any
 * {@link Throwable} it raises (typically {@link UnsatisfiedLinkError} wrapped in
 * {@link ExceptionInInitializerError} when the platform jars are absent, or
 * {@link NoClassDefFoundError} when ND4J is not on the class path at all) is caught here and kept as
 * the {@link #unavailableReason() reason}; nothing from it is ever rethrown.
 *
 * <p>Before the probe initialises ND4J it sets the system property
 * {@value #LOG_INITIALIZATION} to {@code false} (ND4J's {@code ND4JSystemProperties.LOG_INITIALIZATION})
 * unless the user has set it, so that a library call does not print ND4J's ~15 start-up INFO lines.
 * One more INFO line ({@code CpuNDArrayFactory - Binary level ... optimization level ...}) is logged
 * unconditionally on ND4J's first BLAS call; for slf4j-simple the probe also sets that logger to
 * {@code warn} ({@value #SIMPLE_LOGGER_CPU_FACTORY}) unless set; with another SLF4J binding, set the
 * level of {@code org.nd4j.linalg.cpu.nativecpu.CpuNDArrayFactory} in its configuration.
 * Setting {@value #DISABLE_PROPERTY}{@code =true} makes the probe answer no without loading ND4J.
 */
public final class Nd4jSupport {
  /** ND4J's switch for its start-up logging ({@code org.nd4j.common.config.ND4JSystemProperties}). */
  public static final String LOG_INITIALIZATION = "org.nd4j.log.initialization";
  /** slf4j-simple's level property for the ND4J logger that reports the binary's CPU level. */
  public static final String SIMPLE_LOGGER_CPU_FACTORY =
      "org.slf4j.simpleLogger.log.org.nd4j.linalg.cpu.nativecpu.CpuNDArrayFactory";
  /** Set to {@code true} to use the pure-Java paths even where ND4J's native backend is present. */
  public static final String DISABLE_PROPERTY = "embedlab.nd4j.disabled";
  /** The ND4J version embedlab is built against. */
  public static final String ND4J_VERSION = "1.0.0-M2.1";
  /** The OpenBLAS (JavaCPP presets) version ND4J {@value #ND4J_VERSION} is built against. */
  public static final String OPENBLAS_VERSION = "0.3.19-1.5.7";
  /**
   * Platform classifiers that Maven Central holds for both {@code nd4j-native:1.0.0-M2.1} and
   * {@code openblas:0.3.19-1.5.7} (checked there on 2026-11-29).
   */
  public static final String CLASSIFIERS = "linux-x86_64, linux-arm64, macosx-x86_64, macosx-arm64, windows-x86_64";

  private static volatile Result result;

  private Nd4jSupport() {}

  private record Result(boolean available, String reason) {}

  /** Whether ND4J's native backend loaded and computed a product; probes on the first call. */
  public static boolean isAvailable() {
    return probe().available;
  }

  /**
   * Why ND4J is not usable, followed by the artifacts to add ({@code null} when it is usable). For
   * messages and logs; embedlab itself then takes its pure-Java paths.
   */
  public static String unavailableReason() {
    return probe().reason;
  }

  /** The sentence telling a user which artifacts to add for ND4J acceleration. */
  public static String howToAdd() {
    return "Add org.nd4j:nd4j-native:" + ND4J_VERSION + ":<classifier> and org.bytedeco:openblas:"
        + OPENBLAS_VERSION + ":<classifier> for your platform (e.g. org.nd4j:nd4j-native:" + ND4J_VERSION
        + ":linux-x86_64 plus org.bytedeco:openblas:" + OPENBLAS_VERSION + ":linux-x86_64); classifiers: "
        + CLASSIFIERS + ".";
  }

  private static Result probe() {
    Result r = result;
    if (r == null) {
      synchronized (Nd4jSupport.class) {
        r = result;
        if (r == null) {
          r = runProbe();
          result = r;
        }
      }
    }
    return r;
  }

  private static Result runProbe() {
    if (Boolean.getBoolean(DISABLE_PROPERTY)) {
      return new Result(false, "disabled by -D" + DISABLE_PROPERTY + "=true");
    }
    quietInitialisation();
    try {
      Class.forName("org.nd4j.linalg.factory.Nd4j", false, Nd4jSupport.class.getClassLoader());
    } catch (Throwable t) { // ClassNotFoundException, LinkageError: ND4J is not on the class path
      return new Result(false, "ND4J classes not on the class path: " + t + ". " + howToAdd());
    }
    try {
      Nd4jProbe.run();
      return new Result(true, null);
    } catch (Throwable t) { // ExceptionInInitializerError(UnsatisfiedLinkError), NoClassDefFoundError, ...
      return new Result(false, "ND4J native backend did not load: " + rootMessage(t) + ". " + howToAdd());
    }
  }

  /** Sets ND4J's start-up logging off unless the user chose; call before ND4J initialises. */
  public static void quietInitialisation() {
    try {
      if (System.getProperty(LOG_INITIALIZATION) == null) {
        System.setProperty(LOG_INITIALIZATION, "false");
      }
      if (System.getProperty(SIMPLE_LOGGER_CPU_FACTORY) == null) {
        System.setProperty(SIMPLE_LOGGER_CPU_FACTORY, "warn");
      }
    } catch (SecurityException ignored) {
      // logging stays as ND4J's default
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root == t ? t.toString() : t.getClass().getSimpleName() + " caused by " + root;
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }
}

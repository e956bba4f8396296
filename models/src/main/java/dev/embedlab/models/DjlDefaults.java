package dev.embedlab.models;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings embedlab gives DJL (the HuggingFace tokenizer) before the first tokenizer loads, each only
 * when the user has not set it:
 *
 * <ul>
 *   <li>{@code OPT_OUT_TRACKING=true}: DJL otherwise reports usage over the network when a tokenizer
 *       is created.
 *   <li>No warning from DJL's CUDA probe. Loading the tokenizer's native library calls
 *       {@code ai.djl.util.Platform.fromSystem()}, which always asks {@code CudaUtils.getGpuCount()}
 *       (DJL 0.36 has no switch for this; {@code -Dai.djl.util.cuda.fork=true} only moves the probe
 *       into a child JVM). On a machine with a CUDA runtime but no usable GPU the probe logs
 *       {@code WARN ai.djl.util.cuda.CudaUtils - Failed to detect GPU count: ...}. embedlab runs the
 *       tokenizer on the CPU, so that warning is noise: its logging flag is switched off. Set
 *       {@code -Dembedlab.djl.cudaProbeWarnings=true} (or {@code ai.djl.util.cuda.fork}) to keep
 *       DJL's behaviour.
 *   <li>{@code RUST_FLAVOR=cpu} (system property, unless set as property or environment variable):
 *       the tokenizer's CPU build, bundled in its jar. Without it, on a machine whose GPU DJL's probe
 *       finds (CUDA 12.2+, sm_80/86/89/90), DJL picks a CUDA build of the tokenizer library, which is
 *       not in the jar, and downloads it from the network on first use (or fails where there is no
 *       network). The tokenizer does no GPU work, so the CPU build loses nothing.
 *   <li>No INFO lines from DJL under slf4j-simple: {@code ai.djl.util.Platform} logs
 *       {@code Found matching platform from: ...} and {@code ai.djl.huggingface.tokenizers.jni.LibUtils}
 *       logs {@code Extracting ... to cache} (first run) and {@code Uses override RUST_FLAVOR} at INFO
 *       whenever the tokenizer library loads, so slf4j-simple's level for those two loggers
 *       ({@code org.slf4j.simpleLogger.log.<name>}) defaults to {@code warn}. Other bindings take
 *       their levels from their own configuration (set {@code ai.djl} to WARN there).
 * </ul>
 */
public final class DjlDefaults {
  /** System property that keeps DJL's CUDA-probe warnings when {@code true}. */
  static final String KEEP_CUDA_PROBE_WARNINGS = "embedlab.djl.cudaProbeWarnings";

  /** DJL's choice of tokenizer build ({@code cpu}, {@code cu122}, ...), read as env or system property. */
  static final String RUST_FLAVOR = "RUST_FLAVOR";

  /** slf4j-simple's levels for the DJL loggers that announce the tokenizer's native library at INFO. */
  static final java.util.List<String> SIMPLE_LOGGER_WARN_ONLY = java.util.List.of(
      "org.slf4j.simpleLogger.log.ai.djl.util.Platform",
      "org.slf4j.simpleLogger.log.ai.djl.huggingface.tokenizers.jni.LibUtils");

  private static final Logger LOG = LoggerFactory.getLogger(DjlDefaults.class);
  private static final AtomicBoolean APPLIED = new AtomicBoolean();

  private DjlDefaults() {}

  /**
   * Applies the defaults once per JVM; later calls do nothing. Every module that loads a DJL tokenizer
   * calls this first (the static-embedding module too), so one setup holds for all of them.
   */
  public static void apply() {
    if (!APPLIED.compareAndSet(false, true)) {
      return;
    }
    if (System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
    if (System.getProperty(RUST_FLAVOR) == null && System.getenv(RUST_FLAVOR) == null) {
      System.setProperty(RUST_FLAVOR, "cpu");
    }
    for (String logger : SIMPLE_LOGGER_WARN_ONLY) {
      if (System.getProperty(logger) == null) {
        System.setProperty(logger, "warn");
      }
    }
    if (!Boolean.getBoolean(KEEP_CUDA_PROBE_WARNINGS) && System.getProperty("ai.djl.util.cuda.fork") == null) {
      quietCudaProbe();
    }
  }

  private static void quietCudaProbe() {
    try {
      // Initialising the class runs DJL's own cudart lookup (debug-level logging only); the GPU
      // count is asked later, when the tokenizer library loads, and then finds logging off.
      Class<?> cuda = Class.forName("ai.djl.util.cuda.CudaUtils", true, DjlDefaults.class.getClassLoader());
      Field logging = cuda.getDeclaredField("logging");
      logging.setAccessible(true);
      logging.setBoolean(null, false);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // Another DJL version or a module path that does not open ai.djl.util.cuda: DJL keeps logging.
      LOG.debug("cannot switch off DJL's CUDA-probe logging; DJL may warn about GPUs: {}", e.toString());
    }
  }
}

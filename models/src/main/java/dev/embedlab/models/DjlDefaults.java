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
 *   <li>No INFO line from DJL under slf4j-simple: {@code ai.djl.util.Platform} logs
 *       {@code Found matching platform from: jar:...tokenizers.properties} at INFO whenever the
 *       tokenizer library loads, so {@code org.slf4j.simpleLogger.log.ai.djl.util.Platform} defaults
 *       to {@code warn}. Other bindings take their levels from their own configuration.
 * </ul>
 */
final class DjlDefaults {
  /** System property that keeps DJL's CUDA-probe warnings when {@code true}. */
  static final String KEEP_CUDA_PROBE_WARNINGS = "embedlab.djl.cudaProbeWarnings";

  /** slf4j-simple's level for the DJL logger that announces the tokenizer's native library. */
  static final String SIMPLE_LOGGER_PLATFORM = "org.slf4j.simpleLogger.log.ai.djl.util.Platform";

  private static final Logger LOG = LoggerFactory.getLogger(DjlDefaults.class);
  private static final AtomicBoolean APPLIED = new AtomicBoolean();

  private DjlDefaults() {}

  /** Applies the defaults once per JVM; later calls do nothing. */
  static void apply() {
    if (!APPLIED.compareAndSet(false, true)) {
      return;
    }
    if (System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
    if (System.getProperty(SIMPLE_LOGGER_PLATFORM) == null) {
      System.setProperty(SIMPLE_LOGGER_PLATFORM, "warn");
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

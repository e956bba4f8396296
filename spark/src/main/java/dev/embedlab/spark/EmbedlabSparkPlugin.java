package dev.embedlab.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Closes each executor's embedders when Spark shuts the executor down. Enable with
 * {@code --conf spark.plugins=dev.embedlab.spark.EmbedlabSparkPlugin}; without it a JVM shutdown
 * hook does the same when the executor process exits (see {@link ExecutorEmbedders}).
 */
public final class EmbedlabSparkPlugin implements SparkPlugin {

  /** No driver-side component. */
  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  /** Closes {@link ExecutorEmbedders} at executor shutdown. */
  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(org.apache.spark.api.plugin.PluginContext ctx, Map<String, String> extraConf) {
        // embedders are built lazily by the first task that needs one
      }

      @Override
      public void shutdown() {
        ExecutorEmbedders.closeAll();
      }
    };
  }
}

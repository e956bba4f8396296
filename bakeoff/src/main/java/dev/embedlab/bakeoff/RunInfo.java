package dev.embedlab.bakeoff;

import java.time.Instant;

/**
 * Where and when a bake-off ran.
 *
 * @param embedlabVersion library version (from the eval jar's manifest or Maven metadata;
 *     {@code "unknown"} when run from loose classes)
 * @param jvm JVM vendor, name and version
 * @param os operating system name, version and architecture
 * @param cores available processors
 * @param startedAt start time (UTC)
 * @param totalSeconds wall time of the whole bake-off
 */
public record RunInfo(String embedlabVersion, String jvm, String os, int cores, Instant startedAt,
    double totalSeconds) {

  /** Validates. */
  public RunInfo {
    if (embedlabVersion == null || jvm == null || os == null || startedAt == null) {
      throw new IllegalArgumentException("embedlabVersion, jvm, os and startedAt must be non-null");
    }
    if (!(totalSeconds >= 0)) {
      throw new IllegalArgumentException("totalSeconds must be >= 0; totalSeconds=" + totalSeconds);
    }
  }
}

/** Throughput of the Spark embedding path against the plain single-JVM path. */
package dev.embedlab.spark.bench;

/** Optional scale-out on Apache Spark: embed corpora, search exactly and run bake-offs across executors. */
package dev.embedlab.spark;

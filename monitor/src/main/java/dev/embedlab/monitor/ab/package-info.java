/**
 * A/B tests for retrieval pipelines: deterministic salted-hash assignment of users or queries to arms
 * ({@link dev.embedlab.monitor.ab.Assignment}), per-arm outcomes and a decision computed with eval's
 * statistics ({@link dev.embedlab.monitor.ab.AbTest}).
 */
package dev.embedlab.monitor.ab;

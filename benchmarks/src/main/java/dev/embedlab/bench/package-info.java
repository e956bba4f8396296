/** Benchmarks against peers (LangChain4j, FAISS, scikit-learn): runnable mains, never timed in tests. */
package dev.embedlab.bench;

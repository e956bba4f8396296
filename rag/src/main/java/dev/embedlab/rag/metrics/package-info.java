/** RAG metrics judged by an LLM (RAGAS definitions); the ones that need no model are {@code dev.embedlab.eval.metrics.RagasContextMetrics}. */
package dev.embedlab.rag.metrics;

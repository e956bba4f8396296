/** RAG metrics as RAGAS defines them, with and without an LLM judge, and agreement with human labels. */
package dev.embedlab.rag.metrics;

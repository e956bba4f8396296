/** An OpenAI-compatible chat client with a response cache and an audit log, for generation and judging. */
package dev.embedlab.rag.llm;

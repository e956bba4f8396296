/** From a team's own files to an evaluation set and RAG metrics. */
package dev.embedlab.rag;

/** Cutting documents into passages: by a model's tokens with overlap, by sentences, by paragraphs. */
package dev.embedlab.rag.chunk;

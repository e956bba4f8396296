/** Questions generated for sampled passages by a chat model, filtered, and written as a BEIR set marked synthetic. */
package dev.embedlab.rag.synth;

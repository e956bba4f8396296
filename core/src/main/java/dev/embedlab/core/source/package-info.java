/** Model sources found by name: {@code hf:ORG/NAME}, {@code openai:MODEL}, a shipped model id, a folder. */
package dev.embedlab.core.source;

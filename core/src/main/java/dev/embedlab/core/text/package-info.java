/**
 * Text preprocessing before embedding: an ordered chain of {@link dev.embedlab.core.text.TextRule}s
 * (whitespace, NFKC, regex, Korean/English money units, synonym dictionary, stop words) with a stable
 * id for provenance, loadable from a user-editable rule file, and an embedder wrapper that applies it.
 */
package dev.embedlab.core.text;

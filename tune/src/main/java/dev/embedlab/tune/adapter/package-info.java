/**
 * Linear adapters on frozen embeddings: a d×d map, identity-initialised, trained in Java with the
 * multiple-negatives ranking loss, saved as a versioned artefact and applied by
 * {@link dev.embedlab.tune.adapter.AdapterEmbedder}.
 */
package dev.embedlab.tune.adapter;

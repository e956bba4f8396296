/**
 * Models named on the Hugging Face Hub ({@code hf:ORG/NAME[@REVISION][#FILE.onnx]}): the Hub's HTTP
 * API as {@code huggingface_hub} uses it, its cache layout shared with Python, and the
 * sentence-transformers configuration a repo carries turned into an {@code OnnxEmbedder}.
 */
package dev.embedlab.models.hub;

/**
 * Who makes vectors: {@link dev.embedlab.models.OnnxEmbedder} runs sentence-transformer ONNX exports
 * in-process (ONNX Runtime + HuggingFace tokenizers), {@link dev.embedlab.models.KnownModel} names the
 * models that ship in Maven jars, {@link dev.embedlab.models.OpenAiCompatibleEmbedder} calls OpenAI-compatible HTTP APIs, and
 * {@link dev.embedlab.models.CachingEmbedder} keeps vectors on disk.
 */
package dev.embedlab.models;

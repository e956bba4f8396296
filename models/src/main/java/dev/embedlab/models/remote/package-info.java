/**
 * Paid embedding APIs (OpenAI, Azure OpenAI, Gemini, Cohere, Voyage) as embedders: one HTTP, retry,
 * limit and redaction core ({@link dev.embedlab.models.remote.RemoteEmbedder}), one
 * {@link dev.embedlab.models.remote.Protocol} per provider's request and response shape, a dated
 * {@link dev.embedlab.models.remote.PriceTable}, and the {@code openai:}, {@code azure:},
 * {@code gemini:}, {@code cohere:} and {@code voyage:} model sources.
 */
package dev.embedlab.models.remote;

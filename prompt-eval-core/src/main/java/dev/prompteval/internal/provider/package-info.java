/**
 * Model calls: providers on OkHttp, the response cache, record/replay, and token cost.
 *
 * <h2>Providers</h2>
 * {@link dev.prompteval.internal.provider.Providers} turns a provider name ({@code openai}, {@code openai-compatible},
 * {@code azure}, {@code anthropic}, {@code google}/{@code gemini}, {@code java:<class>}) and optional
 * {@link dev.prompteval.internal.provider.ProviderOptions} (base URL, key) into a
 * {@link dev.prompteval.provider.ModelProvider}; keys come from {@code OPENAI_API_KEY}, {@code ANTHROPIC_API_KEY},
 * {@code GOOGLE_API_KEY} (else {@code GEMINI_API_KEY}), {@code AZURE_OPENAI_API_KEY}, base URLs from
 * {@code OPENAI_BASE_URL}, {@code AZURE_OPENAI_ENDPOINT},
 * {@code ANTHROPIC_BASE_URL}, {@code GEMINI_BASE_URL}. Keys are sent only in headers and are removed from every
 * error message, even when a server echoes them back. Each wire format follows its public API reference:
 * <ul>
 * <li>OpenAI chat completions: messages and parameters pass through ({@code max_tokens} becomes
 *     {@code max_completion_tokens} for o-series and gpt-5 models); a {@code refusal} becomes the text with finish
 *     reason {@code refusal}; {@code stream: true} is refused.</li>
 * <li>Anthropic Messages: system messages go to the top-level {@code system}; {@code max_tokens}, which the API
 *     requires, defaults to 1024 when the template does not set it.</li>
 * <li>Gemini generateContent: parameters are renamed to {@code generationConfig}'s camelCase, request-level fields
 *     ({@code tools}, {@code toolConfig}, {@code cachedContent}, ...) go to the top level; a blocked prompt is an
 *     empty text with finish reason {@code PROMPT_BLOCKED:<reason>}.</li>
 * </ul>
 * Anthropic gets OpenAI's {@code stop} as {@code stop_sequences} and no {@code seed}; JSON mode is translated for every
 * format. Tool calls come back as one JSON output shape (see the README).
 * {@link dev.prompteval.internal.provider.Providers#checkParameters} reports, before any call, a parameter a format cannot
 * send; {@link dev.prompteval.internal.provider.Providers#parametersNotSent} names the portable parameters a format leaves out
 * (a seed on Anthropic, temperature and top_p on OpenAI's reasoning models), for the run to say once.
 * {@link dev.prompteval.internal.provider.Providers#embeddings} gives an
 * {@link dev.prompteval.internal.provider.EmbeddingProvider} for the OpenAI-compatible {@code POST {base}/embeddings}
 * ({@code openai} or {@code openai-compatible}, same base URL and key resolution), used by the {@code similar}
 * scorer; its failures are classified like model calls.
 * Providers never retry (neither does OkHttp, nor does it follow redirects). Failures are
 * {@link dev.prompteval.provider.ProviderException}s classified for {@link dev.prompteval.internal.retry} (401/403 auth, quota
 * and billing, 429 rate limit with the wait from {@code Retry-After} or the rate-limit reset headers, 5xx, 529 and 409
 * server, other 4xx bad request, timeouts, network errors, malformed bodies), with the provider's own message and
 * {@code x-should-retry} obeyed.
 *
 * <h2>Cache and record/replay</h2>
 * A call's {@link dev.prompteval.internal.provider.RequestKey} is the SHA-256 of its canonical request (endpoint, model,
 * sorted parameters, messages, sample index; never the key). {@link dev.prompteval.internal.provider.CachingProvider} serves
 * calls in one of three {@link dev.prompteval.internal.provider.EvaluationMode modes}: {@code live} (local
 * {@link dev.prompteval.internal.provider.ResponseCache}, then the model), {@code record} (as live, and write the suite's
 * {@link dev.prompteval.internal.provider.RecordingStore}), {@code replay} (recordings only; a miss is an error saying how to
 * record). {@link dev.prompteval.internal.provider.CachingEmbeddingProvider} does the same for embeddings, one entry per text
 * (the text as the user message, the vector as the response text). Recordings are {@code .jsonl} files, one entry per line sorted by key:
 * <pre>{"key":"9b12...","request":{"v":1,"endpoint":"openai-chat https://api.openai.com/v1","model":"gpt-4o-mini",
 * "parameters":{"temperature":0},"sample":0,"messages":[{"role":"user","content":"..."}]},
 * "response":{"text":"...","finishReason":"stop","usage":{"inputTokens":19,"outputTokens":10,"costUsd":8.85E-6}}}</pre>
 *
 * <h2>Cost</h2>
 * {@link dev.prompteval.internal.provider.PriceTable} prices tokens per model (approximate built-in list prices, overridable);
 * every response's {@link dev.prompteval.provider.Usage} carries its cost. Budget caps are the runner's.
 */
package dev.prompteval.internal.provider;

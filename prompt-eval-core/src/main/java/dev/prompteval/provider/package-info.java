/**
 * The custom-target SPI: the team's own code evaluated like a model, as a
 * {@link dev.prompteval.provider.CustomTarget} (text in, text out) or a {@link dev.prompteval.provider.ModelProvider}
 * (with usage and finish reason), failing with a classified {@link dev.prompteval.provider.ProviderException}. The
 * providers for real model APIs are internal.
 */
package dev.prompteval.provider;

/**
 * Prompt registries: where prompt versions are fetched from, published to, labelled, and where eval results are
 * pushed against the version they evaluated. {@link dev.prompteval.internal.registry.PromptRegistry} is the one interface;
 * {@code registry.file} is the embedded file registry (Git as the source of truth), {@code registry.promptlayer}
 * the PromptLayer REST client, {@code registry.webhook} verifies and parses PromptLayer webhooks.
 */
package dev.prompteval.internal.registry;

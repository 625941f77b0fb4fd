/**
 * PromptLayer webhooks for a team's own receiver: {@link dev.prompteval.registry.webhook.PromptLayerWebhookVerifier}
 * checks a delivery's signature and {@link dev.prompteval.registry.webhook.WebhookEvent} parses it.
 */
package dev.prompteval.registry.webhook;

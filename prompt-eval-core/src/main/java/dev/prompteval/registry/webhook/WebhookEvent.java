package dev.prompteval.registry.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.registry.webhook.EventParser;

import java.nio.charset.StandardCharsets;

/**
 * A PromptLayer webhook event: the common envelope plus, for the events of the GitOps flow, typed details.
 * Other event types parse to {@link Other}, not to an error, so a handler can ignore them.
 * Parse only bodies that {@link PromptLayerWebhookVerifier#verify} accepted.
 */
public sealed interface WebhookEvent
        permits WebhookEvent.VersionCreated, WebhookEvent.LabelMoved, WebhookEvent.LabelChangeApproved,
        WebhookEvent.Other {

    /** The envelope every event has. */
    Envelope envelope();

    /**
     * Parses a webhook body.
     *
     * @throws RegistryException {@code INVALID} when the body is not an event or a typed event lacks a field
     */
    static WebhookEvent parse(byte[] body) {
        return EventParser.parse(body);
    }

    /** Parses a webhook body given as text. */
    static WebhookEvent parse(String body) {
        return parse(body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The fields every event has.
     *
     * @param eventType   e.g. {@code prompt_template_label_moved}
     * @param details     the event-specific object, as sent
     * @param userId      who caused the event, or null
     * @param userName    their name, or null
     * @param userEmail   their e-mail address, or null
     * @param workspaceId the workspace, or null
     * @param timestamp   when it happened, ISO 8601 as sent (not always with a zone), or null
     */
    record Envelope(String eventType, JsonNode details, Long userId, String userName, String userEmail,
                    Long workspaceId, String timestamp) {
        public Envelope {
            details = details.deepCopy();
        }
    }

    /** {@code prompt_template_version_created}: a new version was saved. */
    record VersionCreated(Envelope envelope, long promptTemplateId, String promptName, int version)
            implements WebhookEvent {
    }

    /** {@code prompt_template_label_moved}: a release label now points at another version. */
    record LabelMoved(Envelope envelope, long promptTemplateId, String promptName, String label, int version,
                      int previousVersion) implements WebhookEvent {
    }

    /** {@code prompt_template_label_change_approved}: a pending change to a protected label was approved. */
    record LabelChangeApproved(Envelope envelope, long promptTemplateId, String promptName, String label,
                               String changeType) implements WebhookEvent {
    }

    /** Any other event type; its details are in {@link Envelope#details()}. */
    record Other(Envelope envelope) implements WebhookEvent {
    }
}

package dev.prompteval.internal.registry.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prompteval.internal.registry.RegistryException.Kind;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.registry.webhook.WebhookEvent;

import java.io.IOException;

/** Reads the envelope and, for the typed events, the required detail fields, naming any that is missing. */
public final class EventParser {
    private final WebhookEvent.Envelope envelope;

    private EventParser(WebhookEvent.Envelope envelope) {
        this.envelope = envelope;
    }

    public static WebhookEvent parse(byte[] body) {
        JsonNode root;
        try {
            root = PythonJson.parse(body);
        } catch (IOException e) {
            throw new RegistryException(Kind.INVALID, "webhook body is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("event_type").isTextual()) {
            throw new RegistryException(Kind.INVALID, "webhook body is not a PromptLayer event: expected an object"
                    + " with \"event_type\" and \"details\"");
        }
        var envelope = new WebhookEvent.Envelope(root.get("event_type").asText(), root.path("details"),
                longOrNull(root.get("user_id")), textOrNull(root.get("user_name")),
                textOrNull(root.get("user_email")), longOrNull(root.get("workspace_id")),
                textOrNull(root.get("timestamp")));
        EventParser details = new EventParser(envelope);
        return switch (envelope.eventType()) {
            case "prompt_template_version_created" -> new WebhookEvent.VersionCreated(envelope,
                    details.number("prompt_template_id"), details.text("prompt_template_name"),
                    details.version("prompt_template_version_number"));
            case "prompt_template_label_moved" -> new WebhookEvent.LabelMoved(envelope,
                    details.number("prompt_template_id"), details.text("prompt_template_name"),
                    details.text("prompt_template_label"), details.version("prompt_template_version_number"),
                    details.version("old_prompt_template_version_number"));
            case "prompt_template_label_change_approved" -> new WebhookEvent.LabelChangeApproved(envelope,
                    details.number("prompt_template_id"), details.text("prompt_template_name"),
                    details.text("prompt_template_label"), details.text("change_type"));
            default -> new WebhookEvent.Other(envelope);
        };
    }

    private String text(String field) {
        String value = textOrNull(envelope.details().get(field));
        if (value == null) throw missing(field, "text");
        return value;
    }

    private long number(String field) {
        Long value = longOrNull(envelope.details().get(field));
        if (value == null) throw missing(field, "a whole number");
        return value;
    }

    private int version(String field) {
        long value = number(field);
        if (value <= 0 || value > Integer.MAX_VALUE) throw missing(field, "a version number");
        return (int) value;
    }

    private RegistryException missing(String field, String kind) {
        return new RegistryException(Kind.INVALID, "webhook event " + envelope.eventType() + ": details." + field
                + " is missing or not " + kind);
    }

    private static Long longOrNull(JsonNode value) {
        return value != null && value.isIntegralNumber() && value.canConvertToLong() ? value.longValue() : null;
    }

    private static String textOrNull(JsonNode value) {
        return value != null && value.isTextual() ? value.asText() : null;
    }
}

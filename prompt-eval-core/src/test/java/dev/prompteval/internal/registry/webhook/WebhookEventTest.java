package dev.prompteval.internal.registry.webhook;

import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.registry.webhook.WebhookEvent;
import org.junit.jupiter.api.Test;

import static dev.prompteval.internal.registry.webhook.PromptLayerWebhookVerifierTest.byName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bodies shaped as PromptLayer's webhook-events page documents them. */
class WebhookEventTest {

    @Test
    void versionCreatedIsTypedWithTheEnvelope() {
        WebhookEvent event = WebhookEvent.parse(byName("version created, compact body").body());

        assertThat(event).isEqualTo(new WebhookEvent.VersionCreated(event.envelope(), 123, "support-reply", 2));
        WebhookEvent.Envelope envelope = event.envelope();
        assertThat(envelope.eventType()).isEqualTo("prompt_template_version_created");
        assertThat(envelope.userId()).isEqualTo(42L);
        assertThat(envelope.userName()).isEqualTo("Zoë Ångström");
        assertThat(envelope.userEmail()).isEqualTo("zoe@example.com");
        assertThat(envelope.workspaceId()).isEqualTo(7L);
        assertThat(envelope.timestamp()).isEqualTo("2025-03-15T10:30:00.123456");
    }

    @Test
    void labelMovedCarriesBothVersions() {
        WebhookEvent event = WebhookEvent.parse(byName("label moved, pretty body with emoji and CJK").body());

        assertThat(event).isEqualTo(new WebhookEvent.LabelMoved(event.envelope(), 123, "support/order summary",
                "production", 3, 2));
        assertThat(event.envelope().userName()).isEqualTo("Dev 🚀 团队");
    }

    @Test
    void labelChangeApprovedWithNullUser() {
        WebhookEvent event = WebhookEvent.parse(byName("label change approved, nulls").body());

        assertThat(event).isEqualTo(new WebhookEvent.LabelChangeApproved(event.envelope(), 123, "support-reply",
                "production", "move"));
        assertThat(event.envelope().userName()).isNull();
        assertThat(event.envelope().userEmail()).isNull();
    }

    @Test
    void otherEventTypesAreGenericNotErrors() {
        WebhookEvent event = WebhookEvent.parse(byName(
                "other event, nested objects, odd keys and strings, int and float arrays").body());

        assertThat(event).isInstanceOf(WebhookEvent.Other.class);
        assertThat(event.envelope().eventType()).isEqualTo("dataset_version_created_from_filter_params");
        assertThat(event.envelope().details().get("dataset_id").asInt()).isEqualTo(345);
    }

    @Test
    void aTypedEventWithoutItsFieldsOrABodyThatIsNoEventIsInvalid() {
        assertThatThrownBy(() -> WebhookEvent.parse("{\"event_type\": \"prompt_template_label_moved\","
                + " \"details\": {\"prompt_template_id\": 1, \"prompt_template_name\": \"x\","
                + " \"prompt_template_version_number\": 3, \"old_prompt_template_version_number\": 2}}"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("webhook event prompt_template_label_moved: details.prompt_template_label is missing or"
                        + " not text");
        assertThatThrownBy(() -> WebhookEvent.parse("[1, 2]"))
                .hasMessageContaining("webhook body is not a PromptLayer event");
        assertThatThrownBy(() -> WebhookEvent.parse("{\"event_type\": "))
                .hasMessageContaining("webhook body is not JSON");
    }
}

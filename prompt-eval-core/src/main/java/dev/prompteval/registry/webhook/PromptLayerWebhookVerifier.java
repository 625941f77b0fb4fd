package dev.prompteval.registry.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prompteval.internal.registry.webhook.PythonJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a webhook request came from PromptLayer. PromptLayer sends {@value #SIGNATURE_HEADER}: the hex
 * HMAC-SHA256, keyed with the webhook's secret, of the payload re-serialised as Python's
 * {@code json.dumps(payload, sort_keys=True)}. The body is therefore parsed and written again exactly as Python
 * would ({@link PythonJson}), whatever its key order or white space, and the signatures are compared in constant
 * time.
 */
public final class PromptLayerWebhookVerifier {
    /** The request header that carries the signature. */
    public static final String SIGNATURE_HEADER = "X-PromptLayer-Signature";

    private PromptLayerWebhookVerifier() {
    }

    /**
     * True when {@code signatureHeader} is PromptLayer's signature of {@code body} under {@code secret}. A missing or
     * malformed header, or a body that is not JSON, is simply not authentic: false.
     *
     * @param body            the raw request body
     * @param signatureHeader the {@value #SIGNATURE_HEADER} value (hex; either case)
     * @param secret          the webhook's secret from PromptLayer's settings
     * @throws IllegalArgumentException when the secret is empty: a configuration error, not a forged request
     */
    public static boolean verify(byte[] body, String signatureHeader, String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the webhook secret is empty: copy it from PromptLayer (Settings >"
                    + " Webhooks) into the handler's configuration");
        }
        if (body == null || signatureHeader == null) return false;
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(signatureHeader.strip());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        JsonNode payload;
        try {
            payload = PythonJson.parse(body);
        } catch (IOException notJson) {
            return false;
        }
        if (payload == null) return false;
        byte[] expected = hmacSha256(secret, PythonJson.dumpsSortedKeys(payload));
        return MessageDigest.isEqual(expected, claimed);
    }

    /** {@link #verify(byte[], String, String)} for a body already decoded as text. */
    public static boolean verify(String body, String signatureHeader, String secret) {
        return verify(body == null ? null : body.getBytes(StandardCharsets.UTF_8), signatureHeader, secret);
    }

    private static byte[] hmacSha256(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides HmacSHA256", e);
        }
    }
}

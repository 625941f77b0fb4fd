package dev.prompteval.webhook;

/** The server could not carry out a change or is misconfigured; the message says what and never holds a secret. */
class WebhookException extends RuntimeException {
    public WebhookException(String message) {
        super(message);
    }

    public WebhookException(String message, Throwable cause) {
        super(message, cause);
    }
}

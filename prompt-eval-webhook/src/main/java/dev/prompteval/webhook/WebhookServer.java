package dev.prompteval.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.prompteval.internal.registry.PromptReference;
import dev.prompteval.internal.registry.PromptRegistry;
import dev.prompteval.internal.registry.RegistryException;
import dev.prompteval.internal.registry.RegistryPrompt;
import dev.prompteval.registry.webhook.PromptLayerWebhookVerifier;
import dev.prompteval.registry.webhook.WebhookEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Receives PromptLayer webhooks on {@code POST /webhooks/promptlayer} and answers {@code GET /health}. A request is
 * handled only when its {@code X-PromptLayer-Signature} is valid (401 otherwise, nothing touched) and its body is at
 * most {@link #MAX_BODY} bytes (413 otherwise, the body discarded unparsed). {@code prompt_template_version_created},
 * {@code prompt_template_label_moved} and {@code prompt_template_label_change_approved} are carried out by the
 * configured {@link GitAction}; other events are acknowledged and ignored, and so are redeliveries. The log says
 * what happened per delivery and never shows a secret or a request body.
 */
final class WebhookServer implements AutoCloseable {
    /** The largest body accepted: PromptLayer's events are a few hundred bytes. */
    public static final int MAX_BODY = 1024 * 1024 - 1;
    public static final String PATH = "/webhooks/promptlayer";
    /** How much of an oversized body is read (and discarded) so that its sender still gets the 413. */
    static final long DISCARD_LIMIT = 8L * 1024 * 1024;

    private final WebhookConfig config;
    private final PromptRegistry registry;
    private final GitAction action;
    private final PrintStream log;
    private final Deliveries deliveries = new Deliveries(10_000);
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    WebhookServer(WebhookConfig config, PromptRegistry registry, GitAction action, PrintStream log)
            throws IOException {
        this.config = config;
        this.registry = registry;
        this.action = action;
        this.log = log;
        this.server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 64);
        server.createContext(PATH, this::webhook);
        server.createContext("/health", this::health);
        server.setExecutor(pool);
        server.start();
    }

    /** The port it listens on (the chosen one when configured with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                answer(exchange, 405, "error", "use GET");
                return;
            }
            answer(exchange, 200, "status", "ok");
        }
    }

    private void webhook(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals(PATH)) {
                answer(exchange, exchange.getRequestURI().getPath().equals(PATH) ? 405 : 404, "error",
                        "PromptLayer webhooks are POSTed to " + PATH);
                return;
            }
            byte[] body = readBounded(exchange);
            if (body == null) {
                log.println("prompt-eval-webhook: refused a body larger than " + MAX_BODY + " bytes");
                answer(exchange, 413, "error", "body larger than " + MAX_BODY + " bytes");
                return;
            }
            String signature = exchange.getRequestHeaders().getFirst(PromptLayerWebhookVerifier.SIGNATURE_HEADER);
            if (!PromptLayerWebhookVerifier.verify(body, signature, config.secret())) {
                log.println("prompt-eval-webhook: refused a delivery whose " + PromptLayerWebhookVerifier.SIGNATURE_HEADER
                        + " does not match (from " + exchange.getRemoteAddress().getAddress().getHostAddress() + ")");
                answer(exchange, 401, "error", "signature does not match");
                return;
            }
            handle(exchange, body, signature.strip().toLowerCase(Locale.ROOT));
        }
    }

    private void handle(HttpExchange exchange, byte[] body, String deliveryKey) throws IOException {
        WebhookEvent event;
        try {
            event = WebhookEvent.parse(body);
        } catch (RegistryException e) {
            log.println("prompt-eval-webhook: a signed delivery is not a usable event: " + e.getMessage());
            answer(exchange, 400, "error", e.getMessage());
            return;
        }
        String type = event.envelope().eventType();
        PromptChange change;
        try {
            change = change(event, PromptChange.deliveryOf(deliveryKey));
        } catch (RegistryException e) {
            log.println("prompt-eval-webhook: " + type + ": " + e.getMessage());
            answer(exchange, 502, "error", e.getMessage());
            return;
        }
        if (change == null) {
            answer(exchange, 202, "ignored", type);
            return;
        }
        if (!deliveries.claim(deliveryKey)) {
            log.println("prompt-eval-webhook: " + type + " for " + change.title() + " was delivered again; ignored");
            answer(exchange, 200, "duplicate", type);
            return;
        }
        try {
            GitAction.PulledFile file = null;
            if (action.writesFiles()) {
                RegistryPrompt pulled = registry.getSource(change.prompt(), new PromptReference.Version(
                        change.version()));
                file = new GitAction.PulledFile(config.fileOf(change.prompt()), pulled.template().toPrettyJson());
            }
            String done = action.apply(change, file);
            log.println("prompt-eval-webhook: " + type + " for " + change.title() + ": " + done);
            answer(exchange, 200, "done", done);
        } catch (RuntimeException e) {
            deliveries.release(deliveryKey);
            log.println("prompt-eval-webhook: " + type + " for " + change.title() + " failed: " + e.getMessage());
            answer(exchange, 502, "error", e.getMessage());
        }
    }

    /** The change an event announces, or null for events the server does not act on. */
    private PromptChange change(WebhookEvent event, String delivery) {
        String type = event.envelope().eventType();
        if (event instanceof WebhookEvent.VersionCreated created) {
            return new PromptChange(created.promptName(), created.version(), type, null, delivery);
        }
        if (event instanceof WebhookEvent.LabelMoved moved) {
            return new PromptChange(moved.promptName(), moved.version(), type, moved.label(), delivery);
        }
        if (event instanceof WebhookEvent.LabelChangeApproved approved) {
            // the event names no version: the label points at it now that the change is approved
            Integer version = registry.listLabels(approved.promptName()).get(approved.label());
            if (version == null) {
                throw new RegistryException(RegistryException.Kind.NOT_FOUND, "label " + approved.label()
                        + " of prompt " + approved.promptName() + " does not exist in PromptLayer");
            }
            return new PromptChange(approved.promptName(), version, type, approved.label(), delivery);
        }
        return null;
    }

    /**
     * The body, or null when it is larger than {@link #MAX_BODY}. An oversized body is never kept or parsed; up to
     * {@link #DISCARD_LIMIT} bytes of it are read and thrown away so that the sender, still sending, receives the 413
     * instead of a reset connection. Beyond that, or with a declared length beyond that, the connection is dropped.
     */
    private static byte[] readBounded(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = 0;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.strip());
            } catch (NumberFormatException unreadable) {
                length = Long.MAX_VALUE;
            }
        }
        try (InputStream in = exchange.getRequestBody()) {
            if (length > DISCARD_LIMIT) return null;
            byte[] body = in.readNBytes(MAX_BODY + 1);
            if (body.length <= MAX_BODY) return body;
            byte[] buffer = new byte[64 * 1024];
            for (long left = DISCARD_LIMIT - body.length; left > 0; ) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) break;
                left -= read;
            }
            return null;
        }
    }

    private static void answer(HttpExchange exchange, int status, String field, String value) throws IOException {
        ObjectNode body = RestCall.JSON.createObjectNode().put(field, value);
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

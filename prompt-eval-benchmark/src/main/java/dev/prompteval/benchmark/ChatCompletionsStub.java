package dev.prompteval.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible chat completions server on loopback: every {@code POST /v1/chat/completions} is answered
 * after a fixed latency with a body shaped like OpenAI's, over HTTP/1.1 keep-alive connections.
 *
 * <p>It shares the machine's cores with the runner it measures, so it spends as little CPU as it can: one thread
 * runs a selector, reads each request up to its {@code Content-Length}, and writes the same prepared answer once
 * the request's latency has passed (a timer queue, no thread sleeping per request). The JDK's
 * {@code com.sun.net.httpserver} server spent more CPU per request than the runner and the HTTP client together.
 *
 * <p>Optionally it injects {@link Faults}: a share of calls answered with OpenAI's 429 (with {@code Retry-After})
 * and a share with OpenAI's 500, drawn from a seeded random sequence.
 */
final class ChatCompletionsStub implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] HEADERS_END = {'\r', '\n', '\r', '\n'};

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread loop;
    private final long latencyNanos;
    private final ByteBuffer answer;
    private final ByteBuffer notFound;
    private final PriorityQueue<Reply> due = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final Faults faults;
    private final SplittableRandom draws;
    private final ByteBuffer rateLimit;
    private final ByteBuffer serverError;
    // When each chat completion arrived and when the last answer left (System.nanoTime), for timelines.
    private long[] arrivals = new long[1024];
    private volatile int arrivalCount;
    private volatile long lastAnswerNanos;
    private volatile boolean running = true;

    /**
     * What share of calls fail, and how.
     *
     * @param rateLimitShare   calls answered {@code 429} with {@code Retry-After: retryAfterSeconds}
     * @param serverErrorShare calls answered {@code 500}
     */
    record Faults(double rateLimitShare, int retryAfterSeconds, double serverErrorShare, long seed) {
        static final Faults NONE = new Faults(0, 0, 0, 0);
    }

    ChatCompletionsStub(Duration latency) throws IOException {
        this(latency, Faults.NONE);
    }

    ChatCompletionsStub(Duration latency, Faults faults) throws IOException {
        this.faults = faults;
        this.draws = new SplittableRandom(faults.seed());
        this.rateLimit = response("429 Too Many Requests", ("{\"error\": {\"message\": \"Rate limit reached for "
                + "gpt-4o-mini in organization org-benchmark on requests per min (RPM): Limit 500, Used 500, Requested "
                + "1.\", \"type\": \"requests\", \"param\": null, \"code\": \"rate_limit_exceeded\"}}")
                .getBytes(StandardCharsets.UTF_8), "Retry-After: " + faults.retryAfterSeconds() + "\r\n");
        this.serverError = response("500 Internal Server Error", ("{\"error\": {\"message\": \"The server had an "
                + "error while processing your request. Sorry about that!\", \"type\": \"server_error\", "
                + "\"param\": null, \"code\": null}}").getBytes(StandardCharsets.UTF_8), "");
        this.latencyNanos = latency.toNanos();
        this.answer = response("200 OK", completion());
        this.notFound = response("404 Not Found", ("{\"error\": {\"message\": \"only POST /v1/chat/completions\","
                + " \"type\": \"invalid_request_error\"}}").getBytes(StandardCharsets.UTF_8));
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.loop = new Thread(this::serve, "chat-completions-stub");
        loop.setDaemon(true);
        loop.start();
    }

    /** The base URL an OpenAI-compatible client is configured with, e.g. {@code http://127.0.0.1:40123/v1}. */
    String baseUrl() {
        try {
            var address = (InetSocketAddress) server.getLocalAddress();
            return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/v1";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Chat completions answered so far (successfully). */
    long requests() {
        return requests.get();
    }

    /** Calls answered with an injected 429. */
    long rateLimited() {
        return rateLimited.get();
    }

    /** Calls answered with an injected 500. */
    long serverErrors() {
        return serverErrors.get();
    }

    /** When the chat completions so far arrived (System.nanoTime), in order; read once the calls are done. */
    long[] arrivalNanos() {
        return java.util.Arrays.copyOf(arrivals, arrivalCount);
    }

    /** When the last answer was written (System.nanoTime), or 0 before any. */
    long lastAnswerNanos() {
        return lastAnswerNanos;
    }

    private void serve() {
        try {
            while (running) {
                long now = System.nanoTime();
                Reply next = due.peek();
                // Wake when the earliest reply is due (rounded up to the selector's millisecond resolution).
                if (next == null) selector.select();
                else if (next.at > now) selector.select(Math.max(1, (next.at - now + 999_999) / 1_000_000));
                else selector.selectNow();
                for (SelectionKey key : selector.selectedKeys()) handle(key);
                selector.selectedKeys().clear();
                sendDueReplies();
            }
        } catch (IOException e) {
            if (running) throw new UncheckedIOException("the stub server failed", e);
        }
    }

    private void handle(SelectionKey key) throws IOException {
        if (!key.isValid()) return;
        if (key.isAcceptable()) {
            SocketChannel channel = server.accept();
            if (channel == null) return;
            channel.configureBlocking(false);
            channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            channel.register(selector, SelectionKey.OP_READ, new Connection(channel));
            return;
        }
        var connection = (Connection) key.attachment();
        try {
            if (key.isReadable()) connection.read(key);
            if (key.isValid() && key.isWritable()) connection.flush(key);
        } catch (IOException e) {
            connection.close(key);
        }
    }

    private void sendDueReplies() {
        long now = System.nanoTime();
        while (!due.isEmpty() && due.peek().at <= now) {
            Reply reply = due.poll();
            SelectionKey key = reply.connection.channel.keyFor(selector);
            if (key == null || !key.isValid()) continue;
            try {
                reply.connection.send(key, reply.body.duplicate());
                if (reply.body == answer) {
                    requests.incrementAndGet();
                    lastAnswerNanos = System.nanoTime();
                }
            } catch (IOException e) {
                reply.connection.close(key);
            }
        }
    }

    private record Reply(long at, Connection connection, ByteBuffer body) {
    }

    /** One keep-alive connection: the bytes of requests not yet complete, and replies not yet fully written. */
    private final class Connection {
        private final SocketChannel channel;
        private ByteBuffer in = ByteBuffer.allocate(8192);
        private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void read(SelectionKey key) throws IOException {
            if (!in.hasRemaining()) in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            if (channel.read(in) < 0) {
                close(key);
                return;
            }
            while (takeRequest()) {
                // each complete request has been scheduled
            }
        }

        /** Schedules the reply to the first complete request in the buffer and drops its bytes. */
        private boolean takeRequest() {
            byte[] bytes = in.array();
            int end = indexOf(bytes, in.position());
            if (end < 0) return false;
            String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            int length = contentLength(head);
            int total = end + HEADERS_END.length + length;
            if (in.position() < total) return false;
            boolean chat = head.startsWith("POST /v1/chat/completions ");
            if (chat) {
                if (arrivalCount == arrivals.length) arrivals = java.util.Arrays.copyOf(arrivals, arrivals.length * 2);
                arrivals[arrivalCount] = System.nanoTime();
                arrivalCount++;
            }
            due.add(new Reply(System.nanoTime() + latencyNanos, this, chat ? chatReply() : notFound));
            in.flip().position(total);
            in.compact();
            return true;
        }

        void send(SelectionKey key, ByteBuffer reply) throws IOException {
            out.add(reply);
            flush(key);
        }

        void flush(SelectionKey key) throws IOException {
            while (!out.isEmpty()) {
                channel.write(out.peek());
                if (out.peek().hasRemaining()) break;
                out.poll();
            }
            key.interestOps(out.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }

        void close(SelectionKey key) {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a connection the client already dropped
            }
        }
    }

    /** The answer, or an injected fault (only the selector thread draws). */
    private ByteBuffer chatReply() {
        if (faults == Faults.NONE) return answer;
        double draw = draws.nextDouble();
        if (draw < faults.rateLimitShare()) {
            rateLimited.incrementAndGet();
            return rateLimit;
        }
        if (draw < faults.rateLimitShare() + faults.serverErrorShare()) {
            serverErrors.incrementAndGet();
            return serverError;
        }
        return answer;
    }

    private static int indexOf(byte[] bytes, int limit) {
        outer:
        for (int i = 0; i + HEADERS_END.length <= limit; i++) {
            for (int j = 0; j < HEADERS_END.length; j++) {
                if (bytes[i + j] != HEADERS_END[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    private static ByteBuffer response(String status, byte[] body) {
        return response(status, body, "");
    }

    private static ByteBuffer response(String status, byte[] body, String extraHeaders) {
        byte[] head = ("HTTP/1.1 " + status + "\r\nContent-Type: application/json\r\n" + extraHeaders
                + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip().asReadOnlyBuffer();
    }

    /** A reply in the shape of OpenAI's chat completion object (gpt-4o-mini answering a short order summary). */
    private static byte[] completion() throws IOException {
        String content = "Order A-100042: two packs of oolong tea, a cast-iron teapot and three ceramic cups; "
                + "the order is complete and ships within 2 days.";
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
        root.put("object", "chat.completion");
        root.put("created", 1741569952L);
        root.put("model", "gpt-4o-mini-2024-07-18");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        message.putNull("refusal");
        message.putArray("annotations");
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", 61);
        usage.put("completion_tokens", 32);
        usage.put("total_tokens", 93);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        root.put("service_tier", "default");
        root.put("system_fingerprint", "fp_f4b7d2e1a3");
        return JSON.writeValueAsBytes(root);
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
        server.close();
    }
}

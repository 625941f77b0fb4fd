package dev.prompteval.internal.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loopback fakes of the three batch APIs, each also serving the interactive endpoint, with one deterministic "model"
 * behind both: the answer to a user message is the same whichever way it is asked. Responses are shaped as the
 * official references show them:
 * <ul>
 * <li>OpenAI: openai/openai-openapi (the File, Batch and BatchRequestOutput schemas; the batch guide's output and
 *     error file lines) and openai/openai-python {@code types/batch.py}, {@code types/file_object.py};</li>
 * <li>Anthropic: anthropics/anthropic-sdk-python {@code types/messages/message_batch.py},
 *     {@code message_batch_individual_response.py}, {@code message_batch_errored_result.py};</li>
 * <li>Gemini: googleapis/python-genai {@code google/genai/batches.py} ({@code _BatchJob_from_mldev},
 *     {@code _BatchJobDestination_from_mldev}, {@code _InlinedResponse_from_mldev}, {@code _InlinedRequest_to_mldev}).</li>
 * </ul>
 */
abstract class FakeBatchApis extends Dispatcher {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Every request received, in order. */
    final List<RecordedRequest> received = Collections.synchronizedList(new ArrayList<>());
    /** Interactive request bodies by user message. */
    final Map<String, JsonNode> interactiveBodies = new ConcurrentHashMap<>();
    /** Batch line request bodies by user message. */
    final Map<String, JsonNode> batchBodies = new ConcurrentHashMap<>();
    /** Submitted batches: their lines (custom id, request body) by batch id. */
    final Map<String, List<Map.Entry<String, JsonNode>>> batches = new LinkedHashMap<>();
    /** User messages containing one of these fail in a batch, with the reason the API gives. */
    volatile Set<String> failing = Set.of();
    /** Status polls answered "still running" before a batch ends; {@code Integer.MAX_VALUE} until changed. */
    volatile int runningPolls;
    private final Map<String, Integer> polls = new ConcurrentHashMap<>();
    MockWebServer server;

    /** The fake model: what it answers to a user message. */
    static String answer(String user) {
        return user.contains("briefly") && user.contains("r2") ? "no" : "yes, " + user.length();
    }

    static long inputTokens(String user) {
        return 10 + user.length();
    }

    static final long OUTPUT_TOKENS = 3;

    static final String REASON = "This model's maximum context length is 8192 tokens";

    int submits() {
        synchronized (batches) {
            return batches.size();
        }
    }

    boolean ended(String id) {
        return polls.merge(id, 1, Integer::sum) > runningPolls;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        received.add(request);
        try {
            return serve(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    abstract MockResponse serve(RecordedRequest request) throws IOException;

    static MockResponse json(int code, JsonNode body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json")
                .body(body.toString()).build();
    }

    static MockResponse jsonl(List<JsonNode> lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(l -> text.append(l).append('\n'));
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/binary")
                .body(text.toString()).build();
    }

    static MockResponse notFound(RecordedRequest request) {
        return new MockResponse.Builder().code(404).body("{\"error\": {\"message\": \"no route " + request.getMethod()
                + " " + request.getUrl().encodedPath() + "\"}}").build();
    }

    static JsonNode read(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static String failingReason(Set<String> failing, String user) {
        return failing.stream().anyMatch(user::contains) ? REASON : null;
    }

    /** OpenAI: /v1/files, /v1/batches, /v1/files/{id}/content, and /v1/chat/completions. */
    static final class OpenAi extends FakeBatchApis {
        private final Map<String, String> uploads = new ConcurrentHashMap<>();

        static String user(JsonNode body) {
            ArrayNode messages = (ArrayNode) body.get("messages");
            return messages.get(messages.size() - 1).get("content").asText();
        }

        static ObjectNode completion(String user) {
            ObjectNode c = JSON.createObjectNode().put("id", "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT")
                    .put("object", "chat.completion").put("created", 1741569952).put("model", "gpt-4o-mini-2024-07-18");
            ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", answer(user)).putNull("refusal");
            choice.putNull("logprobs").put("finish_reason", "stop");
            c.putObject("usage").put("prompt_tokens", inputTokens(user)).put("completion_tokens", OUTPUT_TOKENS)
                    .put("total_tokens", inputTokens(user) + OUTPUT_TOKENS);
            return c;
        }

        ObjectNode batch(String id, String status, int total, int completed, int failed, String output,
                         String errors) {
            ObjectNode b = JSON.createObjectNode().put("id", id).put("object", "batch")
                    .put("endpoint", "/v1/chat/completions").putNull("errors").put("input_file_id", "file-in-" + id)
                    .put("completion_window", "24h").put("status", status);
            if (output == null) b.putNull("output_file_id"); else b.put("output_file_id", output);
            if (errors == null) b.putNull("error_file_id"); else b.put("error_file_id", errors);
            b.put("created_at", 1711471533).put("in_progress_at", 1711471538);
            b.putObject("request_counts").put("total", total).put("completed", completed).put("failed", failed);
            b.putNull("metadata");
            return b;
        }

        @Override
        MockResponse serve(RecordedRequest request) throws IOException {
            String path = request.getUrl().encodedPath();
            String method = request.getMethod();
            if (method.equals("POST") && path.equals("/v1/chat/completions")) {
                JsonNode body = read(request.getBody().utf8());
                interactiveBodies.put(user(body), body);
                return json(200, completion(user(body)));
            }
            if (method.equals("POST") && path.equals("/v1/files")) {
                String id = "file-abc" + uploads.size();
                uploads.put(id, request.getBody().utf8());
                return json(200, JSON.createObjectNode().put("id", id).put("object", "file")
                        .put("bytes", request.getBody().size()).put("created_at", 1677610602)
                        .put("filename", "prompt-eval-batch.jsonl").put("purpose", "batch"));
            }
            if (method.equals("POST") && path.equals("/v1/batches")) {
                JsonNode create = read(request.getBody().utf8());
                String multipart = uploads.get(create.get("input_file_id").asText());
                List<Map.Entry<String, JsonNode>> lines = new ArrayList<>();
                for (String line : multipart.split("\r?\n")) {
                    if (!line.startsWith("{\"custom_id\"")) continue;
                    JsonNode json = read(line);
                    lines.add(Map.entry(json.get("custom_id").asText(), json.get("body")));
                    batchBodies.put(user(json.get("body")), json.get("body"));
                }
                String id;
                synchronized (batches) {
                    id = "batch_abc" + batches.size();
                    batches.put(id, lines);
                }
                return json(200, batch(id, "validating", lines.size(), 0, 0, null, null));
            }
            if (method.equals("GET") && path.startsWith("/v1/batches/")) {
                String id = path.substring("/v1/batches/".length());
                List<Map.Entry<String, JsonNode>> lines = batches.get(id);
                if (lines == null) return notFound(request);
                if (!ended(id)) return json(200, batch(id, "in_progress", lines.size(), 0, 0, null, null));
                long failed = lines.stream().filter(l -> failingReason(failing, user(l.getValue())) != null).count();
                return json(200, batch(id, "completed", lines.size(), (int) (lines.size() - failed), (int) failed,
                        "file-out-" + id, failed > 0 ? "file-err-" + id : null));
            }
            if (method.equals("GET") && path.matches("/v1/files/file-(out|err)-batch_abc\\d+/content")) {
                boolean errors = path.contains("file-err-");
                String id = path.replaceAll(".*file-(out|err)-(batch_abc\\d+)/content", "$2");
                List<JsonNode> out = new ArrayList<>();
                int n = 0;
                for (Map.Entry<String, JsonNode> line : batches.get(id)) {
                    String user = user(line.getValue());
                    String reason = failingReason(failing, user);
                    if ((reason != null) != errors) continue;
                    ObjectNode l = JSON.createObjectNode().put("id", "batch_req_" + (n++))
                            .put("custom_id", line.getKey());
                    ObjectNode response = l.putObject("response");
                    if (reason == null) {
                        response.put("status_code", 200).put("request_id", "req_" + n).set("body", completion(user));
                    } else {
                        response.put("status_code", 400).put("request_id", "req_" + n).putObject("body")
                                .putObject("error").put("message", reason).put("type", "invalid_request_error")
                                .putNull("param").put("code", "context_length_exceeded");
                    }
                    l.putNull("error");
                    out.add(l);
                }
                return jsonl(out);
            }
            return notFound(request);
        }

        String upload(int n) {
            return uploads.get("file-abc" + n);
        }
    }

    /** Anthropic: /v1/messages/batches, its results_url, and /v1/messages. */
    static final class Anthropic extends FakeBatchApis {
        static String user(JsonNode body) {
            ArrayNode messages = (ArrayNode) body.get("messages");
            return messages.get(messages.size() - 1).get("content").asText();
        }

        static ObjectNode message(String user) {
            ObjectNode m = JSON.createObjectNode().put("id", "msg_013Zva2CMHLNnXjNJJKqJ2EF").put("type", "message")
                    .put("role", "assistant").put("model", "claude-sonnet-4-20250514");
            m.putArray("content").addObject().put("type", "text").put("text", answer(user));
            m.put("stop_reason", "end_turn").putNull("stop_sequence");
            m.putObject("usage").put("input_tokens", inputTokens(user)).put("output_tokens", OUTPUT_TOKENS);
            return m;
        }

        ObjectNode batch(String id, boolean ended, List<Map.Entry<String, JsonNode>> lines) {
            long failed = lines.stream().filter(l -> failingReason(failing, user(l.getValue())) != null).count();
            ObjectNode b = JSON.createObjectNode().put("id", id).put("type", "message_batch")
                    .put("processing_status", ended ? "ended" : "in_progress");
            b.putObject("request_counts").put("processing", ended ? 0 : lines.size())
                    .put("succeeded", ended ? lines.size() - failed : 0).put("errored", ended ? failed : 0)
                    .put("canceled", 0).put("expired", 0);
            if (ended) b.put("ended_at", "2024-08-20T18:37:24.100435Z"); else b.putNull("ended_at");
            b.put("created_at", "2024-08-20T18:37:24.100435Z").put("expires_at", "2024-08-21T18:37:24.100435Z")
                    .putNull("archived_at").putNull("cancel_initiated_at");
            if (ended) b.put("results_url", server.url("/v1/messages/batches/" + id + "/results").toString());
            else b.putNull("results_url");
            return b;
        }

        @Override
        MockResponse serve(RecordedRequest request) throws IOException {
            String path = request.getUrl().encodedPath();
            String method = request.getMethod();
            if (method.equals("POST") && path.equals("/v1/messages")) {
                JsonNode body = read(request.getBody().utf8());
                interactiveBodies.put(user(body), body);
                return json(200, message(user(body)));
            }
            if (method.equals("POST") && path.equals("/v1/messages/batches")) {
                List<Map.Entry<String, JsonNode>> lines = new ArrayList<>();
                for (JsonNode line : read(request.getBody().utf8()).get("requests")) {
                    lines.add(Map.entry(line.get("custom_id").asText(), line.get("params")));
                    batchBodies.put(user(line.get("params")), line.get("params"));
                }
                String id;
                synchronized (batches) {
                    id = "msgbatch_01HkcTjaV5uDC8jWR4ZsDV8d" + batches.size();
                    batches.put(id, lines);
                }
                return json(200, batch(id, false, lines));
            }
            if (method.equals("GET") && path.matches("/v1/messages/batches/[^/]+")) {
                String id = path.substring("/v1/messages/batches/".length());
                List<Map.Entry<String, JsonNode>> lines = batches.get(id);
                if (lines == null) return notFound(request);
                return json(200, batch(id, ended(id), lines));
            }
            if (method.equals("GET") && path.matches("/v1/messages/batches/[^/]+/results")) {
                String id = path.replaceAll("/v1/messages/batches/([^/]+)/results", "$1");
                List<JsonNode> out = new ArrayList<>();
                for (Map.Entry<String, JsonNode> line : batches.get(id)) {
                    String user = user(line.getValue());
                    String reason = failingReason(failing, user);
                    ObjectNode l = JSON.createObjectNode().put("custom_id", line.getKey());
                    ObjectNode result = l.putObject("result");
                    if (reason == null) {
                        result.put("type", "succeeded").set("message", message(user));
                    } else {
                        result.put("type", "errored").putObject("error").put("type", "error").putObject("error")
                                .put("type", "invalid_request_error").put("message", reason);
                    }
                    out.add(l);
                }
                return jsonl(out);
            }
            return notFound(request);
        }
    }

    /** Gemini: models/{model}:batchGenerateContent, batches/{id}, and models/{model}:generateContent. */
    static final class Gemini extends FakeBatchApis {
        static String user(JsonNode body) {
            ArrayNode contents = (ArrayNode) body.get("contents");
            return contents.get(contents.size() - 1).get("parts").get(0).get("text").asText();
        }

        static ObjectNode response(String user) {
            ObjectNode r = JSON.createObjectNode();
            ObjectNode candidate = r.putArray("candidates").addObject();
            candidate.putObject("content").put("role", "model").putArray("parts").addObject().put("text", answer(user));
            candidate.put("finishReason", "STOP").put("index", 0);
            r.putObject("usageMetadata").put("promptTokenCount", inputTokens(user))
                    .put("candidatesTokenCount", OUTPUT_TOKENS).put("totalTokenCount", inputTokens(user) + OUTPUT_TOKENS);
            r.put("modelVersion", "gemini-2.0-flash").put("responseId", "abc123");
            return r;
        }

        ObjectNode operation(String id, boolean ended, List<Map.Entry<String, JsonNode>> lines) {
            ObjectNode op = JSON.createObjectNode().put("name", id);
            ObjectNode metadata = op.putObject("metadata")
                    .put("@type", "type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch")
                    .put("model", "models/gemini-2.0-flash").put("displayName", "prompt-eval gemini-2.0-flash")
                    .put("createTime", "2025-07-10T10:00:00.000000Z").put("name", id)
                    .put("state", ended ? "BATCH_STATE_SUCCEEDED" : "BATCH_STATE_RUNNING");
            long failed = lines.stream().filter(l -> failingReason(failing, user(l.getValue())) != null).count();
            // proto3 JSON writes int64 counts as strings
            metadata.putObject("batchStats").put("requestCount", Integer.toString(lines.size()))
                    .put("successfulRequestCount", Long.toString(ended ? lines.size() - failed : 0))
                    .put("failedRequestCount", Long.toString(ended ? failed : 0))
                    .put("pendingRequestCount", Integer.toString(ended ? 0 : lines.size()));
            if (!ended) return op;
            metadata.put("endTime", "2025-07-10T10:30:00.000000Z");
            ArrayNode responses = metadata.putObject("output").putObject("inlinedResponses")
                    .putArray("inlinedResponses");
            for (Map.Entry<String, JsonNode> line : lines) {
                String user = user(line.getValue());
                String reason = failingReason(failing, user);
                ObjectNode item = responses.addObject();
                if (reason == null) item.set("response", response(user));
                else item.putObject("error").put("code", 3).put("message", reason).put("status", "INVALID_ARGUMENT");
                item.putObject("metadata").put("key", line.getKey());
            }
            op.put("done", true);
            return op;
        }

        @Override
        MockResponse serve(RecordedRequest request) throws IOException {
            String path = request.getUrl().encodedPath();
            String method = request.getMethod();
            if (method.equals("POST") && path.equals("/v1beta/models/gemini-2.0-flash:generateContent")) {
                JsonNode body = read(request.getBody().utf8());
                interactiveBodies.put(user(body), body);
                return json(200, response(user(body)));
            }
            if (method.equals("POST") && path.equals("/v1beta/models/gemini-2.0-flash:batchGenerateContent")) {
                List<Map.Entry<String, JsonNode>> lines = new ArrayList<>();
                for (JsonNode line : read(request.getBody().utf8()).path("batch").path("inputConfig")
                        .path("requests").path("requests")) {
                    lines.add(Map.entry(line.path("metadata").path("key").asText(), line.get("request")));
                    batchBodies.put(user(line.get("request")), line.get("request"));
                }
                String id;
                synchronized (batches) {
                    id = "batches/123456" + batches.size();
                    batches.put(id, lines);
                }
                ObjectNode op = operation(id, false, lines);
                ((ObjectNode) op.get("metadata")).put("state", "BATCH_STATE_PENDING");
                return json(200, op);
            }
            if (method.equals("GET") && path.startsWith("/v1beta/batches/")) {
                String id = path.substring("/v1beta/".length());
                List<Map.Entry<String, JsonNode>> lines = batches.get(id);
                if (lines == null) return notFound(request);
                return json(200, operation(id, ended(id), lines));
            }
            return notFound(request);
        }
    }
}

package dev.prompteval.internal.run;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.score.RowScore;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ModelResponse;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.provider.Usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/** Shared test material: a one-variable prompt, rows whose id is that variable, a scripted provider, a fake clock. */
final class RunFixtures {
    static final PromptTemplate TEMPLATE = PromptTemplate.parse("""
            {"prompt_template": {"type": "chat", "messages": [{"role": "user", "content": "Echo {word}"}]},
             "metadata": {"model": {"provider": "openai", "name": "gpt-test", "parameters": {"temperature": 0}}}}""",
            "echo");

    /** Passes when the output is {@code out:<row id>}. */
    static final OutputScorer SCORER = (row, output) -> output.equals("out:" + row.id())
            ? new RowScore(1.0, true, "echoed", List.of(), Map.of())
            : new RowScore(0.0, false, "expected out:" + row.id(), List.of(), Map.of());

    private RunFixtures() {
    }

    static RunSpec spec(int repeat) {
        return new RunSpec("echo-suite", "echo", "file:prompts/echo.json", null, TEMPLATE, TEMPLATE.model(),
                "sha256:dataset", repeat);
    }

    static Row row(String id, int number) {
        return new Row(id, number, number + 1L, Map.of("word", id), List.of(), null, null, null, Map.of(), Set.of(),
                null);
    }

    /** Rows r1..rN. */
    static List<Row> rows(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> row("r" + i, i)).toList();
    }

    static RunOptions options(int concurrency) {
        return RunOptions.defaults().withConcurrency(concurrency);
    }

    /** The row id the rendered prompt carries ({@code Echo <id>}). */
    static String rowId(ModelRequest request) {
        return request.prompt().messages().get(0).content().substring("Echo ".length());
    }

    /** What a scripted call does, given its row id, sample and how many times that (row, sample) was called. */
    @FunctionalInterface
    interface Script {
        ModelResponse answer(String rowId, int sample, int callNumber) throws ProviderException;
    }

    /** Answers {@code out:<row id>}, costing {@code costUsd}, with 10 input and 5 output tokens. */
    static ModelResponse echo(String rowId, double costUsd) {
        return new ModelResponse("out:" + rowId, "stop", new Usage(10, 5, costUsd));
    }

    /** A provider that follows a script and counts calls per (row, sample). */
    static final class ScriptedProvider implements ModelProvider {
        private final Script script;
        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        private final List<ModelRequest> requests = Collections.synchronizedList(new ArrayList<>());

        ScriptedProvider(Script script) {
            this.script = script;
        }

        static ScriptedProvider echoing() {
            return new ScriptedProvider((row, sample, call) -> echo(row, 0.0));
        }

        @Override
        public ModelResponse complete(ModelRequest request) throws ProviderException {
            requests.add(request);
            String row = rowId(request);
            int call = calls.computeIfAbsent(row + "#" + request.sample(), k -> new AtomicInteger()).incrementAndGet();
            return script.answer(row, request.sample(), call);
        }

        int calls(String rowId, int sample) {
            AtomicInteger count = calls.get(rowId + "#" + sample);
            return count == null ? 0 : count.get();
        }

        int totalCalls() {
            return requests.size();
        }

        List<ModelRequest> requests() {
            return List.copyOf(requests);
        }
    }

    /** A clock that only moves when told to or when something sleeps on it; records every sleep. */
    static final class FakeClock implements RunClock {
        private final AtomicLong now = new AtomicLong();
        private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void sleep(Duration duration, CancellationToken stop) {
            if (stop.isCancelled()) return;
            sleeps.add(duration);
            now.addAndGet(duration.toNanos());
        }

        void advance(Duration duration) {
            now.addAndGet(duration.toNanos());
        }

        List<Duration> sleeps() {
            return List.copyOf(sleeps);
        }
    }
}

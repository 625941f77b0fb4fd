package dev.prompteval.benchmark;

import com.sun.management.OperatingSystemMXBean;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.provider.ModelProvider;
import dev.prompteval.provider.ModelRequest;
import dev.prompteval.provider.ProviderException;
import dev.prompteval.template.RenderedPrompt;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The CPU one model call costs in a cold JVM, which is what a user's {@code mvn verify} runs: the whole-build
 * benchmark's two prompt versions and rows, rendered and sent through the product's OpenAI-compatible provider to a
 * loopback stub that answers at once. Prints the process's CPU seconds (user+sys, JIT compilation and the stub's one
 * thread included) for the first phase, rendering every row of both versions, and for the second, sending them;
 * then per call, with the bytes the callers' threads allocated a call (which, unlike CPU time, a busy machine does not
 * blur). Run it a few times, each in a fresh JVM: the first calls of a process are the point.
 *
 * <p>Run: {@code java -cp prompt-eval-benchmark/target/classes:$(cat prompt-eval-benchmark/target/whole-build.classpath)
 * dev.prompteval.benchmark.CallPathBenchmark [rows per version (2000)] [threads (8)]}.
 */
public final class CallPathBenchmark {
    private CallPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        var templates = List.of(PromptTemplate.parse(GeneratedProject.prompt(1), "candidate"),
                PromptTemplate.parse(GeneratedProject.prompt(0), "baseline"));
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (var stub = new ChatCompletionsStub(Duration.ZERO)) {
            ModelProvider provider = RunnerBenchmark.provider(stub.baseUrl(), threads);

            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            long allocated = allocated("pool-");
            List<ModelRequest> requests = all(pool, rows * templates.size(), i -> {
                PromptTemplate template = templates.get(i / rows);
                RenderedPrompt prompt = template.render(row(i % rows + 1));
                return new ModelRequest(prompt, template.model(), 0);
            });
            double renderCpu = (os.getProcessCpuTime() - cpu) / 1e9;
            double renderWall = (System.nanoTime() - start) / 1e9;
            long renderAllocated = allocated("pool-") - allocated;

            cpu = os.getProcessCpuTime();
            start = System.nanoTime();
            allocated = allocated("pool-");
            List<String> answers = all(pool, requests.size(), i -> provider.complete(requests.get(i)).text());
            double callCpu = (os.getProcessCpuTime() - cpu) / 1e9;
            double callWall = (System.nanoTime() - start) / 1e9;
            long callAllocated = allocated("pool-") - allocated;

            if (answers.stream().anyMatch(a -> a == null || a.isEmpty()) || stub.requests() != requests.size()) {
                System.out.println("FAILED: not one answer per request");
                System.exit(1);
            }
            int calls = requests.size();
            System.out.printf(Locale.ROOT, "%d calls on %d threads: render CPU %.2f s (wall %.2f s, %.0f us and %.1f"
                            + " KiB allocated a call); send and parse CPU %.2f s (wall %.2f s, %.0f us and %.1f KiB"
                            + " a call); of all CPU, %.2f s in the callers' threads, %.2f s in the stub's%n", calls,
                    threads, renderCpu, renderWall, renderCpu * 1e6 / calls, renderAllocated / 1024.0 / calls,
                    callCpu, callWall, callCpu * 1e6 / calls, callAllocated / 1024.0 / calls, threadCpu("pool-"),
                    threadCpu("chat-completions-stub"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** CPU seconds so far of the live threads whose name starts with {@code prefix}. */
    private static double threadCpu(String prefix) {
        var threads = ManagementFactory.getThreadMXBean();
        long nanos = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return nanos / 1e9;
    }

    /** Bytes allocated so far by the live threads whose name starts with {@code prefix}. */
    private static long allocated(String prefix) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long bytes = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                bytes += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
            }
        }
        return bytes;
    }

    /** A row as the generated project's CSV holds it. */
    private static Map<String, String> row(int i) {
        return Map.of("order_id", "A-" + (100_000 + i), "customer", "Customer " + (i % 997),
                "items", (1 + i % 4) + " packs of oolong tea, a cast-iron teapot");
    }

    private interface Task<T> {
        T run(int index) throws ProviderException;
    }

    /** Runs {@code count} tasks on the pool and returns their results in order. */
    private static <T> List<T> all(ExecutorService pool, int count, Task<T> task) throws Exception {
        var futures = new ArrayList<Future<T>>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            futures.add(pool.submit(() -> task.run(index)));
        }
        var results = new ArrayList<T>(count);
        for (Future<T> future : futures) results.add(future.get());
        return results;
    }
}

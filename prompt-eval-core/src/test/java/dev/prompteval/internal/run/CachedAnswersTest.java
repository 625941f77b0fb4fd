package dev.prompteval.internal.run;

import dev.prompteval.internal.provider.CachingProvider;
import dev.prompteval.internal.provider.EvaluationMode;
import dev.prompteval.internal.provider.ResponseCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.prompteval.internal.run.RunFixtures.SCORER;
import static dev.prompteval.internal.run.RunFixtures.echo;
import static dev.prompteval.internal.run.RunFixtures.options;
import static dev.prompteval.internal.run.RunFixtures.rows;
import static dev.prompteval.internal.run.RunFixtures.spec;
import static org.assertj.core.api.Assertions.assertThat;

class CachedAnswersTest {

    @Test
    void answersFromTheCacheAreFlaggedAndCostNothingInTheRun(@TempDir Path cacheDir) {
        var model = new RunFixtures.ScriptedProvider((row, sample, call) -> echo(row, 0.25));
        var cache = new ResponseCache(cacheDir);

        RunOutcome first = new Runner(new CachingProvider(model, EvaluationMode.LIVE, cache, null), SCORER,
                options(4)).run(spec(1), rows(4));
        RunOutcome second = new Runner(new CachingProvider(model, EvaluationMode.LIVE, cache, null), SCORER,
                options(4)).run(spec(1), rows(4));

        assertThat(first.result().rows()).allSatisfy(r -> assertThat(r.samples().get(0).cached()).isFalse());
        assertThat(first.progress().costUsd()).isEqualTo(1.0);
        assertThat(second.result().rows()).allSatisfy(r -> {
            assertThat(r.samples().get(0).cached()).isTrue();
            assertThat(r.samples().get(0).latencyMs()).isZero();
            assertThat(r.passRate()).isEqualTo(1.0);
        });
        assertThat(second.progress().costUsd()).isZero();
        assertThat(second.progress().inputTokens()).isZero();
        assertThat(model.calls("r1", 0)).isEqualTo(1);
    }
}

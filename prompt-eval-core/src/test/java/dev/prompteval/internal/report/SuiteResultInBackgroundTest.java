package dev.prompteval.internal.report;

import dev.prompteval.internal.PromptEvalException;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.suite.SuiteResult;
import dev.prompteval.internal.suite.SuiteResultFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Suite results written on a thread of their own are the files {@link SuiteResultFile#write} writes. */
class SuiteResultInBackgroundTest {
    @TempDir
    Path dir;

    private static List<SuiteResult> results() {
        return List.of(ReportFixtures.pass(), ReportFixtures.fail()).stream().map(gate -> new SuiteResult(
                SuiteResult.FORMAT_VERSION, gate.suite() + "-" + gate.decision(), SuiteResult.POM, gate.rules(),
                gate.candidate(), gate.baseline(), List.of("candidate run: a warning"))).toList();
    }

    @Test
    void theFilesWrittenInTheBackgroundAreTheFilesWrittenInTheForeground() throws Exception {
        Path foreground = dir.resolve("foreground");
        Path background = dir.resolve("background");
        List<SuiteResult> results = results();
        results.forEach(result -> SuiteResultFile.write(foreground, result));

        SuiteResultFile.writeInBackground(background, results).await();

        for (SuiteResult result : results) {
            assertThat(Files.readString(SuiteResultFile.fileFor(background, result.suite())))
                    .isEqualTo(Files.readString(SuiteResultFile.fileFor(foreground, result.suite())));
        }
        assertThat(SuiteResultFile.readAll(background)).isEqualTo(SuiteResultFile.readAll(foreground));
    }

    @Test
    void aFileThatCannotBeWrittenIsNamedWhenWaitedFor() throws Exception {
        Files.writeString(dir.resolve(SuiteResultFile.FOLDER), "a file where the folder should be");
        GateResult gate = ReportFixtures.pass();

        var writing = SuiteResultFile.writeInBackground(dir, List.of(new SuiteResult(SuiteResult.FORMAT_VERSION,
                gate.suite(), SuiteResult.POM, gate.rules(), gate.candidate(), gate.baseline(), List.of())));

        assertThatThrownBy(writing::await).isInstanceOf(PromptEvalException.class)
                .hasMessageContaining("cannot write the result of suite " + gate.suite())
                .hasMessageContaining(SuiteResultFile.fileFor(dir, gate.suite()).toString());
    }
}

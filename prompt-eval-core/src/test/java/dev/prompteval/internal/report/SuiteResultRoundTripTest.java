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

/**
 * A suite kept as a {@link SuiteResult} file (how an {@code @PromptEval} suite reaches the build's reports) is read
 * back whole and decided again to the same gate.json entry as the gate result it was made from.
 */
class SuiteResultRoundTripTest {
    @TempDir
    Path output;

    @Test
    void aKeptSuiteIsDecidedAgainToTheSameGateEntry() {
        for (GateResult gate : List.of(ReportFixtures.pass(), ReportFixtures.fail(), ReportFixtures.inconclusive())) {
            var kept = new SuiteResult(SuiteResult.FORMAT_VERSION, gate.suite(), "@PromptEval com.acme.T#m",
                    gate.rules(), gate.candidate(), gate.baseline(), List.of("candidate run: a warning"));
            SuiteResultFile.write(output, kept);

            SuiteResult read = SuiteResultFile.read(SuiteResultFile.fileFor(output, gate.suite()));

            assertThat(read).isEqualTo(kept);
            SuiteReport original = new SuiteReport(gate, kept.runMessages(), kept.source());
            assertThat(GateJson.write(List.of(read.report()))).isEqualTo(GateJson.write(List.of(original)));
            assertThat(read.report().gate().decision()).isEqualTo(gate.decision());
        }
    }

    @Test
    void readAllListsTheSuitesByNameAndClearRemovesThem() {
        GateResult gate = ReportFixtures.pass();
        for (String name : List.of("b", "a")) {
            SuiteResultFile.write(output, new SuiteResult(SuiteResult.FORMAT_VERSION, name, SuiteResult.POM,
                    gate.rules(), gate.candidate(), null, List.of()));
        }
        assertThat(SuiteResultFile.readAll(output)).extracting(SuiteResult::suite).containsExactly("a", "b");

        SuiteResultFile.clear(output);

        assertThat(SuiteResultFile.readAll(output)).isEmpty();
    }

    @Test
    void aDamagedOrForeignFileIsNamedWithWhatToDo() throws Exception {
        Path file = SuiteResultFile.fileFor(output, "x");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"formatVersion\": 7}");
        assertThatThrownBy(() -> SuiteResultFile.read(file)).isInstanceOf(PromptEvalException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("format version 7");
        Files.writeString(file, "{\"formatVersion\": 1, \"suite\": ");
        assertThatThrownBy(() -> SuiteResultFile.readAll(output)).isInstanceOf(PromptEvalException.class)
                .hasMessageContaining("is not a suite result document").hasMessageContaining("evaluate again");
    }
}

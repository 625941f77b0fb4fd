package dev.prompteval.internal.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.report.GateFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate file as records ({@link Reports#gateFile}), which each suite's {@code results/<suite>.json} takes its
 * summary from, is the {@code gate.json} the reports write, read back: the same entries, number for number.
 */
class GateFileInMemoryTest {
    @TempDir
    Path dir;

    @Test
    void theGateFileAsMadeIsTheGateFileAsReadBack() throws Exception {
        List<GateResult> gates = List.of(ReportFixtures.pass(), ReportFixtures.fail(), ReportFixtures.inconclusive(),
                ReportFixtures.hostile());
        List<SuiteReport> suites = gates.stream().map(gate -> new SuiteReport(gate, List.of("candidate run: a warning"),
                "@PromptEval com.acme.T#m")).toList();

        GateFile made = Reports.gateFile(suites);
        Reports.writeAll(dir, suites, made);
        GateFile read = GateFile.read(dir.resolve(Reports.GATE_JSON));

        var json = new ObjectMapper();
        assertThat(json.<JsonNode>valueToTree(made)).isEqualTo(json.<JsonNode>valueToTree(read));
        for (GateResult gate : gates) {
            assertThat(json.<JsonNode>valueToTree(made.suite(gate.suite()).orElseThrow()))
                    .isEqualTo(json.<JsonNode>valueToTree(read.suite(gate.suite()).orElseThrow()));
        }
        assertThat(Files.readString(dir.resolve(Reports.GATE_JSON))).isEqualTo(GateJson.write(suites));
    }
}

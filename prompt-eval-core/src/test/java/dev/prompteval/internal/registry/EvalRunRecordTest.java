package dev.prompteval.internal.registry;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EvalRunRecordTest {

    @Test
    void runIdMustBeUsableAsAFileName() {
        assertThatThrownBy(() -> new EvalRunRecord("s", "../evil", "PASS", "d", null, "sha256:x", List.of(), null))
                .hasMessageContaining("run id \"../evil\" must be 1-128 letters");
        assertThatThrownBy(() -> new EvalRunRecord("s", ".hidden", "PASS", "d", null, "sha256:x", List.of(), null))
                .hasMessageContaining("not starting with '.'");
        assertThat(new EvalRunRecord("s", "2026-11-23T10.00.00Z_a1", "PASS", "d", null, "sha256:x", List.of(), null)
                .summary().isObject()).isTrue();
    }

    @Test
    void requiredFieldsAndScoreScaleAreChecked() {
        assertThatThrownBy(() -> new EvalRunRecord("s", "r1", "PASS", " ", null, "sha256:x", List.of(), null))
                .hasMessage("eval run record: datasetHash is missing");
        assertThatThrownBy(() -> new EvalRunRecord.RowOutcome("r7", 87, true, "x", Map.of()))
                .hasMessageContaining("row r7: score is 87.0 but must be a number in [0, 1]");
        assertThatThrownBy(() -> new EvalRunRecord.RowOutcome("r7", Double.NaN, true, "x", Map.of()))
                .hasMessageContaining("row r7: score is NaN");
        assertThatThrownBy(() -> new EvalRunRecord.RowOutcome("r7", 0.5, true, "x", Map.of("tone", 1.5)))
                .hasMessageContaining("row r7: named score tone is 1.5");
    }
}

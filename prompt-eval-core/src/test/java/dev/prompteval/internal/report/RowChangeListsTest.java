package dev.prompteval.internal.report;

import dev.prompteval.internal.gate.GateResult;
import dev.prompteval.internal.run.RowResult;
import dev.prompteval.internal.run.RunResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The listings of one suite taken together from one pairing of its rows (as {@code Reports} takes the comment's and
 * the page's) are the listings taken one by one, whether the runs' rows are in step or paired by id.
 */
class RowChangeListsTest {
    @Test
    void listingsTakenTogetherAreTheListingsTakenOneByOne() {
        GateResult inStep = ReportFixtures.fail();
        for (GateResult gate : List.of(inStep, withBaselineReversed(inStep), ReportFixtures.pass(),
                withoutBaseline(inStep))) {
            List<RowChange.Wanted> wanted = List.of(MarkdownReport.wanted(2, gate), RowsTable.WANTED,
                    new RowChange.Wanted(RowChange::improved, 3), new RowChange.Wanted(row -> true, 0));

            List<RowChange.Listing> together = RowChange.lists(gate, wanted);

            assertThat(together).hasSize(wanted.size());
            for (int i = 0; i < wanted.size(); i++) {
                RowChange.Listing alone = RowChange.list(gate, wanted.get(i));
                assertThat(together.get(i).first()).extracting(RowChange::id)
                        .containsExactlyElementsOf(alone.first().stream().map(RowChange::id).toList());
                assertThat(together.get(i).first()).extracting(RowChange::status)
                        .containsExactlyElementsOf(alone.first().stream().map(RowChange::status).toList());
                assertThat(together.get(i).matching()).isEqualTo(alone.matching());
                assertThat(together.get(i).total()).isEqualTo(alone.total());
                assertThat(together.get(i).tagCounts()).isEqualTo(alone.tagCounts());
            }
        }
        assertThat(RowChange.lists(inStep, List.of(RowsTable.WANTED)).get(0).matching())
                .isEqualTo(inStep.candidate().rows().size());
    }

    @Test
    void theReportsWrittenFromListingsTakenTogetherAreTheReportsEachTakingItsOwn() {
        List<SuiteReport> suites = List.of(SuiteReport.of(ReportFixtures.fail()),
                SuiteReport.of(withBaselineReversed(ReportFixtures.inconclusive())));
        List<RowChange.Listing> comment = new ArrayList<>();
        List<RowChange.Listing> page = new ArrayList<>();
        for (SuiteReport suite : suites) {
            List<RowChange.Listing> both = RowChange.lists(suite.gate(),
                    List.of(MarkdownReport.wanted(suites.size(), suite.gate()), RowsTable.WANTED));
            comment.add(both.get(0));
            page.add(both.get(1));
        }

        assertThat(MarkdownReport.write(suites, comment)).isEqualTo(MarkdownReport.write(suites));
        assertThat(HtmlReport.write(suites, page)).isEqualTo(HtmlReport.write(suites));
    }

    private static GateResult withBaselineReversed(GateResult gate) {
        RunResult baseline = gate.baseline();
        List<RowResult> reversed = new ArrayList<>(baseline.rows());
        Collections.reverse(reversed);
        return with(gate, new RunResult(baseline.suite(), baseline.prompt(), baseline.reference(), baseline.version(),
                baseline.contentHash(), baseline.datasetHash(), baseline.model(), reversed, baseline.complete()));
    }

    private static GateResult withoutBaseline(GateResult gate) {
        return with(gate, null);
    }

    private static GateResult with(GateResult gate, RunResult baseline) {
        return new GateResult(gate.suite(), gate.decision(), gate.rules(), gate.checks(), gate.notes(),
                gate.candidateSummary(), gate.comparison(), gate.candidate(), baseline);
    }
}

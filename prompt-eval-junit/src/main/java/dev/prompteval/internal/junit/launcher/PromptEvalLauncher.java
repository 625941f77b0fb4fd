package dev.prompteval.internal.junit.launcher;

import dev.prompteval.junit.PromptEval;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

/**
 * Runs the {@code @PromptEval} tests of a test-classes folder through the JUnit Platform Launcher, so that
 * {@code prompt-eval:evaluate} can run them outside the unit-test run. Their gates write result files under the
 * output folder, which the plugin folds into the build's decision.
 *
 * <p>The plugin loads this class in a class loader made of the project's test class path, so it is called with
 * plain Java types only.
 */
public final class PromptEvalLauncher {
    private PromptEvalLauncher() {
    }

    /**
     * @param testClasses the compiled test classes to scan
     * @param parameters  JUnit configuration parameters, e.g. {@code promptEval.mode}
     * @return a summary line first, then one line per failed test ({@code display name: message})
     */
    public static List<String> run(String testClasses, Map<String, String> parameters) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(Path.of(testClasses))))
                .filters(TagFilter.includeTags(PromptEval.TAG))
                .configurationParameters(parameters)
                .build();
        var listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        var lines = new ArrayList<String>();
        lines.add(summary.getTestsFoundCount() + " @PromptEval invocations: " + summary.getTestsSucceededCount()
                + " passed, " + summary.getTestsFailedCount() + " failed, " + summary.getTestsAbortedCount()
                + " aborted, " + summary.getTestsSkippedCount() + " skipped");
        for (TestExecutionSummary.Failure failure : summary.getFailures()) {
            String message = failure.getException().getMessage();
            lines.add(failure.getTestIdentifier().getDisplayName() + ": "
                    + (message == null ? failure.getException().getClass().getName() : message.strip()));
        }
        return lines;
    }
}

package dev.prompteval.internal.suite;

import java.util.function.Function;

/** The commit being built, as CI servers announce it; null outside CI. Recorded with every suite's results. */
public final class GitCommit {
    private static final String[] VARIABLES = {"GITHUB_SHA", "CI_COMMIT_SHA", "GIT_COMMIT", "BUILD_VCS_NUMBER"};

    private GitCommit() {
    }

    /** @param env looks up an environment variable, null when unset */
    public static String fromEnvironment(Function<String, String> env) {
        for (String variable : VARIABLES) {
            String value = env.apply(variable);
            if (value != null && !value.isBlank()) return value.trim();
        }
        return null;
    }
}

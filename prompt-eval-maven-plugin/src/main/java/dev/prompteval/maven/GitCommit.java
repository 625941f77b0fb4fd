package dev.prompteval.maven;

import java.util.function.Function;

/** The commit being built, as CI servers announce it; null outside CI. */
final class GitCommit {
    private static final String[] VARIABLES = {"GITHUB_SHA", "CI_COMMIT_SHA", "GIT_COMMIT", "BUILD_VCS_NUMBER"};

    private GitCommit() {
    }

    static String fromEnvironment(Function<String, String> env) {
        for (String variable : VARIABLES) {
            String value = env.apply(variable);
            if (value != null && !value.isBlank()) return value.trim();
        }
        return null;
    }
}

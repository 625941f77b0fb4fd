package dev.prompteval.internal.junit;

import dev.prompteval.internal.suite.PromptEvalSettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The settings {@code @PromptEval} suites run with: core's {@code promptEval.*} properties, read from JUnit
 * configuration parameters (which fall back to system properties). The project folder defaults to {@code basedir}
 * (Surefire sets it), else the working folder. Apart from the extension so that the plugin's tests can show that both
 * fronts read the same settings from the same properties.
 */
public final class ExtensionSettings {
    private ExtensionSettings() {
    }

    /**
     * @param parameters looks a configuration parameter up, e.g. {@code ExtensionContext::getConfigurationParameter}
     * @param problems   where every parameter that cannot be used is added
     */
    public static PromptEvalSettings read(Function<String, Optional<String>> parameters, List<String> problems) {
        Path projectDir = Path.of(parameters.apply("basedir").orElse(System.getProperty("user.dir", ".")));
        return PromptEvalSettings.read(key -> parameters.apply(key).orElse(null), projectDir, problems);
    }
}

package dev.prompteval.junit;

import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;

import java.util.List;

/**
 * An invocation of a {@code @PromptEval} method that is its own extension: it resolves the parameter types the
 * annotation documents and intercepts the method call.
 */
abstract class SuiteInvocation implements TestTemplateInvocationContext, BeforeTestExecutionCallback,
        ParameterResolver, InvocationInterceptor {

    @Override
    public final List<Extension> getAdditionalExtensions() {
        return List.of(this);
    }

    @Override
    public final boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == PromptRow.class || type == PromptOutput.class || type == PromptScores.class;
    }
}

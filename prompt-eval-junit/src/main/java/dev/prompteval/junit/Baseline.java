package dev.prompteval.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks for the baseline's output rather than the candidate's: {@code @Baseline PromptOutput baseline}. Only a suite
 * with a baseline has one; with {@code baseline = "none"} the parameter cannot be resolved.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Baseline {
}

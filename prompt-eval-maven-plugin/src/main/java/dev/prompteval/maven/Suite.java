package dev.prompteval.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code <suite>} of the plugin configuration: which prompt to evaluate, against what, on which data.
 * Field names are the POM element names; Maven fills them by reflection.
 */
public class Suite {
    /** Suite name, used in reports and with {@code -DpromptEval.suites=a,b}. Required. */
    String name;
    /** The prompt's registry name, e.g. {@code support/ticket-classifier}. Required. */
    String prompt;
    /** Candidate reference: {@code file:path}, a path ending in {@code .json}, {@code version:N}, {@code label:L}. */
    String candidate;
    /** Baseline reference, default {@code label:prod}; {@code none} evaluates with absolute rules only. */
    String baseline = "label:prod";
    /** One or more CSV datasets. Required. */
    List<File> datasets = new ArrayList<>();
    /** Provider override ({@code openai}, {@code anthropic}, {@code google}, {@code java:com.acme.Target}). */
    String provider;
    /** Model name override. */
    String model;
    /** Base URL override for the provider (Ollama, vLLM, a proxy...). */
    String baseUrl;
    /**
     * The name of the environment variable holding the provider's API key, e.g. {@code OPENROUTER_API_KEY} for
     * {@code openai-compatible} against OpenRouter; replaces the provider's own variables. Never the key itself.
     */
    String apiKeyEnv;
    /** Model parameter overrides, e.g. {@code <temperature>0</temperature>}. Values are parsed as JSON when they can be. */
    Map<String, String> parameters = new LinkedHashMap<>();
    /** Samples per row; overrides {@code promptEval.repeat} for this suite. */
    Integer repeat;
    /** Assertions applied to every row in addition to the dataset's own, written as cells: {@code is-json}. */
    List<String> assertions = new ArrayList<>();
    /** Gate rules. */
    Rules rules = new Rules();
    /** Push results to the registry when the candidate lives there; default: true for registry candidates. */
    Boolean pushResults;
    /** Submit this suite's calls through the provider's batch API (half price, answers within hours); default
     * {@code promptEval.batch}. */
    Boolean batch;
}

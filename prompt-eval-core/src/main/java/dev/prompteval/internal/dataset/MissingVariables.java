package dev.prompteval.internal.dataset;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.template.PromptTemplate;
import dev.prompteval.internal.template.TemplateException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which variables each prompt needs that rows do not supply. A missing column is missing in every row, so each
 * (prompt, variable) is reported once, at the first row lacking it, with the number of rows affected.
 */
final class MissingVariables {
    private final List<PromptTemplate> templates;
    private final Header header;
    private final String file;
    private final Map<Key, FirstMiss> misses = new LinkedHashMap<>();
    private final Map<Integer, DatasetProblem> unrenderable = new LinkedHashMap<>();

    MissingVariables(List<PromptTemplate> templates, Header header, String file) {
        this.templates = List.copyOf(templates);
        this.header = header;
        this.file = file;
    }

    private record Key(int template, String variable) {
    }

    private static final class FirstMiss {
        final long line;
        final long rowNumber;
        long rows;

        FirstMiss(Row row) {
            this.line = row.line();
            this.rowNumber = row.rowNumber();
        }
    }

    void check(Row row) {
        for (int t = 0; t < templates.size(); t++) {
            if (unrenderable.containsKey(t)) continue;
            try {
                for (String variable : templates.get(t).missingVariables(row.variables())) {
                    misses.computeIfAbsent(new Key(t, variable), k -> new FirstMiss(row)).rows++;
                }
            } catch (TemplateException e) {
                // The prompt itself is broken; say so once rather than for every row.
                unrenderable.put(t, new DatasetProblem(file, row.line(), null, "row " + row.rowNumber()
                        + " cannot be checked against the prompt: " + e.getMessage()));
            }
        }
    }

    List<DatasetProblem> problems(long rows) {
        var problems = new ArrayList<>(unrenderable.values());
        misses.forEach((key, miss) -> problems.add(new DatasetProblem(file, miss.line, null,
                describe(templates.get(key.template()).name(), key.variable(), miss, rows))));
        return problems;
    }

    private String describe(String prompt, String variable, FirstMiss miss, long rows) {
        String why = header.kindOf(variable) == null
                ? "the dataset has no \"" + variable + "\" column"
                : "\"" + variable + "\" is a reserved column, which prompts do not see";
        return "prompt " + prompt + " needs variable \"" + variable + "\", but " + why + " (missing in "
                + miss.rows + " of " + rows + " rows, first in row " + miss.rowNumber + "); add a \"" + variable
                + "\" column to the dataset, or remove the variable from the prompt";
    }
}

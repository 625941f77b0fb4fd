package dev.prompteval.internal.shard;

import dev.prompteval.dataset.Row;
import dev.prompteval.internal.suite.PromptEvalSettings.Property;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shard {@code index} of {@code total} (1-based, as GitLab counts its parallel jobs): the rows whose
 * {@link ShardAssignment assignment} is {@code index}.
 */
public record Shard(int index, int total) {
    /** GitLab's parallel job index (1-based) and count; {@code CI_NODE_TOTAL} is 1 in a job without parallel. */
    public static final String GITLAB_INDEX = "CI_NODE_INDEX";
    public static final String GITLAB_TOTAL = "CI_NODE_TOTAL";
    /** The value of {@code promptEval.shard} that turns sharding off, GitLab's variables notwithstanding. */
    public static final String NONE = "none";

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*");

    public Shard {
        if (total < 1 || index < 1 || index > total) {
            throw new IllegalArgumentException("a shard is I/N with 1 <= I <= N, was " + index + "/" + total);
        }
    }

    /**
     * Reads {@code I/N}.
     *
     * @param source names where the text came from, for the message
     * @throws IllegalArgumentException naming the source and the form expected
     */
    public static Shard parse(String text, String source) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (m.matches()) {
            int index = Integer.parseInt(m.group(1));
            int total = Integer.parseInt(m.group(2));
            if (total >= 1 && index >= 1 && index <= total) return new Shard(index, total);
        }
        throw new IllegalArgumentException(source + " '" + text + "' is not a shard; use I/N with 1 <= I <= N,"
                + " e.g. 2/4 for the second of four jobs (or " + NONE + " for no sharding)");
    }

    /**
     * The shard a build evaluates: {@code promptEval.shard} when set ({@code none}: no shard), else GitLab's
     * {@code CI_NODE_INDEX}/{@code CI_NODE_TOTAL} in a job with {@code parallel:} (total above 1). GitHub Actions
     * has no such variable: its matrix passes the value, {@code -DpromptEval.shard=${{ matrix.shard }}/3}.
     *
     * @param problems where a value that cannot be used is added (then no shard)
     * @return empty for an unsharded build
     */
    public static Optional<Shard> configured(Function<String, String> properties, Function<String, String> env,
                                             List<String> problems) {
        String property = properties.apply(Property.SHARD.key());
        if (property != null && !property.isBlank()) {
            if (property.strip().equalsIgnoreCase(NONE)) return Optional.empty();
            try {
                return Optional.of(parse(property, Property.SHARD.key()));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                return Optional.empty();
            }
        }
        String index = env.apply(GITLAB_INDEX);
        String total = env.apply(GITLAB_TOTAL);
        if (index == null || index.isBlank() || total == null || total.isBlank() || total.strip().equals("1")) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(index.strip() + "/" + total.strip(), GITLAB_INDEX + "/" + GITLAB_TOTAL));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage() + "; set " + Property.SHARD.key() + " to override them");
            return Optional.empty();
        }
    }

    /** Whether this shard evaluates the row. */
    public boolean holds(Row row) {
        return ShardAssignment.shardOf(row, total) == index;
    }

    /** The name of this shard's file: {@code shard-I-of-N.json}. */
    public String fileName() {
        return "shard-" + index + "-of-" + total + ".json";
    }

    @Override
    public String toString() {
        return index + "/" + total;
    }
}

package dev.prompteval.internal.score;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The item list of {@code contains-any}/{@code contains-all} values, split as promptfoo does: on commas, items
 * trimmed, empty items skipped; an item holding a comma is double-quoted ({@code "a, b",c}), a quote inside
 * quotes doubled ({@code "say ""hi"""}). Line breaks separate items like commas.
 */
final class ListValue {

    /** RFC 4180 quoting with surrounding blanks ignored; quoted items keep their inner blanks. */
    private static final CSVFormat ITEMS = CSVFormat.DEFAULT.builder().setIgnoreSurroundingSpaces(true).get();

    private ListValue() {
    }

    static List<String> parse(String type, String value) {
        List<String> items = new ArrayList<>();
        try (var parser = ITEMS.parse(new StringReader(value))) {
            for (CSVRecord record : parser) {
                record.stream().filter(item -> !item.isEmpty()).forEach(items::add);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException(type + " value " + Reasons.quote(value) + " is not a valid list: "
                    + e.getMessage() + "; separate items with commas and write an item containing a comma in "
                    + "double quotes, e.g. " + type + ":red,\"dark, blue\"", e);
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException(type + " needs at least one item, e.g. " + type + ":red,green");
        }
        return List.copyOf(items);
    }

    static String display(List<String> items) {
        var sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(Reasons.quote(items.get(i)));
        }
        return sb.append(']').toString();
    }
}

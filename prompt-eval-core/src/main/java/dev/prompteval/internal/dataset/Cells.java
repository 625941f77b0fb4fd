package dev.prompteval.internal.dataset;

import java.util.regex.Pattern;

/** Small helpers for reading cell text and quoting it in messages. */
final class Cells {
    private static final int SHOWN = 60;
    /** A threshold is a plain decimal: {@code 0.8}, {@code .8}, {@code 1}. */
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+");

    private Cells() {
    }

    /**
     * Parses a threshold on the 0..1 scale every score uses.
     *
     * @param what how the message names the threshold, e.g. {@code threshold in "levenshtein(x):hi"}
     * @param example a correct spelling to show
     */
    static double threshold(String text, String what, String example) throws CellException {
        String trimmed = text.strip();
        if (!DECIMAL.matcher(trimmed).matches()) {
            throw new CellException("malformed " + what + ": " + quote(text)
                    + " is not a number; write a number from 0 to 1, e.g. " + example);
        }
        double value = Double.parseDouble(trimmed);
        if (value > 1.0) {
            throw new CellException(what + " " + trimmed + " is outside 0..1; scores are on the 0..1 scale, "
                    + "so write e.g. " + example + " for 80%");
        }
        return value;
    }

    /** The text in double quotes for a message, shortened and with line breaks shown as {@code \n}. */
    static String quote(String text) {
        String shown = text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text;
        return "\"" + shown.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }

    /** Whether the cell held bytes that are not UTF-8 (decoded as U+FFFD, the replacement character). */
    static boolean undecodable(String cell) {
        return cell.indexOf('\uFFFD') >= 0;
    }

    /** The problem message for an {@link #undecodable} cell. */
    static String undecodableMessage(String where, String cell) {
        return where + " holds bytes that are not UTF-8 (shown as \uFFFD): " + quote(cell)
                + "; save the file as UTF-8 (in Excel: \"CSV UTF-8\")";
    }

    /** Null for a blank cell, else the cell stripped of surrounding white space. */
    static String strippedOrNull(String cell) {
        String stripped = cell.strip();
        return stripped.isEmpty() ? null : stripped;
    }
}

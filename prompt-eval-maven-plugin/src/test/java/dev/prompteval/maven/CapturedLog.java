package dev.prompteval.maven;

import org.apache.maven.plugin.logging.SystemStreamLog;

import java.util.ArrayList;
import java.util.List;

/** A Maven log that keeps every line as {@code LEVEL message}, so tests can assert what a build would print. */
final class CapturedLog extends SystemStreamLog {
    private final List<String> lines = new ArrayList<>();

    List<String> lines() {
        return List.copyOf(lines);
    }

    void clear() {
        lines.clear();
    }

    /** The messages logged at {@code level} (DEBUG, INFO, WARN or ERROR), in order. */
    List<String> at(String level) {
        return lines.stream().filter(line -> line.startsWith(level + " "))
                .map(line -> line.substring(level.length() + 1)).toList();
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public void debug(CharSequence content) {
        lines.add("DEBUG " + content);
    }

    @Override
    public void info(CharSequence content) {
        lines.add("INFO " + content);
    }

    @Override
    public void warn(CharSequence content) {
        lines.add("WARN " + content);
    }

    @Override
    public void error(CharSequence content) {
        lines.add("ERROR " + content);
    }
}

package it.greeting;

import dev.prompteval.provider.CustomTarget;
import dev.prompteval.template.ChatMessage;
import dev.prompteval.template.RenderedPrompt;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a model that follows its prompt to the letter: the system message lists the greetings it knows as
 * {@code <greeting> => <code>} lines, the user message asks for one with {@code Greeting: <text>}, and the answer is
 * that greeting's code, or {@code unknown} when the prompt does not list it. So a candidate prompt that drops lines
 * answers worse on exactly those rows, and one that adds lines answers better.
 */
public class GreetingTarget implements CustomTarget {
    private static final Pattern KNOWN = Pattern.compile("^\\s*(.+?)\\s*=>\\s*([a-z]{2})\\s*$", Pattern.MULTILINE);
    private static final Pattern ASKED = Pattern.compile("Greeting:\\s*(.+)");

    @Override
    public String respond(RenderedPrompt prompt) {
        Map<String, String> known = new HashMap<>();
        String asked = null;
        for (ChatMessage message : prompt.messages()) {
            if (message.role().equals("system")) {
                Matcher line = KNOWN.matcher(message.content());
                while (line.find()) known.put(normal(line.group(1)), line.group(2));
            } else if (message.role().equals("user")) {
                Matcher question = ASKED.matcher(message.content());
                if (question.find()) asked = normal(question.group(1));
            }
        }
        if (asked == null) throw new IllegalArgumentException("the user message has no 'Greeting:' line");
        return known.getOrDefault(asked, "unknown");
    }

    private static String normal(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }
}

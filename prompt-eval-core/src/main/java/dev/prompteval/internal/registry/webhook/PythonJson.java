package dev.prompteval.internal.registry.webhook;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * JSON read as Python's {@code json.loads} reads it and written exactly as {@code json.dumps(payload,
 * sort_keys=True)} writes it: {@code ", "} and {@code ": "} separators, object keys sorted by code point (Python's
 * string order, which differs from Java's UTF-16 order for characters beyond U+FFFF), every character outside
 * printable ASCII escaped as a {@code u} escape with four lower-case hex digits (a surrogate pair for an
 * emoji), integers exact at any
 * size, floats as {@link PythonFloat} writes them. Floats are read as doubles, as {@code json.loads} reads them
 * (correctly rounded, {@code -0.0} kept); duplicate keys keep the last value; trailing data is an error.
 */
public final class PythonJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    };
    private static final HexFormat HEX = HexFormat.of();

    private PythonJson() {
    }

    public static JsonNode parse(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    public static String dumpsSortedKeys(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> keys = new ArrayList<>();
                node.properties().forEach(property -> keys.add(property.getKey()));
                keys.sort(CODE_POINT_ORDER);
                out.append('{');
                for (int k = 0; k < keys.size(); k++) {
                    if (k > 0) out.append(", ");
                    string(keys.get(k), out);
                    out.append(": ");
                    write(node.get(keys.get(k)), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) out.append(", ");
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> string(node.textValue(), out);
            case NUMBER -> out.append(node.isIntegralNumber() ? node.bigIntegerValue().toString()
                    : PythonFloat.repr(node.doubleValue()));
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void string(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c >= ' ' && c <= '~') {
                        out.append(c);
                    } else {
                        out.append("\\u").append(HEX.toHexDigits(c));
                    }
                }
            }
        }
        out.append('"');
    }
}

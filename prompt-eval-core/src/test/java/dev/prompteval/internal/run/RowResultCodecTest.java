package dev.prompteval.internal.run;

import dev.prompteval.dataset.Row;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every string survives the codec exactly, plain ASCII or not, and bytes cut short are an error, not a row. */
class RowResultCodecTest {
    private static final List<String> TEXTS = List.of("", "plain ascii ~", "\u0000nul inside\u0000", "\u007f\u0080",
            "ünïcødé", "✓ check", "\uD83D\uDE00 emoji", "lone \uD800 high", "lone \uDC00 low", "a".repeat(21_000),
            "é".repeat(21_001) + "x", "b".repeat(65_536));

    private static RowResult row(String text) {
        var variables = new LinkedHashMap<String, String>();
        variables.put(text, text);
        Row row = new Row(text, 1, 2, variables, List.of(), text, null, null, Map.of("k", text), Set.of(text), text);
        return new RowResult(row, List.of(new SampleResult(text, 0, text, null, text, null, 3, false)));
    }

    @Test
    void everyTextReadsBackAsItWasWritten() throws IOException {
        for (String text : TEXTS) {
            byte[] bytes = RowResultCodec.encode(row(text));
            byte[] padded = new byte[bytes.length + 7];
            System.arraycopy(bytes, 0, padded, 3, bytes.length);

            RowResult read = RowResultCodec.decode(padded, 3, bytes.length);

            assertThat(read).isEqualTo(row(text));
            assertThat(read.samples().get(0).output()).isEqualTo(text);
        }
    }

    @Test
    void bytesCutShortAreAnError() {
        byte[] bytes = RowResultCodec.encode(row("ünïcødé and more"));
        for (int cut : new int[] {1, 5, bytes.length / 2, bytes.length - 1}) {
            assertThatThrownBy(() -> RowResultCodec.decode(Arrays.copyOf(bytes, cut), 0, cut))
                    .isInstanceOf(IOException.class);
        }
    }

    /** The fast way of writing a chunk gives exactly what writeUTF gives, including the cases it must leave to it. */
    @Test
    void chunksAreWrittenByteForByteAsWriteUtfWritesThem() throws IOException {
        var random = new java.util.Random(20261202L);
        var texts = new java.util.ArrayList<>(List.of("?", "a?b", "\u4e2d?", "?\uD800", "\u00e9?", "\u0000", "x\u0000?",
                "\u007f", "\u0080", "plain text, 100% ASCII: ~!@#$%^&*()"));
        String alphabet = "ab ?\u0000\u007f\u0080\u00e9\u4e2d\uD83D\uDE00\uD800";
        for (int i = 0; i < 5_000; i++) {
            var text = new StringBuilder();
            int length = random.nextInt(12);
            for (int c = 0; c < length; c++) {
                text.append(random.nextInt(3) == 0 ? alphabet.charAt(random.nextInt(alphabet.length())) : 'q');
            }
            texts.add(text.toString());
        }
        texts.add("z".repeat(21_000));
        for (String text : texts) {
            var fast = new java.io.ByteArrayOutputStream();
            RowResultCodec.utf(new java.io.DataOutputStream(fast), text);
            var jdk = new java.io.ByteArrayOutputStream();
            new java.io.DataOutputStream(jdk).writeUTF(text);
            assertThat(fast.toByteArray()).as("%s", text.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(jdk.toByteArray());
        }
    }
}

package dev.prompteval.internal.registry.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Expected strings are Python 3.11's {@code repr(float)} (as {@code json.dumps} writes floats). */
class PythonFloatTest {

    @ParameterizedTest
    @CsvSource({
            "1.5, 1.5",
            "1e-7, 1e-07",
            "10.0, 10.0",
            "1e16, 1e+16",
            "1e15, 1000000000000000.0",
            "0.0001, 0.0001",
            "0.00001, 1e-05",
            "-0.0, -0.0",
            "0.0, 0.0",
            "5e-324, 5e-324",
            "1.7976931348623157e308, 1.7976931348623157e+308",
            "0.30000000000000004, 0.30000000000000004",
            "1234567890123456.7, 1234567890123456.8",
            "123456789.123456789, 123456789.12345679",
            "-2.5e-5, -2.5e-05",
            // Java 17's Double.toString gives 5.6843418860808015E-14, 1.9999999999999998E23, 9.999999999999999E22
            "5.684341886080802e-14, 5.684341886080802e-14",
            "2e23, 2e+23",
            "1e23, 1e+23",
    })
    void writesFloatsAsPythonsRepr(double value, String python) {
        assertThat(PythonFloat.repr(value)).isEqualTo(python);
    }

    @ParameterizedTest
    @CsvSource({"NaN, NaN", "Infinity, Infinity", "-Infinity, -Infinity"})
    void writesNonFiniteValuesAsJsonDumpsDoes(double value, String python) {
        assertThat(PythonFloat.repr(value)).isEqualTo(python);
    }
}

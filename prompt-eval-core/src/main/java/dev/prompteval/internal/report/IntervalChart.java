package dev.prompteval.internal.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Inline SVG interval bars for a suite's metric table, all on one scale so they can be compared down the column. With
 * a baseline each bar is the interval [L, U] of the difference with its mean, beside a zero line and a dashed line
 * at {@code -maxRegression} (the region beyond it shaded); without one it is the candidate's own interval on 0..1,
 * beside a dashed line at the configured minimum.
 */
final class IntervalChart {
    private static final int WIDTH = 260;
    private static final int HEIGHT = 26;
    private static final int PAD = 12;
    private static final double[] STEPS = {0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1};
    private static final int MAX_TICKS = 6;

    private final boolean paired;
    private final double lo;
    private final double hi;

    private IntervalChart(boolean paired, double lo, double hi) {
        this.paired = paired;
        this.lo = lo;
        this.hi = hi;
    }

    /** A scale wide enough for zero, every margin and every interval of the lines (0..1 without a baseline). */
    static IntervalChart of(List<MetricLine> lines, boolean paired) {
        if (!paired) return new IntervalChart(false, 0, 1);
        double min = 0;
        double max = 0;
        for (MetricLine line : lines) {
            List<Double> values = new ArrayList<>();
            if (line.margin() != null) values.add(-line.margin());
            if (line.compared()) {
                values.add(line.interval().lower());
                values.add(line.interval().upper());
            }
            for (double v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double span = Math.max(max - min, 0.02);
        double pad = span * 0.08;
        return new IntervalChart(true, min - pad, max + pad);
    }

    /** The scale's tick labels, for the column header. */
    void axis(Html html) {
        html.open("svg", "class", "axis", "width", String.valueOf(WIDTH), "height", "16",
                "viewBox", "0 0 " + WIDTH + " 16", "aria-hidden", "true");
        double step = step();
        for (double t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9; t += step) {
            String x = number(x(t));
            html.empty("line", "x1", x, "x2", x, "y1", "11", "y2", "16", "class", "tick");
            html.element("text", label(t), "x", x, "y", "9", "text-anchor", "middle");
        }
        html.close("svg");
    }

    /** One line's bar; {@code description} is its text alternative. */
    void draw(Html html, MetricLine line, String description) {
        String outcome = Format.outcome(line.outcome()).replace(' ', '-');
        html.open("svg", "class", "ci", "width", String.valueOf(WIDTH), "height", String.valueOf(HEIGHT),
                "viewBox", "0 0 " + WIDTH + " " + HEIGHT, "role", "img", "aria-label", description);
        html.element("title", description);
        Double bound = paired ? (line.margin() == null ? null : -line.margin()) : line.minimum();
        if (bound != null) {
            html.empty("rect", "class", "beyond", "x", number(PAD), "y", "2", "width", number(x(bound) - PAD),
                    "height", String.valueOf(HEIGHT - 4));
            vertical(html, "limit", bound);
        }
        if (paired) vertical(html, "zero", 0);
        double mid = HEIGHT / 2.0;
        var interval = paired ? line.interval() : line.own();
        double centre = paired ? (line.delta() == null ? Double.NaN : line.delta()) : line.candidate();
        if (interval != null && interval.defined()) {
            html.empty("line", "class", "bar " + outcome, "x1", number(x(interval.lower())),
                    "x2", number(x(interval.upper())), "y1", number(mid), "y2", number(mid));
        }
        if (Double.isFinite(centre)) {
            html.empty("circle", "class", "point " + outcome, "cx", number(x(centre)), "cy", number(mid), "r", "4.5");
        }
        html.close("svg");
    }

    private void vertical(Html html, String kind, double value) {
        String x = number(x(value));
        html.empty("line", "class", kind, "x1", x, "x2", x, "y1", "1", "y2", String.valueOf(HEIGHT - 1));
    }

    private double x(double value) {
        double clamped = Math.max(lo, Math.min(hi, value));
        return PAD + (clamped - lo) / (hi - lo) * (WIDTH - 2 * PAD);
    }

    private double step() {
        for (double step : STEPS) {
            if ((hi - lo) / step <= MAX_TICKS) return step;
        }
        return STEPS[STEPS.length - 1];
    }

    private String label(double tick) {
        double t = Math.abs(tick) < 1e-9 ? 0 : tick;
        int decimals = Math.max(1, java.math.BigDecimal.valueOf(step()).stripTrailingZeros().scale());
        String text = String.format(Locale.ROOT, "%." + decimals + "f", t);
        return paired && t > 0 ? "+" + text : text;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}

package dev.prompteval.internal.stats;

/** Means, variances and correlation over plain arrays (too small to justify another dependency). */
final class Descriptive {
    private Descriptive() {
    }

    static double mean(double[] x) {
        double sum = 0;
        for (double v : x) sum += v;
        return x.length == 0 ? Double.NaN : sum / x.length;
    }

    /** Sample variance with the n - 1 denominator; NaN below two values. */
    static double variance(double[] x) {
        if (x.length < 2) return Double.NaN;
        double mean = mean(x);
        double sum = 0;
        for (double v : x) sum += (v - mean) * (v - mean);
        return sum / (x.length - 1);
    }

    /** Pearson's r; NaN when either side is constant (r is undefined then) or there are fewer than two pairs. */
    static double pearson(double[] x, double[] y) {
        if (x.length < 2) return Double.NaN;
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }
}

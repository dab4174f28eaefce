package no.dpe.tracker.bench;

import java.util.Arrays;
import java.util.Locale;

/** What a phase prints: rows for the table, and progress for whoever watches. */
final class Report {

    private Report() {
    }

    static void row(String what, String figure, String baseline, String ratio) {
        System.out.println(Bench.ROW + String.join("\t", what, figure, baseline, ratio));
        System.out.flush();
    }

    static void progress(String format, Object... args) {
        System.out.println("bench: " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    static String ratio(double figure, double baseline) {
        double ratio = figure / baseline;
        return String.format(Locale.ROOT, ratio >= 0.1 ? "%.2f" : ratio >= 0.01 ? "%.3f" : "%.4f", ratio);
    }

    static String millis(double nanos) {
        double ms = nanos / 1e6;
        return String.format(Locale.ROOT, ms < 10 ? "%.2f" : "%.0f", ms);
    }

    /** Latencies in nanoseconds: p50 / p99 in milliseconds. */
    static String percentiles(long[] nanos) {
        return "p50 " + millis(percentile(nanos, 50)) + " ms / p99 " + millis(percentile(nanos, 99)) + " ms";
    }

    static long percentile(long[] nanos, double p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}

package no.dpe.tracker.bench;

import java.util.Arrays;
import java.util.Locale;

/** What a phase prints: rows for the table, and progress for whoever watches. */
final class Report {

    private Report() {
    }

    /** A row with no goal of its own: a figure that only explains another. */
    static void row(String what, String figure, String baseline, String ratio) {
        row(what, figure, baseline, ratio, Goal.NONE);
    }

    static void row(String what, String figure, String baseline, String ratio, Goal goal) {
        System.out.println(Bench.ROW + String.join("\t", what, figure, baseline, ratio, goal.text(), goal.verdict()));
        System.out.flush();
    }

    /**
     * What a row should reach (issue #13's table, and the issues before it), and whether this run reached it. A goal
     * is judged on the figure of this run only: on a shared machine one run can miss by noise, so the figure and its
     * baseline stay beside the verdict.
     */
    record Goal(String text, String verdict) {

        static final Goal NONE = new Goal("", "");

        /** A ratio to the row's baseline of at least {@code goal}. */
        static Goal ratioAtLeast(double ratio, double goal, String against) {
            return new Goal("ratio ≥ " + goal + " " + against, verdict(ratio >= goal));
        }

        /** A figure of at least {@code goal}, in {@code unit}. */
        static Goal atLeast(double figure, double goal, String unit) {
            return new Goal("≥ " + rate(goal) + " " + unit, verdict(figure >= goal));
        }

        /** A figure of at most {@code goal}, in {@code unit}. */
        static Goal atMost(double figure, double goal, String unit) {
            return new Goal("≤ " + goal + " " + unit, verdict(figure <= goal));
        }

        /** A goal this run cannot judge, saying why. */
        static Goal notJudged(String text, String why) {
            return new Goal(text, "not judged: " + why);
        }

        private static String verdict(boolean met) {
            return met ? "met" : "NOT met";
        }
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

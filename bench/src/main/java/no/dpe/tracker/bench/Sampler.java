package no.dpe.tracker.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * A wall-clock sampler for finding bottlenecks: with -Dbench.sample=true it takes the stack of every thread whose
 * name contains a given text every few milliseconds, whatever it is doing (running, waiting for a lock, a
 * connection or the database), and prints the most frequent stacks. JFR's execution samples see only threads on
 * a CPU, and its park events only waits above a threshold; this sees where the clients' wall-clock time goes.
 */
final class Sampler implements AutoCloseable {

    private static final int DEPTH = Integer.getInteger("bench.sample-depth", 14);

    private final String prefix;
    private final Map<String, LongAdder> stacks = new ConcurrentHashMap<>();
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private Sampler(String prefix) {
        this.prefix = prefix;
        this.thread = new Thread(this::sample, "bench-sampler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A sampler when -Dbench.sample=true, else one that does nothing. */
    static Sampler of(String prefix) {
        return Boolean.parseBoolean(Settings.string("bench.sample", "false")) ? new Sampler(prefix) : null;
    }

    private void sample() {
        while (running) {
            for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
                if (entry.getKey().getName().contains(prefix)) {
                    samples.incrementAndGet();
                    String key = Arrays.stream(entry.getValue())
                            .filter(frame -> !frame.getClassName().startsWith("jdk.internal.reflect")
                                    && !frame.getClassName().startsWith("java.lang.reflect")
                                    && !frame.getClassName().contains("$$"))
                            .limit(DEPTH)
                            .map(frame -> frame.getClassName().replaceAll("^.*\\.(\\w+\\.\\w+)$", "$1") + "."
                                    + frame.getMethodName() + ":" + frame.getLineNumber())
                            .collect(Collectors.joining(" <- "));
                    stacks.computeIfAbsent(entry.getKey().getState() + " " + key, k -> new LongAdder()).increment();
                }
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        long total = Math.max(1, samples.get());
        Report.progress("wall-clock samples of %s* threads: %d", prefix, total);
        stacks.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum())).limit(25)
                .forEach(entry -> Report.progress("  %5.1f%% %s", 100.0 * entry.getValue().sum() / total,
                        entry.getKey()));
    }
}

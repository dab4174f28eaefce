package no.dpe.tracker.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.RecordStatusCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;

/**
 * Tracking throughput: the full outgoing lifecycle of each message (create, SENDT, MOTTATT, LEVERT: four
 * commands, each waited for, each its own transaction) through the running tracker's CommandGateway, with 1
 * and 8 client threads, against raw JDBC inserts of the same rows in the same database. The tracker runs as
 * configured, with its streaming processors (message-state, status-feed, webhooks, servicebus-outbound)
 * following the events as they are stored, and the embedded Service Bus emulator idle: these commands
 * publish nothing.
 */
final class Tracking {

    /** Every command names its actor (ADR 0016): the bench stands in for the fagsystem and the transport alike. */
    private static final MetaData BENCH = Actor.tracker("bench").metaData();

    private static final int WARM_UP = 300;

    private Tracking() {
    }

    static void run(Database database) throws Exception {
        int messages = Settings.integer("bench.tracking-messages", 1500);
        try (Database.Store store = database.fresh("tracking");
             Tracker tracker = Tracker.start(store)) {
            CommandGateway commands = tracker.bean(CommandGateway.class);
            drive(commands, 4, WARM_UP);
            tracker.awaitProcessorsCaughtUp(Duration.ofMinutes(2));
            List<double[]> figures = new ArrayList<>();
            for (int threads : threadCounts()) {
                long before = tracker.headIndex();
                double seconds;
                try (Sampler sampler = Sampler.of("bench-client")) {
                    seconds = drive(commands, threads, messages);
                }
                long events = tracker.headIndex() - before;
                figures.add(new double[] {threads, messages / seconds, events / seconds, events});
                Report.progress("%s, %d threads: %d messages, %d events in %.1f s", database.label(), threads,
                        messages, events, seconds);
                long catchUp = System.nanoTime();
                tracker.awaitProcessorsCaughtUp(Duration.ofMinutes(5));
                Report.progress("streaming processors caught up %.1f s after the last command",
                        (System.nanoTime() - catchUp) / 1e9);
            }
            long peakRss = Machine.peakRssMib();
            RawInserts raw = RawInserts.likeTheTrackers(tracker.dataSource());
            Report.progress("stored events average %d bytes of payload and %d of metadata", raw.averagePayload(),
                    raw.averageMetaData());
            for (double[] figure : figures) {
                int threads = (int) figure[0];
                long rows = (long) figure[3];
                double perCommit = raw.insert(threads, rows, 1);
                double batched = raw.insert(threads, rows, RawInserts.BATCH);
                Report.row("tracking, " + database.label() + ", " + threads + " client thread" + (threads > 1 ? "s" : "")
                                + " (create, SENDT, MOTTATT, LEVERT per message; " + messages + " messages)",
                        Report.rate(figure[1]) + " msg/s, " + Report.rate(figure[2]) + " events/s",
                        "raw JDBC insert of " + rows + " equal rows: " + Report.rate(perCommit)
                                + " rows/s one commit per row; " + Report.rate(batched) + " rows/s batched "
                                + RawInserts.BATCH + " per commit",
                        Report.ratio(figure[2], perCommit) + " (vs batched " + Report.ratio(figure[2], batched) + ")",
                        goal(threads, figure[2] / batched));
            }
            Report.row("memory, tracker on " + database.label() + " under the tracking load",
                    "peak RSS " + peakRss + " MiB (VmHWM of the JVM running the tracker and the client threads; "
                            + "heap max " + Runtime.getRuntime().maxMemory() / 1024 / 1024 + " MiB)",
                    "", "", memoryGoal());
        }
    }

    /** 1, 8 and 64 unless {@code bench.tracking-threads} says otherwise: the issue sets goals at 8 and 64. */
    private static int[] threadCounts() {
        return java.util.Arrays.stream(Settings.string("bench.tracking-threads", "1,8,64").split(","))
                .map(String::trim).filter(count -> !count.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    /** Issue #13: events/s against the batched raw insert, at least 0.15 with 8 client threads and 0.25 with 64. */
    private static Report.Goal goal(int threads, double ratioToBatched) {
        return switch (threads) {
            case 8 -> Report.Goal.ratioAtLeast(ratioToBatched, 0.15, "vs batched");
            case 64 -> Report.Goal.ratioAtLeast(ratioToBatched, 0.25, "vs batched");
            default -> Report.Goal.NONE;
        };
    }

    /** Issue #13: every phase completes with a heap of 256 MiB, which only a run at that heap can tell. */
    private static Report.Goal memoryGoal() {
        long heapMib = Runtime.getRuntime().maxMemory() / 1024 / 1024;
        String goal = "the phase completes with -Xmx256m";
        return heapMib <= 256 ? new Report.Goal(goal, "met")
                : Report.Goal.notJudged(goal, "heap max " + heapMib + " MiB; run with -Dbench.jvm-args=-Xmx256m");
    }

    /** Client threads are named so that the sampler finds them. */
    static java.util.concurrent.ThreadFactory clientThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> new Thread(runnable, "bench-client-" + count.incrementAndGet());
    }

    /** Runs the lifecycle of {@code messages} new messages on {@code threads} threads; returns the seconds taken. */
    static double drive(CommandGateway commands, int threads, int messages) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, clientThreads());
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> clients = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                clients.add(pool.submit(() -> {
                    while (next.getAndIncrement() < messages) {
                        Publiserings.Publisering message = Publiserings.next();
                        commands.sendAndWait(message.create(), BENCH);
                        for (RecordStatusCommand status : message.statuses()) {
                            commands.sendAndWait(status, BENCH);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }
}

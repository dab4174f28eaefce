package no.dpe.tracker.bench;

import no.dpe.tracker.app.chain.CheckpointSealer;
import no.dpe.tracker.app.chain.StoreVerification;
import no.dpe.tracker.app.chain.Verdict;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * Verification of the audit chain (issue 15): {@code bench.verify-events} events appended by the tracker's own
 * storage engine (so hashed as it hashes them), sealed into checkpoints, then the whole store verified as
 * {@code GET /api/audit/verify} does, against a raw JDBC read of the same rows with and without Jackson. Goal: at least
 * 50,000 events/s on H2. The background sealer and self-check are held back, so the figures are the verification's
 * alone.
 */
final class Verification {

    static final double GOAL = 50_000;

    private Verification() {
    }

    static void run() throws Exception {
        int events = Settings.integer("bench.verify-events", 1_000_000) / 4 * 4;
        try (Database.Store store = Database.H2.fresh("verify");
             Tracker tracker = Tracker.start(store, "--dpe.tracker.audit.seal-poll-interval=PT24H",
                     "--dpe.tracker.audit.self-check-first=PT24H")) {
            for (EventProcessor processor : tracker.processors().values()) {
                if (processor instanceof StreamingEventProcessor) {
                    processor.shutDown();
                }
            }
            Replay.generate(tracker.bean(EventStorageEngine.class), events);
            Replay.read(tracker, false);
            double raw = Replay.read(tracker, false);
            double deserialized = Replay.read(tracker, true);

            long start = System.nanoTime();
            int checkpoints = tracker.bean(CheckpointSealer.class).sealAll().size();
            double sealSeconds = (System.nanoTime() - start) / 1e9;
            Report.progress("sealed %d events in %d checkpoint(s) in %.1f s", events, checkpoints, sealSeconds);

            StoreVerification verification = tracker.bean(StoreVerification.class);
            start = System.nanoTime();
            Verdict verdict;
            try (Sampler sampler = Sampler.of("main")) {
                verdict = verification.verify(null, null);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Report.progress("verified %d events in %.1f s: %s", verdict.eventsChecked(), seconds, verdict.summary());
            if (!verdict.intact() || verdict.eventsChecked() != events) {
                throw new IllegalStateException("the bench's store did not verify: " + verdict.summary());
            }
            double rate = events / seconds;
            Report.row("verify: the whole audit chain, " + events + " events in " + checkpoints + " checkpoint(s), "
                            + "H2 (GET /api/audit/verify); sealing them: " + Report.rate(events / sealSeconds)
                            + " events/s",
                    Report.rate(rate) + " events/s (" + String.format("%.0f", seconds) + " s)",
                    "raw JDBC read of the same rows: " + Report.rate(raw) + " rows/s; with Jackson "
                            + "deserialization: " + Report.rate(deserialized) + " rows/s",
                    Report.ratio(rate, deserialized) + " of read+deserialize",
                    Report.Goal.atLeast(rate, GOAL, "events/s"));
        }
    }
}

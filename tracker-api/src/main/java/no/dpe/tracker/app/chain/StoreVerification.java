package no.dpe.tracker.app.chain;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Verifies the event table against its chains and the stored checkpoints ({@link ChainVerifier}), reading a page of
 * events at a time in global order, so that a store of millions of events is checked in little memory beyond one
 * entry per conversation.
 */
public final class StoreVerification {

    static final int PAGE = 1_000;

    private final JdbcTemplate jdbc;
    private final CheckpointStore checkpoints;
    private final X509Certificate certificate;

    public StoreVerification(JdbcTemplate jdbc, CheckpointStore checkpoints, X509Certificate certificate) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
        this.certificate = certificate;
    }

    /**
     * Every event, or those after checkpoint {@code from} and up to checkpoint {@code to}'s position, and the
     * checkpoints in between. {@code from}'s own signature and root are checked first, against the heads it stored.
     *
     * @throws UnknownCheckpointException when {@code from} or {@code to} names no checkpoint
     */
    public Verdict verify(Long from, Long to) {
        Checkpoint start = from == null ? null : checkpoints.find(from)
                .orElseThrow(() -> new UnknownCheckpointException(from));
        Checkpoint end = to == null ? null : checkpoints.find(to).orElseThrow(() -> new UnknownCheckpointException(to));
        List<Checkpoint> range = checkpoints.between(from == null ? 1 : from + 1, to == null ? Long.MAX_VALUE : to);
        ChainVerifier.Start begin = null;
        List<Finding> startFindings = new ArrayList<>();
        if (start != null) {
            Map<String, MerkleRoot.Leaf> heads = checkpoints.headsAt(start.number());
            if (!start.signedBy(certificate)) {
                startFindings.add(new Finding(Finding.Kind.CHECKPOINT_SIGNATURE, null, null, null, start.number(),
                        "its signature is not over its statement by our certificate"));
            }
            if (!MerkleRoot.of(List.copyOf(heads.values())).equals(start.root())) {
                startFindings.add(new Finding(Finding.Kind.CHECKPOINT_ROOT, null, null, null, start.number(),
                        "its stored heads do not give its root: they were changed"));
            }
            begin = new ChainVerifier.Start(start, heads);
        }
        ChainVerifier verifier = new ChainVerifier(range, checkpoints::headsOf, certificate, begin, false,
                checkpoints.origin());
        long upTo = end == null ? Long.MAX_VALUE : end.position().getIndex();
        if (start != null) {
            feed(verifier, StoredEvents.checked(StoredEvents.at(jdbc, start.position().getGaps())));
        }
        long after = start == null ? 0 : start.position().getIndex();
        // one thread reads the next page while every core parses and hashes this one, and this thread follows the
        // chains in order: reading, not hashing, is then what bounds it
        ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "audit-verify-reader");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<List<StoredEvents.Row>> next = reader.submit(() -> StoredEvents.after(jdbc, after, upTo, PAGE));
            while (next != null) {
                List<StoredEvents.Row> rows = next.get();
                next = rows.size() < PAGE ? null : reader.submit(() ->
                        StoredEvents.after(jdbc, rows.get(rows.size() - 1).position(), upTo, PAGE));
                feed(verifier, StoredEvents.checked(rows));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Verification was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure
                    : new IllegalStateException("Reading the event table failed", e.getCause());
        } finally {
            // not shutdownNow: interrupting a thread inside H2 can close its database file
            reader.shutdown();
        }
        Verdict verdict = verifier.finish();
        if (startFindings.isEmpty()) {
            return verdict;
        }
        List<Finding> all = new ArrayList<>(startFindings);
        all.addAll(verdict.findings());
        return new Verdict(false, "Broken: " + all.get(0), null, verdict.eventsChecked(),
                verdict.checkpointsChecked() + 1, verdict.unsealedEvents(), verdict.origin(), List.copyOf(all),
                all.get(0));
    }

    private static void feed(ChainVerifier verifier, StoredEvents.Checked checked) {
        for (int i = 0; i < checked.events().length; i++) {
            verifier.accept(checked.events()[i], checked.contentMatches()[i]);
        }
    }

    /**
     * One conversation: its chain, and each event a checkpoint sealed of it (present, unchanged, the checkpoint
     * signed). The checkpoints' roots, over every conversation, are checked by {@link #verify}.
     *
     * @return empty when there is no such conversation
     */
    public Optional<Verdict> verifyConversation(String conversationId) {
        List<StoredEvent> events = jdbc.query("SELECT " + StoredEvents.COLUMNS + " FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? ORDER BY global_index", (row, i) -> StoredEvents.fromRow(row),
                conversationId);
        if (events.isEmpty()) {
            return Optional.empty();
        }
        ChainVerifier chain = new ChainVerifier(List.of(), null, certificate, null, false, checkpoints.origin());
        events.forEach(chain::accept);
        Verdict chainVerdict = chain.finish();
        List<Finding> findings = new ArrayList<>(chainVerdict.findings());
        Map<Long, StoredEvent> bySequence = new HashMap<>();
        events.forEach(event -> bySequence.put(event.sequenceNumber(), event));
        long sealedUpTo = -1;
        Long newestSealing = null;
        for (CheckpointStore.SealedHead head : checkpoints.sealedHeadsOf(conversationId)) {
            Checkpoint checkpoint = head.checkpoint();
            StoredEvent event = bySequence.get(head.sequenceNumber());
            if (!checkpoint.signedBy(certificate)) {
                findings.add(new Finding(Finding.Kind.CHECKPOINT_SIGNATURE, conversationId, head.sequenceNumber(),
                        event == null ? null : event.position(), checkpoint.number(), "checkpoint "
                        + checkpoint.number() + " claims to seal this event, and its signature is not over its "
                        + "statement by our certificate: the checkpoint, and likely the event, were forged"));
                continue;
            } else if (event == null) {
                findings.add(new Finding(Finding.Kind.MISSING, conversationId, head.sequenceNumber(), null,
                        checkpoint.number(), "checkpoint " + checkpoint.number() + " sealed this event, which is not "
                        + "there"));
            } else if (!head.eventHash().equals(event.hash())) {
                findings.add(new Finding(Finding.Kind.REPLACED, conversationId, event.sequenceNumber(),
                        event.position(), checkpoint.number(), "it is not the event checkpoint "
                        + checkpoint.number() + " sealed (" + head.eventHash() + ")"));
            }
            sealedUpTo = Math.max(sealedUpTo, head.sequenceNumber());
            newestSealing = checkpoint.number();
        }
        Optional<Checkpoint> newest = checkpoints.newest();
        long unsealed = 0;
        for (StoredEvent event : events) {
            boolean covered = newest.isPresent() && newest.get().covers(event.position());
            if (covered && event.sequenceNumber() > sealedUpTo) {
                findings.add(new Finding(Finding.Kind.INSERTED, conversationId, event.sequenceNumber(),
                        event.position(), newest.get().number(), "its position is below checkpoint "
                        + newest.get().number() + "'s, which does not seal it: it was added after the checkpoint "
                        + "was sealed"));
            } else if (!covered) {
                unsealed++;
            }
        }
        if (findings.isEmpty()) {
            Long upTo = newest.map(Checkpoint::number).orElse(null);
            String summary = (upTo == null ? "Intact; no checkpoint seals it yet" : "Intact up to checkpoint " + upTo
                    + (newestSealing == null ? "" : " (its events last sealed by checkpoint " + newestSealing + ")"))
                    + (unsealed > 0 ? "; " + unsealed + " event(s) chained but not yet sealed" : "");
            return Optional.of(new Verdict(true, summary, upTo, events.size(), 0, unsealed, chainVerdict.origin(),
                    List.of(), null));
        }
        List<Finding> shown = findings.subList(0, Math.min(findings.size(), ChainVerifier.MAX_FINDINGS));
        return Optional.of(new Verdict(false, "Broken: " + findings.get(0), null, events.size(), 0, unsealed,
                chainVerdict.origin(), List.copyOf(shown), findings.get(0)));
    }
}

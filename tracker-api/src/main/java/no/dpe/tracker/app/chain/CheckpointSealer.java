package no.dpe.tracker.app.chain;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import no.dpe.tracker.app.eventstore.EventPosition;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals checkpoints (adr/0015-tamper-evident-history.md): reads the events stored since the newest checkpoint,
 * checks that each one's hash fits its content and its conversation's chain, and signs a statement of the position
 * reached and the Merkle root over every conversation's latest event. All in one transaction, with the new heads;
 * several nodes may try at once, and the checkpoint's number lets one of them win. An event that does not fit
 * stops the sealing: a checkpoint never vouches for a broken chain ({@link #problem()}).
 * <p>
 * Positions are gap-aware, as the audit export's are: a lower position not yet committed when the sealer read is
 * named in the checkpoint's position and sealed by a later one; a gap whose next event is older than
 * {@link EventPosition#GAP_TIMEOUT} is given up as a transaction that rolled back ({@link EventPosition#advance}).
 */
public final class CheckpointSealer {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSealer.class);

    /** The most events one checkpoint seals, so that one transaction stays bounded; the next follows at once. */
    static final int MAX_EVENTS = 100_000;
    private static final int CHUNK = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final CheckpointStore checkpoints;
    private final PrivateKey key;
    private final X509Certificate certificate;
    private final Clock clock;
    private final Duration interval;
    private final long eventsPerCheckpoint;
    private volatile String problem;

    public CheckpointSealer(JdbcTemplate jdbc, TransactionTemplate transaction, CheckpointStore checkpoints,
                            PrivateKey key, X509Certificate certificate, Clock clock, Duration interval,
                            long eventsPerCheckpoint) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.checkpoints = checkpoints;
        this.key = key;
        this.certificate = certificate;
        this.clock = clock;
        this.interval = interval;
        this.eventsPerCheckpoint = eventsPerCheckpoint;
    }

    /** Why the last attempt sealed nothing although events waited, or null when it sealed or had nothing to seal. */
    public String problem() {
        return problem;
    }

    /**
     * Seals when {@code checkpoint-events} events wait, or {@code checkpoint-interval} has passed since the newest
     * checkpoint and any event waits; as many checkpoints as it takes to seal them all.
     */
    public List<Checkpoint> sealIfDue() {
        Optional<Checkpoint> newest = checkpoints.newest();
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        if (head == null) {
            return List.of();
        }
        long sealedUpTo = newest.map(checkpoint -> checkpoint.position().getIndex()).orElse(0L);
        boolean waiting = head > sealedUpTo || newest.map(checkpoint -> checkpoint.position().hasGaps()).orElse(false);
        boolean due = head - sealedUpTo >= eventsPerCheckpoint
                || waiting && newest.map(checkpoint -> !checkpoint.sealedAt().plus(interval).isAfter(clock.instant()))
                .orElse(true);
        return due ? sealAll() : List.of();
    }

    /** Seals every event stored now, in as many checkpoints as {@link #MAX_EVENTS} needs. */
    public List<Checkpoint> sealAll() {
        List<Checkpoint> sealed = new ArrayList<>();
        Optional<Sealing> sealing;
        do {
            try {
                sealing = Optional.ofNullable(transaction.execute(status -> sealOnce()));
            } catch (SealedElsewhere e) {
                log.debug("{}", e.getMessage());
                break;
            }
            sealing.ifPresent(done -> sealed.add(done.checkpoint()));
        } while (sealing.isPresent() && sealing.get().events() == MAX_EVENTS);
        return sealed;
    }

    private record Sealing(Checkpoint checkpoint, int events) {
    }

    private record Head(long sequenceNumber, String hash) {
    }

    private Sealing sealOnce() {
        Optional<Checkpoint> newest = checkpoints.newest();
        if (newest.isPresent() && !newest.get().signedBy(certificate)) {
            return refuse("checkpoint " + newest.get().number() + " is not signed by our certificate: it was forged "
                    + "or changed, and no checkpoint is sealed on top of it");
        }
        GapAwareTrackingToken position = newest.map(Checkpoint::position)
                .orElse(GapAwareTrackingToken.newInstance(0, List.of()));
        List<StoredEvents.Row> rows = new ArrayList<>(StoredEvents.at(jdbc, position.getGaps()));
        rows.addAll(StoredEvents.after(jdbc, position.getIndex(), Long.MAX_VALUE, MAX_EVENTS - rows.size()));
        if (rows.isEmpty()) {
            problem = null;
            return null;
        }
        StoredEvents.Checked checked = StoredEvents.checked(rows);
        List<StoredEvent> events = List.of(checked.events());
        boolean[] contentMatches = checked.contentMatches();
        Map<String, Head> heads = headsOf(events);
        Map<String, Head> changed = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (int i = 0; i < events.size(); i++) {
            StoredEvent event = events.get(i);
            Head head = heads.get(event.aggregateIdentifier());
            String unfit = unfit(event, contentMatches[i], head);
            if (unfit != null) {
                return refuse("the event at position " + event.position() + " (conversation "
                        + event.aggregateIdentifier() + ", sequence " + event.sequenceNumber() + ") " + unfit
                        + "; nothing after it is sealed until it is explained");
            }
            Head next = new Head(event.sequenceNumber(), event.hash());
            heads.put(event.aggregateIdentifier(), next);
            changed.put(event.aggregateIdentifier(), next);
            position = EventPosition.advance(position, event.position(), event.timestamp(), now);
        }
        long number = newest.map(checkpoint -> checkpoint.number() + 1).orElse(1L);
        try {
            writeHeads(number, changed);
        } catch (DuplicateKeyException | ConcurrencyFailureException e) {
            // another node is sealing the same events: its heads are the same ones
            throw new SealedElsewhere(number);
        }
        List<MerkleRoot.Leaf> leaves = new ArrayList<>();
        jdbc.query("SELECT aggregate_identifier, sequence_number, event_hash FROM audit_chain_head",
                row -> {
                    leaves.add(new MerkleRoot.Leaf(row.getString(1), row.getLong(2), row.getString(3)));
                });
        // every conversation's leaf, hashed on every core
        List<MerkleRoot.Keyed> keyed = leaves.parallelStream().map(MerkleRoot::keyed)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        Checkpoint checkpoint = Checkpoint.seal(number, position, clock.instant(),
                newest.map(Checkpoint::events).orElse(0L) + events.size(), leaves.size(), MerkleRoot.ofKeyed(keyed),
                newest.map(Checkpoint::statementHash).orElse(null), key, certificate);
        try {
            jdbc.update("INSERT INTO audit_checkpoint (checkpoint_number, position_index, statement, signature) "
                    + "VALUES (?, ?, ?, ?)", number, position.getIndex(), checkpoint.statement(), checkpoint.signature());
        } catch (DuplicateKeyException | ConcurrencyFailureException e) {
            // another node sealed this number first; its transaction holds the same events
            throw new SealedElsewhere(number);
        }
        problem = null;
        log.info("Sealed checkpoint {}: {} event(s) up to position {}, {} conversation(s)", number, events.size(),
                position.getIndex(), leaves.size());
        return new Sealing(checkpoint, events.size());
    }

    /** Another node sealed the same number at the same time; this one's transaction rolls back. */
    static final class SealedElsewhere extends RuntimeException {
        SealedElsewhere(long number) {
            super("Checkpoint " + number + " was sealed by another node", null, false, false);
        }
    }

    private Sealing refuse(String why) {
        if (!why.equals(problem)) {
            log.error("Not sealing a checkpoint: {}", why);
        }
        problem = "Not sealing a checkpoint: " + why;
        return null;
    }

    private static String unfit(StoredEvent event, boolean contentMatchesHash, Head head) {
        if (event.hash() == null) {
            return "carries no hash";
        }
        if (!contentMatchesHash) {
            return "does not match its hash: it was changed after it was stored";
        }
        if (head == null) {
            return event.sequenceNumber() == 0 && event.previousHash() == null ? null
                    : "follows no sealed event of its conversation (sequence 0 expected, without a previous hash)";
        }
        if (event.sequenceNumber() != head.sequenceNumber() + 1) {
            return "follows sequence " + head.sequenceNumber() + " of its conversation";
        }
        return head.hash().equals(event.previousHash()) ? null
                : "is chained to " + event.previousHash() + ", not to the sealed sequence " + head.sequenceNumber();
    }

    private Map<String, Head> headsOf(List<StoredEvent> events) {
        List<String> ids = events.stream().map(StoredEvent::aggregateIdentifier).distinct().toList();
        Map<String, Head> heads = new HashMap<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            jdbc.query("SELECT aggregate_identifier, sequence_number, event_hash FROM audit_chain_head "
                            + "WHERE aggregate_identifier IN (" + String.join(",", Collections.nCopies(chunk.size(), "?"))
                            + ")",
                    row -> {
                        heads.put(row.getString(1), new Head(row.getLong(2), row.getString(3)));
                    }, chunk.toArray());
        }
        return heads;
    }

    private void writeHeads(long number, Map<String, Head> changed) {
        List<String> ids = new ArrayList<>(changed.keySet());
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            jdbc.update("DELETE FROM audit_chain_head WHERE aggregate_identifier IN ("
                    + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")", chunk.toArray());
        }
        List<Object[]> rows = new ArrayList<>(changed.size());
        changed.forEach((id, head) -> rows.add(new Object[] {id, head.sequenceNumber(), head.hash()}));
        jdbc.batchUpdate("INSERT INTO audit_chain_head (aggregate_identifier, sequence_number, event_hash) "
                + "VALUES (?, ?, ?)", rows);
        List<Object[]> sealed = new ArrayList<>(changed.size());
        changed.forEach((id, head) -> sealed.add(new Object[] {number, id, head.sequenceNumber(), head.hash()}));
        jdbc.batchUpdate("INSERT INTO audit_checkpoint_head (checkpoint_number, aggregate_identifier, "
                + "sequence_number, event_hash) VALUES (?, ?, ?, ?)", sealed);
    }
}

package no.dpe.tracker.app.chain;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongFunction;

import no.dpe.tracker.app.eventstore.EventPosition;

/**
 * Checks events, fed in global order, against their conversations' hash chains and against the signed checkpoints
 * (adr/0015-tamper-evident-history.md). The same code checks the database ({@link StoreVerification}) and an export
 * offline ({@link OfflineVerifier}).
 * <p>
 * Each event: its content must give its stored hash (else CHANGED, or REORDERED when the hash was made for another
 * sequence number); its sequence must follow the last one of its conversation (else MISSING); its stored previous
 * hash must be the hash of the event before it (else that event was REPLACED: changed, and its hash made anew).
 * Each checkpoint, once the events reach past its position: it must follow the one before it, be signed by our
 * certificate, and its root must be the Merkle root over every conversation's latest event it covers. When a root
 * differs, the checkpoint's stored heads name the conversation and event (MISSING, REPLACED, INSERTED).
 */
public final class ChainVerifier {

    public static final int MAX_FINDINGS = 100;
    /** How far from its sequence number an event's hash is looked for, to tell a moved event from a changed one. */
    private static final int REORDER_SEARCH = 1_000;

    private static final class Conversation {
        final String id;
        long chainSequence = -1;
        String chainHash;
        Long chainPosition;
        long sealedSequence = -1;
        String sealedHash;
        Long sealedPosition;
        /** The Merkle leaf of the sealed event, kept between checkpoints; null when it changed since. */
        MerkleRoot.Keyed leaf;

        Conversation(String id) {
            this.id = id;
        }
    }

    private final Iterator<Checkpoint> checkpoints;
    private final LongFunction<Map<String, MerkleRoot.Leaf>> headsOf;
    private final X509Certificate certificate;
    private final boolean partial;
    private final String origin;

    private final Map<String, Conversation> conversations = new HashMap<>();
    /** The conversations with a sealed event in the Merkle order, kept between checkpoints, and those new since. */
    private List<Conversation> sealedInOrder = new ArrayList<>();
    private final List<Conversation> newlySealed = new ArrayList<>();
    private final Set<String> changedSinceCheckpoint = new HashSet<>();
    private final List<StoredEvent> deferred = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private long findingCount;
    private Checkpoint pending;
    private long expectedNumber;
    private String previousStatementHash;
    private Long intactUpTo;
    private long events;
    private long checked;
    private long unsealed;
    private long lastPosition = Long.MIN_VALUE;

    /**
     * @param checkpoints   the checkpoints to check, in order
     * @param headsOf       the heads a checkpoint stored (its conversations' latest events that changed since the one
     *                      before), or null when not known: used to name what changed when a root differs
     * @param certificate   the certificate checkpoints must be signed with
     * @param start         where the events fed begin: null for the first event; else the checkpoint they follow,
     *                      already checked, with every conversation's latest event at it
     * @param partial       the events fed may begin in the middle of a conversation (an export of a time range)
     * @param origin        from where the chain holds, in words
     */
    public ChainVerifier(List<Checkpoint> checkpoints, LongFunction<Map<String, MerkleRoot.Leaf>> headsOf,
                         X509Certificate certificate, Start start, boolean partial, String origin) {
        this.checkpoints = checkpoints.iterator();
        this.headsOf = headsOf;
        this.certificate = certificate;
        this.partial = partial;
        this.origin = origin;
        if (start == null) {
            expectedNumber = 1;
        } else {
            expectedNumber = start.checkpoint().number() + 1;
            previousStatementHash = start.checkpoint().statementHash();
            intactUpTo = start.checkpoint().number();
            start.heads().forEach((id, leaf) -> {
                Conversation conversation = new Conversation(id);
                conversation.chainSequence = conversation.sealedSequence = leaf.sequenceNumber();
                conversation.chainHash = conversation.sealedHash = leaf.eventHash();
                conversations.put(id, conversation);
                newlySealed.add(conversation);
            });
        }
        pending = this.checkpoints.hasNext() ? this.checkpoints.next() : null;
    }

    /** A verification that begins after a checkpoint already checked, with the heads it sealed. */
    public record Start(Checkpoint checkpoint, Map<String, MerkleRoot.Leaf> heads) {
    }

    public void accept(StoredEvent event) {
        accept(event, event.contentMatchesHash());
    }

    /**
     * An event whose content was already checked against its hash ({@link StoredEvent#contentMatchesHash}), so that a
     * caller may check many on other threads while this one follows the chains in order.
     */
    public void accept(StoredEvent event, boolean contentMatchesHash) {
        if (event.position() <= lastPosition) {
            found(new Finding(Finding.Kind.INPUT, event.aggregateIdentifier(), event.sequenceNumber(),
                    event.position(), null, "position " + event.position() + " comes after position " + lastPosition
                    + ": the events are not in the order they were stored"));
            return;
        }
        lastPosition = event.position();
        events++;
        while (pending != null && event.position() > pending.position().getIndex()) {
            evaluate(pending);
            pending = checkpoints.hasNext() ? checkpoints.next() : null;
        }
        checkChain(event, contentMatchesHash);
        if (pending == null) {
            unsealed++;
        } else if (pending.position().getGaps().contains(event.position())) {
            deferred.add(event);
        } else {
            seal(event);
        }
    }

    /** Checks the checkpoints the events did not reach, and says what was found. */
    public Verdict finish() {
        while (pending != null) {
            evaluate(pending);
            pending = checkpoints.hasNext() ? checkpoints.next() : null;
        }
        unsealed += deferred.size();
        Finding first = findings.isEmpty() ? null : findings.get(0);
        String upTo = intactUpTo == null ? "no checkpoint" : "checkpoint " + intactUpTo;
        String summary;
        if (first == null) {
            summary = (intactUpTo == null ? "Intact; no checkpoint seals it yet" : "Intact up to " + upTo)
                    + (unsealed > 0 ? "; " + unsealed + " event(s) after it chained but not yet sealed" : "");
        } else {
            summary = "Broken: " + first + (intactUpTo == null ? "" : "; intact up to " + upTo);
        }
        return new Verdict(first == null, summary, intactUpTo, events, checked, unsealed, origin,
                List.copyOf(findings), first);
    }

    private void checkChain(StoredEvent event, boolean contentMatchesHash) {
        Conversation conversation = conversations.computeIfAbsent(event.aggregateIdentifier(), id -> new Conversation(id));
        long sequence = event.sequenceNumber();
        if (event.hash() == null) {
            found(finding(Finding.Kind.UNHASHED, event, "the event carries no hash"));
        } else if (!contentMatchesHash) {
            Long madeFor = sequenceTheHashWasMadeFor(event, conversation);
            if (madeFor != null) {
                found(finding(Finding.Kind.REORDERED, event, "its hash was made for sequence " + madeFor
                        + ": events of the conversation were swapped or renumbered"));
                sequence = madeFor;
            } else {
                found(finding(Finding.Kind.CHANGED, event, "its content does not give its hash: it was changed "
                        + "after it was stored"));
            }
        }
        long expected = conversation.chainSequence + 1;
        boolean first = conversation.chainSequence < 0;
        if (first && partial) {
            expected = sequence;
        }
        if (sequence > expected) {
            found(new Finding(Finding.Kind.MISSING, event.aggregateIdentifier(), expected, null, null,
                    (sequence - expected == 1 ? "sequence " + expected + " is" : "sequences " + expected + " to "
                            + (sequence - 1) + " are") + " missing before sequence " + sequence));
        } else if (sequence < expected) {
            found(finding(Finding.Kind.REORDERED, event, "sequence " + sequence + " comes after sequence "
                    + conversation.chainSequence + " of the same conversation"));
        } else if (!first && event.hash() != null && !Objects.equals(event.previousHash(), conversation.chainHash)) {
            found(new Finding(Finding.Kind.REPLACED, event.aggregateIdentifier(), conversation.chainSequence,
                    conversation.chainPosition, null, "its hash is " + conversation.chainHash + ", but sequence "
                    + sequence + " was chained to " + event.previousHash() + ": it was changed and hashed anew"));
        }
        conversation.chainSequence = Math.max(conversation.chainSequence, sequence);
        conversation.chainHash = event.hash();
        conversation.chainPosition = event.position();
    }

    private static Long sequenceTheHashWasMadeFor(StoredEvent event, Conversation conversation) {
        long limit = Math.max(event.sequenceNumber(), conversation.chainSequence) + 64;
        for (long candidate = Math.max(0, limit - REORDER_SEARCH); candidate <= limit; candidate++) {
            if (candidate != event.sequenceNumber()
                    && event.hash().equals(event.atSequence(candidate).computeHash(event.previousHash()))) {
                return candidate;
            }
        }
        return null;
    }

    private void seal(StoredEvent event) {
        Conversation conversation = conversations.get(event.aggregateIdentifier());
        if (conversation.sealedSequence < 0) {
            newlySealed.add(conversation);
        }
        conversation.sealedSequence = event.sequenceNumber();
        conversation.sealedHash = event.hash();
        conversation.sealedPosition = event.position();
        conversation.leaf = null;
        changedSinceCheckpoint.add(event.aggregateIdentifier());
    }

    private void evaluate(Checkpoint checkpoint) {
        for (Iterator<StoredEvent> late = deferred.iterator(); late.hasNext(); ) {
            StoredEvent event = late.next();
            if (!checkpoint.position().getGaps().contains(event.position())) {
                seal(event);
                late.remove();
            }
        }
        checked++;
        long before = findingCount;
        long number = checkpoint.number();
        if (number != expectedNumber) {
            found(checkpointFinding(Finding.Kind.CHECKPOINT_CHAIN, number, number > expectedNumber
                    ? "checkpoint " + expectedNumber + (number - expectedNumber > 1 ? " to " + (number - 1) : "")
                    + " missing before it" : "it comes after checkpoint " + (expectedNumber - 1)));
        } else if (!Objects.equals(checkpoint.previous(), previousStatementHash)) {
            found(checkpointFinding(Finding.Kind.CHECKPOINT_CHAIN, number, "it names " + checkpoint.previous()
                    + " as the checkpoint before it, which is " + previousStatementHash));
        }
        if (!checkpoint.signedBy(certificate)) {
            String why = "its signature is not over its statement by the certificate "
                    + Checkpoint.fingerprint(certificate) + ": the checkpoint was forged or changed";
            if (changedSinceCheckpoint.isEmpty()) {
                found(checkpointFinding(Finding.Kind.CHECKPOINT_SIGNATURE, number, why));
            }
            for (String id : changedSinceCheckpoint) {
                Conversation sealedBy = conversations.get(id);
                found(new Finding(Finding.Kind.CHECKPOINT_SIGNATURE, id, sealedBy.sealedSequence,
                        sealedBy.sealedPosition, number, "only checkpoint " + number + " seals this event, and " + why));
            }
        }
        mergeNewlySealed();
        List<MerkleRoot.Keyed> leaves = new ArrayList<>(sealedInOrder.size());
        for (Conversation conversation : sealedInOrder) {
            if (conversation.leaf == null) {
                conversation.leaf = MerkleRoot.keyed(new MerkleRoot.Leaf(conversation.id,
                        conversation.sealedSequence, conversation.sealedHash));
            }
            leaves.add(conversation.leaf);
        }
        if (!MerkleRoot.ofSorted(leaves).equals(checkpoint.root())) {
            pinpoint(checkpoint);
        }
        if (findingCount == before && before == 0) {
            intactUpTo = number;
        }
        expectedNumber = number + 1;
        previousStatementHash = checkpoint.statementHash();
        changedSinceCheckpoint.clear();
    }

    /** Sorts only the conversations sealed for the first time, and merges them in: not every id at every checkpoint. */
    private void mergeNewlySealed() {
        if (newlySealed.isEmpty()) {
            return;
        }
        newlySealed.sort((a, b) -> MerkleRoot.ORDER.compare(a.id, b.id));
        List<Conversation> merged = new ArrayList<>(sealedInOrder.size() + newlySealed.size());
        int i = 0;
        int j = 0;
        while (i < sealedInOrder.size() || j < newlySealed.size()) {
            if (j == newlySealed.size() || i < sealedInOrder.size()
                    && MerkleRoot.ORDER.compare(sealedInOrder.get(i).id, newlySealed.get(j).id) < 0) {
                merged.add(sealedInOrder.get(i++));
            } else {
                merged.add(newlySealed.get(j++));
            }
        }
        sealedInOrder = merged;
        newlySealed.clear();
    }

    private void pinpoint(Checkpoint checkpoint) {
        long number = checkpoint.number();
        Map<String, MerkleRoot.Leaf> heads = headsOf == null ? null : headsOf.apply(number);
        long before = findingCount;
        if (heads != null) {
            heads.forEach((id, sealed) -> {
                Conversation now = conversations.get(id);
                if (now == null || now.sealedSequence < sealed.sequenceNumber()) {
                    found(new Finding(Finding.Kind.MISSING, id, sealed.sequenceNumber(), null, number,
                            "checkpoint " + number + " sealed sequence " + sealed.sequenceNumber()
                                    + " of this conversation, which is not there"));
                } else if (now.sealedSequence > sealed.sequenceNumber()) {
                    found(new Finding(Finding.Kind.INSERTED, id, now.sealedSequence, now.sealedPosition, number,
                            "checkpoint " + number + " sealed this conversation at sequence "
                                    + sealed.sequenceNumber() + ": this event was added after it"));
                } else if (!sealed.eventHash().equals(now.sealedHash)) {
                    found(new Finding(Finding.Kind.REPLACED, id, now.sealedSequence, now.sealedPosition, number,
                            "it is not the event checkpoint " + number + " sealed (" + sealed.eventHash() + ")"));
                }
            });
            for (String id : changedSinceCheckpoint) {
                if (!heads.containsKey(id)) {
                    Conversation now = conversations.get(id);
                    found(new Finding(Finding.Kind.INSERTED, id, now.sealedSequence, now.sealedPosition, number,
                            "its position is below checkpoint " + number + "'s ("
                                    + EventPosition.id(checkpoint.position()) + "), which does not cover it: it was "
                                    + "added after the checkpoint was sealed"));
                }
            }
        }
        if (findingCount == before) {
            found(checkpointFinding(Finding.Kind.CHECKPOINT_ROOT, number, "its root " + checkpoint.root()
                    + " is not that of the events it covers" + (heads == null ? ""
                    : ", and its stored heads were changed to match them")));
        }
    }

    private void found(Finding finding) {
        findingCount++;
        if (findings.size() < MAX_FINDINGS) {
            findings.add(finding);
        }
    }

    private static Finding finding(Finding.Kind kind, StoredEvent event, String detail) {
        return new Finding(kind, event.aggregateIdentifier(), event.sequenceNumber(), event.position(), null, detail);
    }

    private static Finding checkpointFinding(Finding.Kind kind, long number, String detail) {
        return new Finding(kind, null, null, null, number, detail);
    }
}

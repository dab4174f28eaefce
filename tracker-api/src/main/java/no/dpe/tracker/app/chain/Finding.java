package no.dpe.tracker.app.chain;

/**
 * One broken link the verification found, naming the event or checkpoint.
 *
 * @param kind           what is wrong
 * @param conversationId the conversation (aggregate) of the event, or null for a checkpoint's own finding
 * @param sequence       the event's sequence number in its conversation, or null
 * @param position       the event's global position, or null when it is missing or unknown
 * @param checkpoint     the checkpoint concerned, or null
 * @param detail         what was found, in words
 */
public record Finding(Kind kind, String conversationId, Long sequence, Long position, Long checkpoint,
                      String detail) {

    public enum Kind {
        /** The event's content does not match its hash: it was changed after it was stored. */
        CHANGED,
        /** The event's hash was made for another sequence number: events were swapped or renumbered. */
        REORDERED,
        /** An event the chain or a checkpoint says was there is not. */
        MISSING,
        /** The event is not the one the next event was chained to: it was changed and its hash made anew. */
        REPLACED,
        /** An event a checkpoint does not cover although it should: added after the checkpoint was sealed. */
        INSERTED,
        /** The event carries no hash. */
        UNHASHED,
        /** A checkpoint's signature is not over its statement by our certificate. */
        CHECKPOINT_SIGNATURE,
        /** A checkpoint is missing, or does not name the one before it. */
        CHECKPOINT_CHAIN,
        /** A checkpoint's root differs from the events it covers, and the change could not be narrowed down. */
        CHECKPOINT_ROOT,
        /** The export or checkpoint file itself is not what it claims: cut off, out of order, or not ours. */
        INPUT
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(kind.name());
        if (conversationId != null) {
            text.append(" conversation ").append(conversationId);
        }
        if (sequence != null) {
            text.append(" sequence ").append(sequence);
        }
        if (position != null) {
            text.append(" position ").append(position);
        }
        if (checkpoint != null) {
            text.append(" checkpoint ").append(checkpoint);
        }
        return text.append(": ").append(detail).toString();
    }
}

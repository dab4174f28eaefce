package no.dpe.tracker.projections.state;

import java.time.Duration;
import java.time.Instant;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DocumentType;

/**
 * Who must act next for a message, in words support staff can act on ("SENDT for 2 hours: the receiver
 * 974720760 has not fetched it from Service Bus"). Worked out when asked, not stored, so "for 2 hours" is
 * true at the moment it is read.
 *
 * @param since when the message last changed: the wait began then
 */
public record WaitingOn(Party party, String explanation, Instant since) {

    /** Whom a message waits for. */
    public enum Party {
        /** Finished: nothing more is expected. */
        NOBODY,
        OUR_FAGSYSTEM,
        /** Our Service Bus gateway. */
        OUR_TRANSPORT,
        /** The receiver's integration point (it has to fetch the message from Service Bus). */
        RECEIVER,
        RECEIVER_FAGSYSTEM,
        /** The sender of an incoming message (it has to send it again). */
        SENDER,
        /** eInnsyn has to publish what it received and send its kvittering. */
        EINNSYN,
        /** Something failed; a person has to look at the reason. */
        SUPPORT
    }

    /**
     * What {@code message} waits for at {@code now}. A status owed to the sender that could not be sent back is said
     * too; once our side is done with the message, it is support's to look at.
     */
    public static WaitingOn of(MessageState message, Instant now) {
        WaitingOn waiting = ofStatus(message, now);
        StatusNotSentBack notSentBack = message.statusNotSentBack();
        if (notSentBack == null) {
            return waiting;
        }
        String unsent = notSentBack.status() + " could not be sent back to the sender " + message.sender() + " ("
                + notSentBack.reason() + "), so the sender will see its deadline pass";
        return waiting.party() == Party.NOBODY
                ? new WaitingOn(Party.SUPPORT, message.status() + " for "
                        + humanized(Duration.between(waiting.since(), now)) + ": " + unsent, waiting.since())
                : new WaitingOn(waiting.party(), waiting.explanation() + "; besides, " + unsent, waiting.since());
    }

    private static WaitingOn ofStatus(MessageState message, Instant now) {
        Instant since = message.lastUpdate();
        String prefix = message.status() + " for " + humanized(Duration.between(since, now)) + ": ";
        MessageStatus status = message.status();
        Kvittering kvittering = message.kvittering();
        if (kvittering != null && !kvittering.published()) {
            return new WaitingOn(Party.OUR_FAGSYSTEM, prefix + "eInnsyn did not publish it"
                    + (kvittering.warnings().isEmpty() ? "" : " (" + String.join("; ", kvittering.warnings()) + ")")
                    + "; it must be corrected and sent again", since);
        }
        if (status.finishes()) {
            if (awaitsPublishing(message)) {
                return new WaitingOn(Party.EINNSYN, prefix
                        + "eInnsyn has not published it yet (no kvittering has come)", since);
            }
            return new WaitingOn(Party.NOBODY, prefix + "nobody; the message is finished", since);
        }
        return switch (status) {
            case OPPRETTET -> message.queuedAt() == null
                    ? new WaitingOn(Party.OUR_FAGSYSTEM, prefix
                            + "our fagsystem has not sent it (waiting for its files and the send call)", since)
                    : new WaitingOn(Party.OUR_TRANSPORT, prefix
                            + "our transport has not published it to Service Bus (is Service Bus unreachable?)", since);
            case SENDT -> new WaitingOn(Party.RECEIVER, prefix + "the receiver " + message.receiver()
                    + " has not fetched it from Service Bus", since);
            case MOTTATT -> new WaitingOn(Party.RECEIVER_FAGSYSTEM, prefix + "the receiver " + message.receiver()
                    + " has it, but its fagsystem has not fetched and finished it", since);
            case INNKOMMENDE_MOTTATT -> new WaitingOn(Party.OUR_FAGSYSTEM, prefix
                    + "our fagsystem has not fetched it", since);
            case FEIL -> new WaitingOn(Party.SUPPORT, prefix + "it failed: " + reason(message), since);
            case LEVETID_UTLOPT -> message.direction() == Direction.OUTGOING
                    ? new WaitingOn(Party.OUR_FAGSYSTEM, prefix + "its deadline " + message.deadline()
                            + " passed before it was delivered; it must be sent again", since)
                    : new WaitingOn(Party.SENDER, prefix + "its deadline " + message.deadline()
                            + " passed before our fagsystem finished it; the sender " + message.sender()
                            + " must send it again", since);
            default -> throw new IllegalStateException("Unexpected current status " + status);
        };
    }

    /** A publisering is done for the sender once eInnsyn has answered with a kvittering. */
    private static boolean awaitsPublishing(MessageState message) {
        return message.direction() == Direction.OUTGOING && message.documentType() == DocumentType.PUBLISERING
                && message.kvittering() == null;
    }

    private static String reason(MessageState message) {
        for (int i = message.history().size() - 1; i >= 0; i--) {
            StatusChange change = message.history().get(i);
            if (change.status() == MessageStatus.FEIL) {
                return change.description() == null || change.description().isBlank()
                        ? "no reason was given (reported by " + change.source() + ")"
                        : change.description();
            }
        }
        return "no reason was given";
    }

    /** The largest whole unit: "45 seconds", "1 minute", "2 hours", "3 days". */
    static String humanized(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return plural(seconds, "second");
        }
        if (seconds < 3_600) {
            return plural(seconds / 60, "minute");
        }
        if (seconds < 2 * 86_400) {
            return plural(seconds / 3_600, "hour");
        }
        return plural(seconds / 86_400, "day");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}

package no.dpe.tracker.gateway;

import no.dpe.tracker.core.sbd.DocumentType;

/**
 * DPE's queue naming (dpe.md): one queue per organisation and mode, {@code nextbestqueue<orgnr><suffix>}.
 * Business messages go to the receiver's queue for their process; statuses to the receiver's receipt
 * queue; kvitteringer by what they refer to.
 */
public final class DpeQueues {

    private static final String PREFIX = "nextbestqueue";

    private final Mode receiptMode;

    /** @param receiptMode the suffix our statuses go to: {@code data} when we listen on {@code innsyn}, else {@code innsyn} */
    public DpeQueues(Mode receiptMode) {
        this.receiptMode = receiptMode;
    }

    /** The receipt mode the real integration point derives from its own mode. */
    public static Mode receiptModeFor(Mode ourMode) {
        return ourMode == Mode.INNSYN ? Mode.DATA : Mode.INNSYN;
    }

    public static String queue(String orgnr, Mode mode) {
        return PREFIX + orgnr + mode.suffix();
    }

    /**
     * The queue a message of ours to {@code receiver} goes to.
     *
     * @param referanseType for an einnsyn_kvittering: what it refers to ({@code innsynskrav} or {@code publisering})
     */
    public String queueFor(String receiver, DocumentType documentType, String referanseType) {
        return queue(receiver, switch (documentType) {
            case INNSYNSKRAV -> Mode.INNSYN;
            case PUBLISERING -> Mode.DATA;
            case STATUS -> receiptMode;
            case EINNSYN_KVITTERING -> "innsynskrav".equals(referanseType) ? Mode.DATA : Mode.INNSYN;
        });
    }

    public Mode receiptMode() {
        return receiptMode;
    }
}

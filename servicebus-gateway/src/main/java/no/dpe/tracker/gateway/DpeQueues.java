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
    private final boolean configured;

    /**
     * @param receiptMode the suffix our statuses go to: {@code data} when we listen on {@code innsyn}, else {@code innsyn}
     * @param configured  whether it was configured (the real one's receiptQueue), which sends kvitteringer there too
     */
    public DpeQueues(Mode receiptMode, boolean configured) {
        this.receiptMode = receiptMode;
        this.configured = configured;
    }

    /** The receipt mode the real integration point derives from its own mode. */
    public static Mode receiptModeFor(Mode ourMode) {
        return ourMode == Mode.INNSYN ? Mode.DATA : Mode.INNSYN;
    }

    public static String queue(String orgnr, Mode mode) {
        return PREFIX + orgnr + mode.suffix();
    }

    /**
     * The queue of a receiver's service record: its {@code endpointUrl} is the suffix.
     *
     * @throws IllegalArgumentException when the suffix is not one of DPE's queue modes
     */
    public static String queue(String orgnr, String suffix) {
        return queue(orgnr, Mode.of(suffix));
    }

    /**
     * The queue a receipt of ours to {@code receiver} goes to (business messages go where the receiver's service
     * record says). A status goes to the receipt queue; a kvittering by what it refers to, unless a receipt queue is
     * configured, as the real integration point does.
     *
     * @param referanseType for an einnsyn_kvittering: what it refers to ({@code innsynskrav} or {@code publisering})
     */
    public String receiptQueueFor(String receiver, DocumentType documentType, String referanseType) {
        return queue(receiver, switch (documentType) {
            case STATUS -> receiptMode;
            case EINNSYN_KVITTERING -> configured ? receiptMode
                    : "innsynskrav".equals(referanseType) ? Mode.DATA : Mode.INNSYN;
            case INNSYNSKRAV, PUBLISERING -> throw new IllegalArgumentException(
                    documentType.type() + " goes where the receiver's service record says, not to a receipt queue");
        });
    }

    public Mode receiptMode() {
        return receiptMode;
    }
}

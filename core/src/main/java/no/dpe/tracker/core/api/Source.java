package no.dpe.tracker.core.api;

/** Where a fact came from: auditors need to tell our own actions from what others reported. */
public enum Source {
    /** Our case-handling system, through the API. */
    FAGSYSTEM,
    /** The Service Bus transport (our gateway). */
    TRANSPORT,
    /** The counterpart's integration point, through a status or kvittering message. */
    COUNTERPART,
    /** A deadline that passed. */
    TIMER
}

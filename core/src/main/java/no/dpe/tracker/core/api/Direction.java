package no.dpe.tracker.core.api;

/** Which way a message travels, seen from our own organisation. */
public enum Direction {
    /** Created by our fagsystem and sent to a counterpart. */
    OUTGOING,
    /** Received from a counterpart over the transport. */
    INCOMING
}

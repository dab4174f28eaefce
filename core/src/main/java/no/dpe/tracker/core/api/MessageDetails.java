package no.dpe.tracker.core.api;

import java.time.Instant;
import java.util.Objects;

import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;

/**
 * What the history must remember about a message, taken from its SBD header when it was created or
 * received. Organisation numbers are kept as plain 9-digit strings so that an event written today reads
 * back even if validation rules change later.
 */
public record MessageDetails(
        DpeProcess process,
        DocumentType documentType,
        String sender,
        String receiver,
        Instant deadline) {

    public MessageDetails {
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(documentType, "documentType");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(receiver, "receiver");
        Objects.requireNonNull(deadline, "deadline");
    }
}

package no.dpe.tracker.core.api;

import java.time.Instant;
import java.util.Objects;

import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.core.sbd.OrganisationNumber;
import no.dpe.tracker.core.sbd.Sbd;

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

    /**
     * The details of a valid SBD.
     *
     * @param fallbackDeadline the deadline to record when the document names none (receipts usually don't)
     * @throws IllegalArgumentException when the document lacks a part that validation requires
     */
    public static MessageDetails of(Sbd sbd, Instant fallbackDeadline) {
        return new MessageDetails(
                sbd.process().orElseThrow(() -> new IllegalArgumentException("SBD has no DPE process")),
                sbd.documentType().orElseThrow(() -> new IllegalArgumentException("SBD has no DPE document type")),
                sbd.sender().map(OrganisationNumber::value)
                        .orElseThrow(() -> new IllegalArgumentException("SBD has no sender")),
                sbd.receiver().map(OrganisationNumber::value)
                        .orElseThrow(() -> new IllegalArgumentException("SBD has no receiver")),
                sbd.deadline().map(deadline -> deadline.toInstant()).orElse(fallbackDeadline));
    }
}

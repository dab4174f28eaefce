package no.dpe.tracker.projections.state;

import java.time.Instant;
import java.util.List;

/**
 * eInnsyn's answer to an outgoing message: whether it published it, and its validation warnings.
 *
 * @param status the kvittering's status object as JSON text, as eInnsyn sent it
 */
public record Kvittering(
        String kvitteringMessageId,
        String dokumentId,
        String referanseType,
        boolean published,
        List<String> warnings,
        String status,
        Instant occurredAt,
        Instant recordedAt) {

    public Kvittering {
        warnings = List.copyOf(warnings);
    }
}

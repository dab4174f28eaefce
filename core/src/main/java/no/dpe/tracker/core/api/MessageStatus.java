package no.dpe.tracker.core.api;

import java.util.Optional;

/**
 * The eFormidling statuses DPE uses (LEST and ANNET are not used by DPE).
 *
 * <p>Progress statuses are ranked within their direction: a lower one never moves a message's current
 * status back. FEIL and LEVETID_UTLOPT are outcomes outside the ranking. See ADR 0003.
 */
public enum MessageStatus {
    OPPRETTET(Direction.OUTGOING, 0),
    SENDT(Direction.OUTGOING, 1),
    MOTTATT(Direction.OUTGOING, 2),
    LEVERT(Direction.OUTGOING, 3),
    INNKOMMENDE_MOTTATT(Direction.INCOMING, 0),
    INNKOMMENDE_LEVERT(Direction.INCOMING, 1),
    FEIL(null, -1),
    LEVETID_UTLOPT(null, -1);

    private final Direction direction;
    private final int rank;

    MessageStatus(Direction direction, int rank) {
        this.direction = direction;
        this.rank = rank;
    }

    /** The direction this status belongs to; empty for FEIL and LEVETID_UTLOPT, which fit both. */
    public Optional<Direction> direction() {
        return Optional.ofNullable(direction);
    }

    /** A progress status is ranked; FEIL and LEVETID_UTLOPT are not. */
    public boolean isProgress() {
        return rank >= 0;
    }

    /** The rank among the progress statuses of the same direction; -1 for the others. */
    public int rank() {
        return rank;
    }

    /** LEVERT and INNKOMMENDE_LEVERT finish a message: nothing can expire it after that. */
    public boolean finishes() {
        return this == LEVERT || this == INNKOMMENDE_LEVERT;
    }
}

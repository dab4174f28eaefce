package no.dpe.tracker.app.eventstore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;

/**
 * A position in the event store that a client resumes after: the SSE id of an event ({@code Last-Event-ID}) and the
 * audit export's {@code resume}. It is the event's global index, so a resumed stream continues right after it. The
 * JDBC store's positions are gap-aware: an index below the last one may still be taken by a transaction that
 * commits later. Those gaps, rare and short-lived, follow the index after a colon ({@code 1042:1039,1040}), so a
 * resumed stream also delivers the events that fill them: no gap and no repeat. Clients treat the id as opaque.
 */
public final class EventPosition {

    /** How long a gap may still be filled by a transaction that commits late: Axon's JDBC store's default. */
    public static final Duration GAP_TIMEOUT = Duration.ofMinutes(1);
    /** The most gaps a position carries, the lowest dropped first: Axon's JDBC store's default. */
    public static final int MAX_GAP_OFFSET = 10_000;

    private EventPosition() {
    }

    /**
     * The position after the event at {@code index}, recorded at {@code recordedAt}: what a reader of the event table
     * in global order keeps. The gaps behind an event recorded longer than {@link #GAP_TIMEOUT} before {@code now} are
     * given up, as Axon's JDBC store gives them up: no transaction commits that late.
     */
    public static GapAwareTrackingToken advance(GapAwareTrackingToken position, long index, Instant recordedAt,
                                                Instant now) {
        return position.advanceTo(index, recordedAt.isBefore(now.minus(GAP_TIMEOUT)) ? 0 : MAX_GAP_OFFSET);
    }

    public static String id(TrackingToken token) {
        GapAwareTrackingToken position = (GapAwareTrackingToken) token;
        if (!position.hasGaps()) {
            return Long.toString(position.getIndex());
        }
        return position.getIndex() + ":" + position.getGaps().stream().map(String::valueOf)
                .collect(Collectors.joining(","));
    }

    /**
     * The position an id names.
     *
     * @throws IllegalArgumentException when it is not one of ours
     */
    public static GapAwareTrackingToken parse(String id) {
        String[] parts = id.trim().split(":", 2);
        try {
            long index = Long.parseLong(parts[0]);
            List<Long> gaps = new ArrayList<>();
            if (parts.length == 2 && !parts[1].isEmpty()) {
                for (String gap : parts[1].split(",")) {
                    gaps.add(Long.parseLong(gap));
                }
            }
            if (index < 0 || gaps.stream().anyMatch(gap -> gap < 0 || gap >= index)) {
                throw new IllegalArgumentException("positions are 0 or more, and gaps below the index");
            }
            return GapAwareTrackingToken.newInstance(index, gaps);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + id + "' is not an event id of this tracker");
        }
    }
}

package no.dpe.tracker.app.eventstore;

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

    private EventPosition() {
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

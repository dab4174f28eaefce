package no.dpe.tracker.projections;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Event positions as the event store's reader saw them moments ago, so that a streaming processor's read
 * models need not look up by identifier what the reader had in hand: the reader calls {@link #remember} for
 * each event it hands a processor, and only events it has not seen (or has forgotten) are looked up in the
 * event table. An identifier names one event for good, so a remembered position is never stale.
 *
 * <p>Memory is bounded: positions are kept in two generations of at most {@code generation} entries each; when
 * the newer one is full it becomes the older one and the older one is dropped. Processors read a few thousand
 * events ahead of their handlers at most, so a generation of tens of thousands keeps what they will ask for.
 */
public final class RecentEventPositions implements EventPositions {

    private final int generation;
    private final EventPositions fallback;
    private volatile Map<String, Long> newer = new ConcurrentHashMap<>();
    private volatile Map<String, Long> older = Map.of();

    public RecentEventPositions(int generation, EventPositions fallback) {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be at least 1, was " + generation);
        }
        this.generation = generation;
        this.fallback = fallback;
    }

    public void remember(String eventIdentifier, long position) {
        Map<String, Long> current = newer;
        current.put(eventIdentifier, position);
        if (current.size() >= generation) {
            synchronized (this) {
                if (newer == current) {
                    older = current;
                    newer = new ConcurrentHashMap<>();
                }
            }
        }
    }

    @Override
    public Map<String, Long> of(Collection<String> eventIdentifiers) {
        Map<String, Long> positions = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String identifier : eventIdentifiers) {
            Long position = recalled(identifier);
            if (position != null) {
                positions.put(identifier, position);
            } else {
                unknown.add(identifier);
            }
        }
        if (!unknown.isEmpty()) {
            positions.putAll(fallback.of(unknown));
        }
        return positions;
    }

    private Long recalled(String eventIdentifier) {
        Long position = newer.get(eventIdentifier);
        return position != null ? position : older.get(eventIdentifier);
    }
}

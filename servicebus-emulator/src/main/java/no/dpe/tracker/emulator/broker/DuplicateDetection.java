package no.dpe.tracker.emulator.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The MessageIds a queue has seen within its duplicate-detection window, oldest first. */
final class DuplicateDetection {

    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    /** Whether {@code messageId} was seen within {@code window}; if not, it is remembered from {@code now}. */
    boolean isDuplicate(String messageId, Duration window, Instant now) {
        if (window == null || messageId == null) {
            return false;
        }
        Instant horizon = now.minus(window);
        Iterator<Instant> oldest = seen.values().iterator();
        while (oldest.hasNext() && oldest.next().isBefore(horizon)) {
            oldest.remove();
        }
        if (seen.containsKey(messageId)) {
            return true;
        }
        seen.put(messageId, now);
        return false;
    }

    /** When each remembered MessageId was first seen, oldest first. */
    Map<String, Instant> seen() {
        return Collections.unmodifiableMap(seen);
    }

    /** Remembers a MessageId seen before a restart; calls must come oldest first, as {@link #seen} lists them. */
    void remember(String messageId, Instant seenAt) {
        seen.put(messageId, seenAt);
    }
}

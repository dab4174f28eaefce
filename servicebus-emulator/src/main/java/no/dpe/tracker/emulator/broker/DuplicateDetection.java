package no.dpe.tracker.emulator.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;

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
}

package no.dpe.tracker.app.events;

import java.util.HashMap;
import java.util.Map;

import no.dpe.tracker.app.problem.ClientError;

/**
 * Counts the open event streams, by user and in all, and admits a new one only below both caps: each stream holds a
 * thread reading the event store, so one client opening streams in a loop must not take them all. A stream is
 * counted from when it is admitted until it ends, however it ends.
 */
public class EventSubscribers {

    private final int perUser;
    private final int total;
    private final Map<String, Integer> open = new HashMap<>();
    private int all;

    EventSubscribers(int perUser, int total) {
        this.perUser = perUser;
        this.total = total;
    }

    /**
     * Counts a new stream of {@code user}'s.
     *
     * @return what ends the count when the stream ends
     * @throws ClientError 429 when the user has {@code perUser} streams open, 503 when all streams are taken
     */
    public synchronized Runnable admit(String user) {
        int users = open.getOrDefault(user, 0);
        if (users >= perUser) {
            throw ClientError.tooMany("max-subscribers-per-user", user + " has " + users + " event streams open, "
                    + "the most one caller may have; close one first");
        }
        if (all >= total) {
            throw ClientError.unavailable("max-subscribers", "All " + total + " event streams this tracker serves "
                    + "are open; try again later");
        }
        open.put(user, users + 1);
        all++;
        boolean[] released = {false};
        return () -> release(user, released);
    }

    private synchronized void release(String user, boolean[] released) {
        if (released[0]) {
            return;
        }
        released[0] = true;
        open.computeIfPresent(user, (name, count) -> count > 1 ? count - 1 : null);
        all--;
    }

    synchronized int open() {
        return all;
    }
}

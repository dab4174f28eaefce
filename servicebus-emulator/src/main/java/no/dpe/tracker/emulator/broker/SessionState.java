package no.dpe.tracker.emulator.broker;

import java.time.Instant;

/** A session of a session-enabled queue: who holds its lock, until when, and the state receivers keep in it. */
final class SessionState {

    final String id;
    Consumer holder;
    Instant lockedUntil;
    byte[] state;

    SessionState(String id) {
        this.id = id;
    }

    boolean isLockedAt(Instant now) {
        return holder != null && now.isBefore(lockedUntil);
    }
}

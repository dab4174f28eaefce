package no.dpe.tracker.emulator.broker;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The sessions of a session-enabled queue: which consumer holds which session, until when, and their state. */
final class Sessions {

    private final Map<String, SessionState> byId = new HashMap<>();
    private final Map<Consumer, SessionState> byHolder = new HashMap<>();

    boolean isLocked(String sessionId, Instant now) {
        SessionState session = byId.get(sessionId);
        return session != null && session.isLockedAt(now);
    }

    void lock(String sessionId, Consumer holder, Instant until) {
        SessionState session = byId.computeIfAbsent(sessionId, SessionState::new);
        session.holder = holder;
        session.lockedUntil = until;
        byHolder.put(holder, session);
    }

    /** The session {@code consumer} holds, or {@code null}. */
    String heldBy(Consumer consumer) {
        SessionState session = byHolder.get(consumer);
        return session == null ? null : session.id;
    }

    /** Until when the session's lock holds, or {@code null} when no one holds it. */
    Instant lockedUntil(String sessionId) {
        SessionState session = byId.get(sessionId);
        return session == null ? null : session.lockedUntil;
    }

    void renew(String sessionId, Instant until) {
        byId.get(sessionId).lockedUntil = until;
    }

    /** Frees the session {@code consumer} holds; returns its id, or {@code null} if it held none. */
    String release(Consumer consumer) {
        SessionState session = byHolder.remove(consumer);
        if (session == null) {
            return null;
        }
        session.holder = null;
        session.lockedUntil = null;
        return session.id;
    }

    /** The consumers whose session lock has run out. */
    List<Consumer> expiredHolders(Instant now) {
        return byHolder.entrySet().stream()
                .filter(held -> !now.isBefore(held.getValue().lockedUntil))
                .map(Map.Entry::getKey)
                .toList();
    }

    byte[] state(String sessionId) {
        SessionState session = byId.get(sessionId);
        return session == null ? null : session.state;
    }

    void setState(String sessionId, byte[] state) {
        byId.computeIfAbsent(sessionId, SessionState::new).state = state;
    }

    /** The sessions that hold a state, by id; who holds their locks is not part of it. */
    Map<String, byte[]> states() {
        Map<String, byte[]> states = new LinkedHashMap<>();
        byId.values().stream()
                .filter(session -> session.state != null)
                .forEach(session -> states.put(session.id, session.state));
        return states;
    }
}

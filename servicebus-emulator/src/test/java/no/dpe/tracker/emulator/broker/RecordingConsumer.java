package no.dpe.tracker.emulator.broker;

import java.util.ArrayList;
import java.util.List;

/** A receiver as the broker sees it, keeping what it was given, with credit the test sets. */
final class RecordingConsumer implements Consumer {

    final List<MessageSnapshot> received = new ArrayList<>();
    final List<String> lostSessions = new ArrayList<>();
    int credit;

    RecordingConsumer(int credit) {
        this.credit = credit;
    }

    @Override
    public int credit() {
        return credit;
    }

    @Override
    public boolean settlesOnDelivery() {
        return false;
    }

    @Override
    public void deliver(MessageSnapshot message) {
        credit--;
        received.add(message);
    }

    @Override
    public void sessionLockLost(String sessionId) {
        lostSessions.add(sessionId);
    }
}

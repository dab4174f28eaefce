package no.dpe.tracker.projections;

/**
 * An event of a conversation that has events waiting in the dead-letter queue: it is parked behind them rather than
 * handled before them.
 */
public class ParkedConversationException extends RuntimeException {

    public ParkedConversationException(String conversationId) {
        super("Conversation " + conversationId + " has events parked as dead letters; this one waits behind them");
    }
}

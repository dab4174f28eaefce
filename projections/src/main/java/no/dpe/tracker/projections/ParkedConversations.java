package no.dpe.tracker.projections;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.axonframework.eventhandling.EventMessage;

/**
 * The conversations whose events wait in a processor's dead-letter queue. A read model that writes a batch at a time
 * ({@link EventBatch}) parks here the conversation whose rows it could not write, and holds back the later events of
 * a parked conversation, so that they are handled in order when the letters are retried.
 */
public interface ParkedConversations {

    /** For a read model outside an application (a test): nothing is parked, and a batch that cannot be written fails. */
    ParkedConversations NONE = new ParkedConversations() {
        @Override
        public Set<String> among(String processingGroup, Collection<String> conversationIds) {
            return Set.of();
        }

        @Override
        public boolean canPark() {
            return false;
        }

        @Override
        public void park(String processingGroup, String conversationId, List<EventMessage<?>> events,
                         Throwable cause) {
            throw new UnsupportedOperationException("nowhere to park " + conversationId, cause);
        }
    };

    /** Those of the conversations that have events parked in the processing group's dead-letter queue. */
    Set<String> among(String processingGroup, Collection<String> conversationIds);

    boolean canPark();

    /**
     * Parks the events (in the order given) as dead letters of the processing group, in the processor's transaction,
     * with the failure that kept them from being written. Events parked already are left where they are.
     */
    void park(String processingGroup, String conversationId, List<EventMessage<?>> events, Throwable cause);
}

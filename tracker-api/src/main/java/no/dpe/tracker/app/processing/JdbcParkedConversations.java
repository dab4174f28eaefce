package no.dpe.tracker.app.processing;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import no.dpe.tracker.projections.ParkedConversations;
import no.dpe.tracker.projections.Sql;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read models' view of the processors' dead-letter queues ({@code dead_letter_entry}): a conversation is parked
 * while a processor has letters for it, keyed, as the processors sequence their events, by conversationId.
 */
class JdbcParkedConversations implements ParkedConversations {

    private final JdbcTemplate jdbc;
    // the queues belong to the processors, which Axon builds after the read models it hands events to
    private final ObjectProvider<EventProcessingConfiguration> processing;

    JdbcParkedConversations(JdbcTemplate jdbc, ObjectProvider<EventProcessingConfiguration> processing) {
        this.jdbc = jdbc;
        this.processing = processing;
    }

    @Override
    public Set<String> among(String processingGroup, Collection<String> conversationIds) {
        Set<String> parked = new HashSet<>();
        for (List<String> chunk : Sql.chunks(List.copyOf(conversationIds))) {
            Object[] args = new Object[chunk.size() + 1];
            args[0] = processingGroup;
            for (int i = 0; i < chunk.size(); i++) {
                args[i + 1] = chunk.get(i);
            }
            parked.addAll(jdbc.queryForList("SELECT DISTINCT sequence_identifier FROM dead_letter_entry "
                    + "WHERE processing_group = ? AND sequence_identifier IN (" + Sql.placeholders(chunk.size()) + ")",
                    String.class, args));
        }
        return parked;
    }

    @Override
    public boolean canPark() {
        return true;
    }

    @Override
    public void park(String processingGroup, String conversationId, List<EventMessage<?>> events, Throwable cause) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = processing.getObject().deadLetterQueue(processingGroup)
                .orElseThrow(() -> new IllegalStateException("Processor " + processingGroup
                        + " has no dead-letter queue to park conversation " + conversationId + " in", cause));
        for (EventMessage<?> event : events) {
            Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter_entry WHERE processing_group = ? "
                    + "AND event_identifier = ?", Integer.class, processingGroup, event.getIdentifier());
            if (known == null || known == 0) {
                queue.enqueue(conversationId, new GenericDeadLetter<EventMessage<?>>(conversationId, event)
                        .withCause(ThrowableCause.truncated(cause)));
            }
        }
    }
}

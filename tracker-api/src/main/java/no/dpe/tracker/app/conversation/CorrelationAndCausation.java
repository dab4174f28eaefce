package no.dpe.tracker.app.conversation;

import java.util.HashMap;
import java.util.Map;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Puts {@value #CORRELATION_ID} and {@value #CAUSATION_ID} in the metadata of every message a handler
 * sends: the causation id is the id of the message that caused it, the correlation id that of the first
 * message of the chain (an HTTP request's command, a Service Bus delivery). Auditors follow a story
 * through the history with them; Axon's own provider uses names that read the other way round.
 */
class CorrelationAndCausation implements CorrelationDataProvider {

    static final String CORRELATION_ID = "correlationId";
    static final String CAUSATION_ID = "causationId";

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Map<String, Object> data = new HashMap<>();
        data.put(CAUSATION_ID, message.getIdentifier());
        Object correlation = message.getMetaData().get(CORRELATION_ID);
        data.put(CORRELATION_ID, correlation != null ? correlation : message.getIdentifier());
        return data;
    }
}

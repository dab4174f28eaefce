package no.dpe.tracker.app.actor;

import java.util.HashMap;
import java.util.Map;

import no.dpe.tracker.core.api.Actor;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

/**
 * Copies a command's actor keys ({@link Actor#KEYS}) onto the events it raises. Only from commands: an event
 * processor that sends a command in answer to an event is an actor of its own (the tracker), and says so, rather
 * than inheriting the user whose event it answers; the correlation id still leads back to that user's command.
 */
public class ActorCorrelation implements CorrelationDataProvider {

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        if (!(message instanceof CommandMessage<?>)) {
            return Map.of();
        }
        Map<String, Object> data = new HashMap<>();
        for (String key : Actor.KEYS) {
            Object value = message.getMetaData().get(key);
            if (value != null) {
                data.put(key, value);
            }
        }
        return data;
    }
}

package no.dpe.tracker.app.events;

import no.dpe.tracker.projections.EventPositions;
import no.dpe.tracker.projections.message.MessageIndex;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

    @Bean
    MessageEvents messageEvents(MessageIndex index, EventPositions positions) {
        return new MessageEvents(index, positions);
    }

    @Bean
    EventSubscribers eventSubscribers(@Value("${dpe.tracker.events.max-subscribers-per-user}") int perUser,
                                      @Value("${dpe.tracker.events.max-subscribers}") int total) {
        return new EventSubscribers(perUser, total);
    }

    @Bean
    EventStream eventStream(EventStore eventStore, MessageEvents events) {
        return new EventStream(eventStore, events);
    }
}

package no.dpe.tracker.app.events;

import no.dpe.tracker.projections.EventPositions;
import no.dpe.tracker.projections.message.MessageIndex;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

    @Bean
    MessageEvents messageEvents(MessageIndex index, EventPositions positions) {
        return new MessageEvents(index, positions);
    }

    @Bean
    EventStream eventStream(EventStore eventStore, MessageEvents events) {
        return new EventStream(eventStore, events);
    }
}

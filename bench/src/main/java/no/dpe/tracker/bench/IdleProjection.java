package no.dpe.tracker.bench;

import java.util.concurrent.atomic.LongAdder;

import no.dpe.tracker.core.api.ConversationEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A projection that takes every conversation event (deserialized, with its sequence number) and writes
 * nothing. Replaying it through a streaming processor configured like the tracker's own measures what Axon's
 * processor costs by itself: reading the events, deserializing them, units of work, tokens and transactions.
 * No projection that writes anything can replay faster on the same machine.
 */
@ProcessingGroup(IdleProjection.PROCESSING_GROUP)
final class IdleProjection {

    static final String PROCESSING_GROUP = "bench-idle";

    private final LongAdder handled = new LongAdder();

    @EventHandler
    void on(ConversationEvent event, @SequenceNumber Long sequence) {
        if (event.conversationId() != null && sequence != null) {
            handled.increment();
        }
    }

    long handled() {
        return handled.sum();
    }

    /** Replays the processor from the first event, as Projections.rebuild does for the tracker's projections. */
    static void replay(StreamingEventProcessor processor) {
        processor.shutDown();
        processor.resetTokens();
        processor.start();
    }

    /** Added to the tracker's application context by the replay phase. */
    @Configuration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        IdleProjection benchIdleProjection() {
            return new IdleProjection();
        }
    }
}

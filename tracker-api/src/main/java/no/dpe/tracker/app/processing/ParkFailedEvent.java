package no.dpe.tracker.app.processing;

import java.util.function.Supplier;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a processor that commits each event on its own (batch size 1): a failure when its transaction commits is that
 * event's, and it is parked like a handler's failure. This matters because a command a handler sends joins the
 * processor's unit of work, and its events are stored, and the message index updated, only when that commits: a
 * failure there is not the handler's to see. An outage is thrown on, and the processor tries the event again.
 */
final class ParkFailedEvent implements ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ParkFailedEvent.class);

    private final String processingGroup;
    private final Supplier<SequencedDeadLetterQueue<EventMessage<?>>> queue;

    ParkFailedEvent(String processingGroup, Supplier<SequencedDeadLetterQueue<EventMessage<?>>> queue) {
        this.processingGroup = processingGroup;
        this.queue = queue;
    }

    @Override
    public void handleError(ErrorContext context) throws Exception {
        Throwable error = context.error();
        if (DeadLetterPolicy.isOutage(error) || context.failedEvents().size() != 1
                || !(context.failedEvents().get(0) instanceof DomainEventMessage<?> event)) {
            if (error instanceof Error fatal) {
                throw fatal;
            }
            throw (Exception) error;
        }
        String conversationId = event.getAggregateIdentifier();
        // the processor's transaction is over: the queue stores the letter in one of its own
        queue.get().enqueue(conversationId, new GenericDeadLetter<EventMessage<?>>(conversationId, event)
                .withCause(ThrowableCause.truncated(error)));
        log.error("{} parked event {} of conversation {}: it failed when committed", processingGroup,
                event.getIdentifier(), conversationId, error);
    }
}

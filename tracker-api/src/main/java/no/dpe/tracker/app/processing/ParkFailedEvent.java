package no.dpe.tracker.app.processing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.ErrorContext;
import org.axonframework.eventhandling.ErrorHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For a processor whose commands join its unit of work (the outbound publisher): a failure when its batch records
 * or commits is parked like a handler's failure. This matters because a command a handler sends joins the
 * processor's unit of work, and its events are stored, and the message index updated, only when that commits: a
 * failure there is not the handler's to see. An outage is thrown on, and the processor tries the batch again.
 *
 * <p>A batch of one event parks that event. A larger batch's failure names no event, so the batch's events are
 * parked by conversation and each conversation is then handled again on its own, in a transaction of its own, through
 * the dead-letter queue: those that go through leave the queue, and only the conversation that fails again stays
 * parked. A conversation that was parked already is left behind its parked events, as the invoker leaves it.
 */
final class ParkFailedEvent implements ErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ParkFailedEvent.class);

    private final String processingGroup;
    private final Supplier<SequencedDeadLetterQueue<EventMessage<?>>> queue;
    private final Supplier<SequencedDeadLetterProcessor<EventMessage<?>>> retry;

    ParkFailedEvent(String processingGroup, Supplier<SequencedDeadLetterQueue<EventMessage<?>>> queue,
                    Supplier<SequencedDeadLetterProcessor<EventMessage<?>>> retry) {
        this.processingGroup = processingGroup;
        this.queue = queue;
        this.retry = retry;
    }

    @Override
    public void handleError(ErrorContext context) throws Exception {
        Throwable error = context.error();
        List<? extends EventMessage<?>> failed = context.failedEvents();
        if (DeadLetterPolicy.isOutage(error) || failed.isEmpty()
                || !failed.stream().allMatch(DomainEventMessage.class::isInstance)) {
            if (error instanceof Error fatal) {
                throw fatal;
            }
            throw (Exception) error;
        }
        SequencedDeadLetterQueue<EventMessage<?>> letters = queue.get();
        Set<String> parkedBefore = new HashSet<>();
        Set<String> conversations = new LinkedHashSet<>();
        for (EventMessage<?> event : failed) {
            String conversationId = ((DomainEventMessage<?>) event).getAggregateIdentifier();
            if (conversations.add(conversationId) && letters.contains(conversationId)) {
                parkedBefore.add(conversationId);
            }
        }
        // the processor's transaction is over: the queue stores the letters in one of its own
        for (EventMessage<?> event : failed) {
            String conversationId = ((DomainEventMessage<?>) event).getAggregateIdentifier();
            letters.enqueue(conversationId, new GenericDeadLetter<EventMessage<?>>(conversationId, event)
                    .withCause(ThrowableCause.truncated(error)));
        }
        if (failed.size() == 1) {
            log.error("{} parked event {} of conversation {}: it failed when committed", processingGroup,
                    failed.get(0).getIdentifier(), conversations.iterator().next(), error);
            return;
        }
        conversations.removeAll(parkedBefore);
        List<String> stillParked = new ArrayList<>();
        for (String conversationId : conversations) {
            boolean handled;
            try {
                handled = retry.get().process(letter -> conversationId.equals(
                        ((DomainEventMessage<?>) letter.message()).getAggregateIdentifier()));
            } catch (RuntimeException failedWhenCommitted) {
                // Axon reports a sequence whose own commit failed by throwing; its letters were rolled back with it
                handled = false;
            }
            if (!handled) {
                stillParked.add(conversationId);
            }
        }
        log.error("{}: a batch of {} events failed when committed; handled again conversation by conversation, "
                        + "parked {}", processingGroup, failed.size(), stillParked.isEmpty() ? "none" : stillParked,
                error);
    }
}

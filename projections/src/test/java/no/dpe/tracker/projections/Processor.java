package no.dpe.tracker.projections;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import no.dpe.tracker.core.api.ConversationEvent;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

/**
 * Hands events to a read model as Axon's pooled streaming processor does: through the read model's annotated
 * handlers, a batch at a time in one {@link BatchingUnitOfWork}, whose commit runs the read model's
 * prepare-commit work. Only the event store and the transaction are left out: an event's identifier here is
 * its global position, and the tests' databases commit each statement.
 */
public final class Processor {

    private final AnnotationEventHandlerAdapter handlers;

    public Processor(Object readModel) {
        this.handlers = new AnnotationEventHandlerAdapter(readModel);
    }

    /** The event as the event store would hand it out: at this position and sequence, recorded at that instant. */
    public static DomainEventMessage<ConversationEvent> event(long position, long sequence, ConversationEvent event,
                                                               Instant recordedAt) {
        return new GenericDomainEventMessage<>("Conversation", event.conversationId(), sequence, event,
                MetaData.emptyInstance(), String.valueOf(position), recordedAt);
    }

    /** The identifiers' positions, as {@link EventPositions#fromEventTable} would find them for {@link #event}. */
    public static EventPositions positions() {
        return identifiers -> identifiers.stream()
                .collect(java.util.stream.Collectors.toMap(id -> id, Long::parseLong, (a, b) -> a));
    }

    /** Handles the events in one batch and commits it; a handler's failure is thrown. */
    public void handle(List<? extends EventMessage<?>> batch) {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(new ArrayList<>(batch));
        ResultMessage<Object> result = unitOfWork.executeWithResult(() -> {
            handlers.handle(unitOfWork.getMessage());
            return null;
        });
        if (result.isExceptional()) {
            throw new IllegalStateException("The batch failed", result.exceptionResult());
        }
    }

    @SafeVarargs
    public final void handle(EventMessage<?>... batch) {
        handle(List.of(batch));
    }

    public void reset() {
        handlers.prepareReset();
    }
}

package no.dpe.tracker.projections;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * What a read model keeps for the batch of events a streaming processor hands it in one transaction, so that
 * it reads what it needs once per batch and writes what changed once per batch, instead of a few statements per
 * event. The processor's {@link BatchingUnitOfWork} holds every event of the batch (those of the segment being
 * processed) from the start, so the read model can load all the rows the batch will touch in one query.
 *
 * <p>The work is written in the unit of work's prepare-commit phase: inside the processor's transaction,
 * together with its token, or not at all.
 */
public final class EventBatch {

    private EventBatch() {
    }

    /**
     * The batch's work for the read model {@code name}: opened from the batch's events on the first event
     * handled, and flushed once before the unit of work commits.
     */
    public static <T> T of(UnitOfWork<?> unitOfWork, String name, Function<List<EventMessage<?>>, T> open,
                           Consumer<T> flush) {
        UnitOfWork<?> root = unitOfWork.root();
        return root.getOrComputeResource(EventBatch.class.getName() + "." + name, key -> {
            T work = open.apply(events(root));
            root.onPrepareCommit(committing -> flush.accept(work));
            return work;
        });
    }

    /** Every event of the unit of work: the batch, or the one event of an unbatched unit of work. */
    static List<EventMessage<?>> events(UnitOfWork<?> unitOfWork) {
        List<? extends Message<?>> messages = unitOfWork instanceof BatchingUnitOfWork<?> batch
                ? batch.getMessages() : List.of(unitOfWork.getMessage());
        return messages.stream()
                .filter(EventMessage.class::isInstance)
                .<EventMessage<?>>map(message -> (EventMessage<?>) message)
                .toList();
    }
}

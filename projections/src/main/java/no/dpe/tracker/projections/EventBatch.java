package no.dpe.tracker.projections;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.sql.DataSource;

import no.dpe.tracker.core.api.ConversationEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a read model keeps for the batch of events a streaming processor hands it in one transaction, so that
 * it reads what it needs once per batch and writes what changed once per batch, instead of a few statements per
 * event. The processor's {@link BatchingUnitOfWork} holds every event of the batch (those of the segment being
 * processed) from the start, so the read model can load all the rows the batch will touch in one query.
 *
 * <p>The work is written in the unit of work's prepare-commit phase: inside the processor's transaction,
 * together with its token, or not at all. An event a handler fails on is parked by the processor's dead-letter
 * queue; a batch whose rows cannot be written would fail again on every retry, so a read model that writes by
 * conversation ({@link ConversationWork}) is written in a savepoint, and when that fails (for another reason than an
 * outage) conversation by conversation, each in a savepoint of its own: the conversation that still fails is parked
 * ({@link ParkedConversations}) with the batch's events of it, and the others are written.
 */
public final class EventBatch {

    private static final Logger log = LoggerFactory.getLogger(EventBatch.class);

    /** A read model's work for one batch, which it can write for some of the batch's conversations at a time. */
    public interface ConversationWork {

        /** Writes what the batch changed in the conversations {@code which} accepts. */
        void write(Predicate<String> which);
    }

    private EventBatch() {
    }

    /**
     * The batch's work for the read model {@code name}: opened from the batch's events on the first event
     * handled, and flushed once before the unit of work commits.
     */
    public static <T> T of(UnitOfWork<?> unitOfWork, String name, Function<List<EventMessage<?>>, T> open,
                           Consumer<T> flush) {
        UnitOfWork<?> batch = batchOf(unitOfWork);
        return batch.getOrComputeResource(EventBatch.class.getName() + "." + name, key -> {
            T work = open.apply(events(batch));
            batch.onPrepareCommit(committing -> flush.accept(work));
            return work;
        });
    }

    /**
     * As {@link #of(UnitOfWork, String, Function, Consumer)}, for work written by conversation: a conversation whose
     * rows cannot be written is parked instead of failing the batch for good.
     */
    public static <T extends ConversationWork> T of(UnitOfWork<?> unitOfWork, String name,
                                                    Function<List<EventMessage<?>>, T> open, JdbcTemplate jdbc,
                                                    ParkedConversations parked) {
        UnitOfWork<?> batch = batchOf(unitOfWork);
        return of(unitOfWork, name, open, work -> {
            if (isDeadLetterRetry(unitOfWork) || !parked.canPark()) {
                // a retried letter that fails again stays parked: the dead-letter queue sees the failure
                work.write(conversation -> true);
            } else {
                writeOrPark(work, name, events(batch), jdbc.getDataSource(), parked);
            }
        });
    }

    /**
     * True while the processor retries a parked event (in a unit of work of the letter's own, nested in the retry's),
     * rather than handling the event stream.
     */
    public static boolean isDeadLetterRetry(UnitOfWork<?> unitOfWork) {
        for (UnitOfWork<?> each = unitOfWork; each != null; each = each.parent().orElse(null)) {
            if (each.resources().containsKey(DeadLetter.class.getName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The unit of work the batch belongs to: the processor's batching one, or, for an event handled on its own (a
     * retried dead letter), the event's own unit of work.
     */
    private static UnitOfWork<?> batchOf(UnitOfWork<?> unitOfWork) {
        for (UnitOfWork<?> each = unitOfWork; each != null; each = each.parent().orElse(null)) {
            if (each instanceof BatchingUnitOfWork<?>) {
                return each;
            }
        }
        return unitOfWork;
    }

    private static void writeOrPark(ConversationWork work, String name, List<EventMessage<?>> events,
                                    DataSource dataSource, ParkedConversations parked) {
        RuntimeException batchFailure;
        try {
            Sql.inSavepoint(dataSource, () -> work.write(conversation -> true));
            return;
        } catch (RuntimeException failure) {
            if (Outages.isOutage(failure)) {
                throw failure;
            }
            batchFailure = failure;
        }
        log.warn("{} could not write its batch of {} events; writing it conversation by conversation",
                name, events.size(), batchFailure);
        for (Map.Entry<String, List<EventMessage<?>>> conversation : byConversation(events).entrySet()) {
            try {
                Sql.inSavepoint(dataSource, () -> work.write(conversation.getKey()::equals));
            } catch (RuntimeException failure) {
                if (Outages.isOutage(failure)) {
                    throw failure;
                }
                log.error("{} parks conversation {}: its rows cannot be written", name, conversation.getKey(),
                        failure);
                parked.park(name, conversation.getKey(), conversation.getValue(), failure);
            }
        }
    }

    private static Map<String, List<EventMessage<?>>> byConversation(List<EventMessage<?>> events) {
        Map<String, List<EventMessage<?>>> conversations = new LinkedHashMap<>();
        for (EventMessage<?> event : events) {
            if (event.getPayload() instanceof ConversationEvent conversationEvent) {
                conversations.computeIfAbsent(conversationEvent.conversationId(), id -> new ArrayList<>()).add(event);
            }
        }
        return conversations;
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

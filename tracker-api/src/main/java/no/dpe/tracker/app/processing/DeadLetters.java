package no.dpe.tracker.app.processing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.api.ConversationEvent;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.http.HttpStatus;

/**
 * The processors' dead letters: events a handler failed on, parked with the later events of their conversation (the
 * sequence). An administrator looks at them, retries a sequence once its cause is mended (the events are handled
 * again, in order, and leave the queue as they succeed), or evicts it (the processor will never handle those events).
 */
public class DeadLetters {

    /** A parked event. */
    public record Letter(String id, String eventIdentifier, String eventType, String messageId, Instant recordedAt,
                         Instant enqueuedAt, Instant lastTouched, String causeType, String causeMessage) {
    }

    /** A conversation's parked events in one processor, in the order they must be handled. */
    public record Sequence(String processor, String sequence, List<Letter> letters) {
    }

    /** What a retry did. */
    public record Retried(String processor, String sequence, boolean succeeded, long remaining) {
    }

    private final EventProcessingConfiguration processing;
    private final List<String> processors;

    public DeadLetters(EventProcessingConfiguration processing, List<String> processors) {
        this.processing = processing;
        this.processors = List.copyOf(processors);
    }

    /** Every parked sequence, processor by processor. */
    public List<Sequence> all() {
        List<Sequence> sequences = new ArrayList<>();
        for (String processor : processors) {
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue(processor).deadLetters()) {
                List<Letter> letters = new ArrayList<>();
                String sequenceId = null;
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    sequenceId = sequenceOf(letter);
                    letters.add(letter(letter));
                }
                if (!letters.isEmpty()) {
                    sequences.add(new Sequence(processor, sequenceId, letters));
                }
            }
        }
        return sequences;
    }

    public Sequence sequence(String processor, String sequence) {
        List<Letter> letters = new ArrayList<>();
        queue(processor).deadLetterSequence(sequence).forEach(letter -> letters.add(letter(letter)));
        if (letters.isEmpty()) {
            throw new UnknownDeadLetterException(processor + " has no dead letters for " + sequence);
        }
        return new Sequence(processor, sequence, letters);
    }

    /** The number of parked events per processor that has any. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String processor : processors) {
            long size = queue(processor).size();
            if (size > 0) {
                counts.put(processor, size);
            }
        }
        return counts;
    }

    /** Handles the sequence's events again, in order, until one fails again (it stays parked with the rest). */
    public Retried retry(String processor, String sequence) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor);
        if (!queue.contains(sequence)) {
            throw new UnknownDeadLetterException(processor + " has no dead letters for " + sequence);
        }
        SequencedDeadLetterProcessor<EventMessage<?>> letters = processing.sequencedDeadLetterProcessor(processor)
                .orElseThrow(() -> new UnknownDeadLetterException("No dead-letter queue for processor " + processor));
        boolean succeeded;
        try {
            succeeded = letters.process(letter -> sequence.equals(sequenceOf(letter)));
        } catch (RuntimeException failedWhenCommitted) {
            // Axon throws when the sequence's handling went through but its transaction did not commit (the outbound
            // publisher's commands join it); the letters were rolled back with it and are still parked
            if (DeadLetterPolicy.isOutage(failedWhenCommitted)) {
                throw failedWhenCommitted;
            }
            succeeded = false;
        }
        return new Retried(processor, sequence, succeeded, queue.sequenceSize(sequence));
    }

    /** Drops the sequence's parked events: the processor will not handle them. Returns how many there were. */
    public long evict(String processor, String sequence) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(processor);
        List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
        queue.deadLetterSequence(sequence).forEach(letters::add);
        if (letters.isEmpty()) {
            throw new UnknownDeadLetterException(processor + " has no dead letters for " + sequence);
        }
        letters.forEach(queue::evict);
        return letters.size();
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String processor) {
        if (!processors.contains(processor)) {
            throw new UnknownDeadLetterException("No dead-letter queue for processor " + processor
                    + "; the processors with one are " + processors);
        }
        return processing.deadLetterQueue(processor)
                .orElseThrow(() -> new UnknownDeadLetterException("No dead-letter queue for processor " + processor));
    }

    private static String sequenceOf(DeadLetter<?> letter) {
        return letter instanceof JdbcDeadLetter<?> jdbc ? jdbc.getSequenceIdentifier() : null;
    }

    private static Letter letter(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        Object payload = event.getPayload();
        return new Letter(letter instanceof JdbcDeadLetter<?> jdbc ? jdbc.getIdentifier() : null,
                event.getIdentifier(), event.getPayloadType().getSimpleName(),
                payload instanceof ConversationEvent conversationEvent ? conversationEvent.messageId() : null,
                event.getTimestamp(), letter.enqueuedAt(), letter.lastTouched(),
                letter.cause().map(Cause::type).orElse(null), letter.cause().map(Cause::message).orElse(null));
    }

    /** No such processor, or no parked events in that sequence: a 404 problem wherever it is asked for. */
    public static class UnknownDeadLetterException extends ClientError {
        UnknownDeadLetterException(String message) {
            super(HttpStatus.NOT_FOUND, "not-found", message, List.of());
        }
    }
}

package no.dpe.tracker.app.transport;

import java.util.List;
import java.util.Optional;

import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.gateway.deadletter.DeadLetterQueues;

/**
 * The Service Bus dead letters of the queues we receive on, as an administrator acts on them (the API's
 * {@code /api/admin/servicebus/dead-letters} and the console's dead-letter page): a letter that is not there is a
 * 404 problem saying whether the queue or the number is unknown.
 */
public class ServiceBusDeadLetters {

    private final DeadLetterQueues queues;

    ServiceBusDeadLetters(DeadLetterQueues queues) {
        this.queues = queues;
    }

    public List<DeadLetterQueues.Letter> list() {
        return queues.list();
    }

    /** Puts the letter back on its queue under a MessageId of its own. */
    public DeadLetterQueues.Letter resubmit(String queue, long sequenceNumber) {
        return found(queues.resubmit(queue, sequenceNumber), queue, sequenceNumber);
    }

    public DeadLetterQueues.Letter discard(String queue, long sequenceNumber) {
        return found(queues.discard(queue, sequenceNumber), queue, sequenceNumber);
    }

    private DeadLetterQueues.Letter found(Optional<DeadLetterQueues.Letter> letter, String queue, long number) {
        return letter.orElseThrow(() -> ClientError.notFound(queues.queues().contains(queue)
                ? "The dead-letter queue of " + queue + " holds no message " + number
                + " (among its first " + DeadLetterQueues.MOST_SCANNED + ")"
                : "We receive on no queue " + queue + "; ours are " + queues.queues()));
    }
}

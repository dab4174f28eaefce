package no.dpe.tracker.app.transport;

import java.util.List;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.gateway.deadletter.DeadLetterQueues;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The Service Bus dead-letter queues of the queues we receive on, for an administrator (ADMIN, like everything
 * under /api/admin): {@code GET} lists what lies there and why, {@code POST .../resubmit} puts a message back on
 * its queue to be taken again (once what refused it is mended: a status that came before its message, say), and
 * {@code DELETE} discards it.
 */
@RestController
@RequestMapping("/api/admin/servicebus/dead-letters")
class ServiceBusDeadLetterController {

    private final ServiceBusDeadLetters deadLetters;
    private final Blocking blocking;

    ServiceBusDeadLetterController(ServiceBusDeadLetters deadLetters, Blocking blocking) {
        this.deadLetters = deadLetters;
        this.blocking = blocking;
    }

    @GetMapping
    Mono<List<DeadLetterQueues.Letter>> list() {
        return blocking.call(deadLetters::list);
    }

    @PostMapping("/{queue}/{sequenceNumber}/resubmit")
    Mono<DeadLetterQueues.Letter> resubmit(@PathVariable String queue, @PathVariable String sequenceNumber) {
        long number = sequenceNumber(sequenceNumber);
        return blocking.call(() -> deadLetters.resubmit(queue, number));
    }

    @DeleteMapping("/{queue}/{sequenceNumber}")
    Mono<DeadLetterQueues.Letter> discard(@PathVariable String queue, @PathVariable String sequenceNumber) {
        long number = sequenceNumber(sequenceNumber);
        return blocking.call(() -> deadLetters.discard(queue, number));
    }

    private static long sequenceNumber(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ClientError.invalid("sequenceNumber", "number", "The sequence number must be a whole number, not '"
                    + text + "'");
        }
    }
}

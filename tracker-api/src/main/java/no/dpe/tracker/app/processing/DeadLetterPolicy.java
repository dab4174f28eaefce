package no.dpe.tracker.app.processing;

import no.dpe.tracker.gateway.outbound.PublishException;
import no.dpe.tracker.gateway.registry.ServiceRegistryUnavailableException;
import no.dpe.tracker.projections.Outages;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;

/**
 * What becomes of an event its handler failed on. A failure of the event's own (a rule, bad data, a bug) parks it as
 * a dead letter, and with it every later event of its conversation, so the processor goes on with the others and
 * the conversation's order is kept for when the letter is retried. An outage ({@link #isOutage}) is not the event's
 * fault and parks nothing: the failure is thrown on, so the processor rolls its batch back and tries it again
 * later, as it did before dead letters existed. A parked letter retried during an outage stays parked.
 */
final class DeadLetterPolicy implements EnqueuePolicy<EventMessage<?>> {

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable failure) {
        // a retried letter whose own handling went through, but whose sequence then failed to commit, comes with none
        Throwable cause = failure != null ? failure
                : new IllegalStateException("Handled, but failed when its conversation's events were committed");
        if (!isOutage(cause)) {
            return Decisions.enqueue(ThrowableCause.truncated(cause));
        }
        if (letter instanceof JdbcDeadLetter<?>) {
            return Decisions.requeue(ThrowableCause.truncated(cause));
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw new OutageException(cause);
    }

    /**
     * The transport's failures as the publisher judged them, the service registry's absence as an outage; the rest as
     * {@link Outages} does.
     */
    static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof PublishException publish) {
                return !publish.isPermanent();
            }
            if (cause instanceof ServiceRegistryUnavailableException) {
                return true;
            }
        }
        return Outages.isOutage(failure);
    }

    /** A checked outage, carried out of the policy so that the processor sees the batch fail. */
    static final class OutageException extends RuntimeException {
        OutageException(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }
}

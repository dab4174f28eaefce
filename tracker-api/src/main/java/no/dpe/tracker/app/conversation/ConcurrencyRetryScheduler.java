package no.dpe.tracker.app.conversation;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.common.ExceptionUtils;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a command that clashed with another on the same conversation (two nodes, or two threads, appended
 * the same sequence number). The retry reloads the conversation and decides again, so an idempotent
 * command that lost the race simply finds its work done. Every other failure is the caller's to see: a
 * rule the conversation refuses must never be retried.
 *
 * <p>Only a command that ran in a transaction of its own is retried here. One sent from inside another unit of work
 * (an event processor's batch) shared that unit's transaction, which the clash may have aborted (PostgreSQL aborts a
 * transaction at its first failed statement): retrying in it would fail again for that reason alone. Its failure
 * goes to the outer unit of work, which is rolled back and retried whole.
 */
class ConcurrencyRetryScheduler implements RetryScheduler {

    private static final Logger log = LoggerFactory.getLogger(ConcurrencyRetryScheduler.class);

    private final int maxRetries;

    ConcurrencyRetryScheduler(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (!CurrentUnitOfWork.isStarted()
                && !ExceptionUtils.isExplicitlyNonTransient(lastFailure)
                && isClash(lastFailure)
                && failures.size() <= maxRetries) {
            log.debug("Retrying {} after a clash on its conversation (attempt {})",
                    commandMessage.getCommandName(), failures.size());
            // a short random pause spreads out the competitors
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000L, 10_000_000L * failures.size()));
            commandDispatch.run();
            return true;
        }
        return false;
    }

    /**
     * A clash is a ConcurrencyException (both appended the same sequence number to an existing conversation)
     * or, when both created the conversation at once, Axon's AggregateStreamCreationException: every command
     * of ours is create-if-missing, so the loser's retry finds the conversation and appends to it.
     */
    private static boolean isClash(RuntimeException failure) {
        return ExceptionUtils.findException(failure, ConcurrencyException.class).isPresent()
                || ExceptionUtils.findException(failure, AggregateStreamCreationException.class).isPresent();
    }
}

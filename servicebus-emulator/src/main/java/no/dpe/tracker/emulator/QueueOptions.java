package no.dpe.tracker.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * How a queue (or a topic subscription) behaves. The defaults are Azure's: a 60 s lock, ten deliveries,
 * messages live until consumed, no duplicate detection, no sessions.
 *
 * @param lockDuration how long a peek-locked message stays invisible to other receivers
 * @param maxDeliveryCount how many deliveries a message gets before it is dead-lettered
 * @param defaultTimeToLive the longest a message lives; {@code null} for no limit
 * @param deadLetteringOnExpiration whether expired messages go to the dead-letter queue rather than vanish
 * @param duplicateDetectionWindow how long a MessageId is remembered; {@code null} turns duplicate detection off
 * @param requiresSession whether every message must carry a SessionId and receivers must lock a session
 */
public record QueueOptions(
        Duration lockDuration,
        int maxDeliveryCount,
        Duration defaultTimeToLive,
        boolean deadLetteringOnExpiration,
        Duration duplicateDetectionWindow,
        boolean requiresSession) {

    public QueueOptions {
        Objects.requireNonNull(lockDuration, "lockDuration");
        requirePositive(lockDuration, "lockDuration");
        if (maxDeliveryCount < 1) {
            throw new IllegalArgumentException("maxDeliveryCount must be at least 1, was " + maxDeliveryCount);
        }
        if (defaultTimeToLive != null) {
            requirePositive(defaultTimeToLive, "defaultTimeToLive");
        }
        if (duplicateDetectionWindow != null) {
            requirePositive(duplicateDetectionWindow, "duplicateDetectionWindow");
        }
    }

    public static QueueOptions defaults() {
        return new QueueOptions(Duration.ofSeconds(60), 10, null, false, null, false);
    }

    public QueueOptions withLockDuration(Duration lockDuration) {
        return new QueueOptions(lockDuration, maxDeliveryCount, defaultTimeToLive, deadLetteringOnExpiration,
                duplicateDetectionWindow, requiresSession);
    }

    public QueueOptions withMaxDeliveryCount(int maxDeliveryCount) {
        return new QueueOptions(lockDuration, maxDeliveryCount, defaultTimeToLive, deadLetteringOnExpiration,
                duplicateDetectionWindow, requiresSession);
    }

    public QueueOptions withDefaultTimeToLive(Duration defaultTimeToLive) {
        return new QueueOptions(lockDuration, maxDeliveryCount, defaultTimeToLive, deadLetteringOnExpiration,
                duplicateDetectionWindow, requiresSession);
    }

    public QueueOptions withDeadLetteringOnExpiration(boolean deadLetteringOnExpiration) {
        return new QueueOptions(lockDuration, maxDeliveryCount, defaultTimeToLive, deadLetteringOnExpiration,
                duplicateDetectionWindow, requiresSession);
    }

    public QueueOptions withDuplicateDetection(Duration duplicateDetectionWindow) {
        return new QueueOptions(lockDuration, maxDeliveryCount, defaultTimeToLive, deadLetteringOnExpiration,
                duplicateDetectionWindow, requiresSession);
    }

    public QueueOptions withRequiresSession(boolean requiresSession) {
        return new QueueOptions(lockDuration, maxDeliveryCount, defaultTimeToLive, deadLetteringOnExpiration,
                duplicateDetectionWindow, requiresSession);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}

package no.dpe.tracker.app.chain;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The settings of the hash chain's checkpoints and self-check ({@code dpe.tracker.audit.*}).
 *
 * @param checkpointInterval a checkpoint is sealed this long after the newest one, when any event waits
 * @param checkpointEvents   or as soon as this many events wait
 * @param sealPollInterval   how often the sealer looks whether a checkpoint is due
 * @param selfCheckInterval  how often the whole store is verified (health {@code auditChain}, metric
 *                           {@code dpe.audit.chain.intact}); the first check runs this long after start, or at
 *                           {@code self-check-first} if that is shorter
 * @param selfCheckFirst     how long after start the first self-check runs
 */
@ConfigurationProperties("dpe.tracker.audit")
public record AuditProperties(Duration checkpointInterval, Long checkpointEvents, Duration sealPollInterval,
                              Duration selfCheckInterval, Duration selfCheckFirst) {

    public AuditProperties {
        checkpointInterval = checkpointInterval == null ? Duration.ofMinutes(1) : checkpointInterval;
        checkpointEvents = checkpointEvents == null ? 10_000L : checkpointEvents;
        sealPollInterval = sealPollInterval == null ? Duration.ofSeconds(5) : sealPollInterval;
        selfCheckInterval = selfCheckInterval == null ? Duration.ofHours(1) : selfCheckInterval;
        selfCheckFirst = selfCheckFirst == null ? Duration.ofMinutes(1) : selfCheckFirst;
    }
}

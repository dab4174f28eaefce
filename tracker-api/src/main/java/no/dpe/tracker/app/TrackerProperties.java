package no.dpe.tracker.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

import no.dpe.tracker.core.sbd.OrganisationNumber;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The tracker's own settings, bound from {@code dpe.tracker.*}. Their defaults and documentation live in
 * {@code application.yml}; this record only refuses values the tracker cannot run with, so a bad setting
 * stops the start-up instead of surfacing later.
 *
 * @param dataDir            where the embedded H2 database keeps its files
 * @param organisationNumber the organisation this tracker acts for (nine digits)
 * @param defaultDeadline    how long a message may take to be delivered when its SBD names no deadline
 * @param processorBatchSize how many events a streaming processor handles per transaction (and token write)
 * @param processorSegments  how many segments a new streaming processor's events are split into
 * @param aggregateCache     whether conversations stay in memory between commands (one node only)
 * @param messageSizeLimit   the most an outgoing message's files may come to together (DPE: 2 MB)
 * @param rebuildPageSize    how many events a bulk rebuild of a read model writes per transaction
 */
@ConfigurationProperties(prefix = "dpe.tracker")
public record TrackerProperties(
        Path dataDir,
        String organisationNumber,
        Duration defaultDeadline,
        int processorBatchSize,
        int processorSegments,
        boolean aggregateCache,
        DataSize messageSizeLimit,
        int rebuildPageSize) {

    public TrackerProperties {
        Objects.requireNonNull(dataDir, "dpe.tracker.data-dir must be set");
        Objects.requireNonNull(organisationNumber, "dpe.tracker.organisation-number must be set");
        if (!OrganisationNumber.isValid(organisationNumber)) {
            throw new IllegalArgumentException("dpe.tracker.organisation-number must be nine digits with a valid "
                    + "modulus-11 check digit, was '" + organisationNumber + "'");
        }
        Objects.requireNonNull(defaultDeadline, "dpe.tracker.default-deadline must be set");
        if (defaultDeadline.isNegative() || defaultDeadline.isZero()) {
            throw new IllegalArgumentException(
                    "dpe.tracker.default-deadline must be positive, was " + defaultDeadline);
        }
        if (processorBatchSize < 1) {
            throw new IllegalArgumentException(
                    "dpe.tracker.processor-batch-size must be at least 1, was " + processorBatchSize);
        }
        Objects.requireNonNull(messageSizeLimit, "dpe.tracker.message-size-limit must be set");
        if (processorSegments < 1) {
            throw new IllegalArgumentException(
                    "dpe.tracker.processor-segments must be at least 1, was " + processorSegments);
        }
        if (rebuildPageSize < 1) {
            throw new IllegalArgumentException(
                    "dpe.tracker.rebuild-page-size must be at least 1, was " + rebuildPageSize);
        }
    }
}

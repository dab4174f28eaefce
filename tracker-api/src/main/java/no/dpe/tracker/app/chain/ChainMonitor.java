package no.dpe.tracker.app.chain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import no.dpe.tracker.app.Poller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.SmartLifecycle;

/**
 * Seals checkpoints when due and verifies the whole store now and then, on a thread of its own; reports both as the
 * health component {@code auditChain} (WARNING, not DOWN, when the chain is broken or sealing stopped: the tracker
 * works, someone must look) and the gauges {@code dpe.audit.chain.intact} (1 or 0; absent before the first check)
 * and {@code dpe.audit.checkpoint} (the newest checkpoint's number).
 */
public final class ChainMonitor implements SmartLifecycle, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ChainMonitor.class);

    private final CheckpointSealer sealer;
    private final StoreVerification verification;
    private final CheckpointStore checkpoints;
    private final AuditProperties properties;
    private final Clock clock;
    private volatile Verdict lastVerdict;
    private volatile Instant lastChecked;
    private volatile Instant nextCheck;
    private volatile long newestCheckpoint;
    private Poller poller;

    public ChainMonitor(CheckpointSealer sealer, StoreVerification verification, CheckpointStore checkpoints,
                        AuditProperties properties, Clock clock, MeterRegistry meters) {
        this.sealer = sealer;
        this.verification = verification;
        this.checkpoints = checkpoints;
        this.properties = properties;
        this.clock = clock;
        Gauge.builder("dpe.audit.chain.intact", this, monitor -> monitor.lastVerdict == null ? Double.NaN
                        : monitor.lastVerdict.intact() ? 1 : 0)
                .description("1 when the last self-check found every conversation's hash chain and every checkpoint "
                        + "intact, 0 when it found a broken link")
                .register(meters);
        Gauge.builder("dpe.audit.checkpoint", this, monitor -> monitor.newestCheckpoint)
                .description("The newest signed checkpoint's number")
                .register(meters);
    }

    /** Verifies the whole store now, and remembers the verdict for health and metrics. */
    public Verdict selfCheck() {
        Verdict verdict = verification.verify(null, null);
        lastVerdict = verdict;
        lastChecked = clock.instant();
        if (!verdict.intact()) {
            log.error("The audit chain's self-check found a broken link: {}", verdict.summary());
        }
        return verdict;
    }

    private void tick() {
        sealer.sealIfDue();
        newestCheckpoint = checkpoints.newest().map(Checkpoint::number).orElse(0L);
        if (!clock.instant().isBefore(nextCheck)) {
            nextCheck = clock.instant().plus(properties.selfCheckInterval());
            selfCheck();
        }
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        Verdict verdict = lastVerdict;
        if (verdict != null) {
            details.put("lastSelfCheck", lastChecked.toString());
            details.put("verdict", verdict.summary());
        } else {
            details.put("verdict", "not checked yet; the first self-check runs " + properties.selfCheckFirst()
                    + " after start");
        }
        String problem = sealer.problem();
        if (problem != null) {
            details.put("sealing", problem);
        }
        boolean broken = verdict != null && !verdict.intact() || problem != null;
        return (broken ? Health.status(new Status("WARNING", "The audit chain has a broken link; see "
                + "/api/audit/verify")) : Health.up()).withDetails(details).build();
    }

    @Override
    public void start() {
        Duration first = properties.selfCheckFirst().compareTo(properties.selfCheckInterval()) < 0
                ? properties.selfCheckFirst() : properties.selfCheckInterval();
        nextCheck = clock.instant().plus(first);
        poller = Poller.start("audit-chain", properties.sealPollInterval(), this::tick);
    }

    @Override
    public void stop() {
        if (poller != null) {
            poller.stop(Duration.ofSeconds(30));
            poller = null;
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }
}

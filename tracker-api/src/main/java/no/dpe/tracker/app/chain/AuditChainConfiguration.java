package no.dpe.tracker.app.chain;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import no.dpe.tracker.app.keys.Keys;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The hash chain's migration, checkpoints, verification and self-check (adr/0015-tamper-evident-history.md). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditChainConfiguration {

    /** Migration 39 is Java (it hashes what V38's columns leave empty), handed to Flyway beside the SQL ones. */
    @Bean
    FlywayConfigurationCustomizer chainExistingEvents(Clock clock) {
        return flyway -> flyway.javaMigrations(new ChainExistingEvents(clock));
    }

    @Bean
    CheckpointStore checkpointStore(JdbcTemplate jdbc) {
        return new CheckpointStore(jdbc);
    }

    @Bean
    StoreVerification storeVerification(JdbcTemplate jdbc, CheckpointStore checkpoints, Keys keys) {
        return new StoreVerification(jdbc, checkpoints, keys.ours().certificate());
    }

    @Bean
    CheckpointSealer checkpointSealer(JdbcTemplate jdbc, PlatformTransactionManager transactions,
                                      CheckpointStore checkpoints, Keys keys, Clock clock, AuditProperties properties) {
        return new CheckpointSealer(jdbc, new TransactionTemplate(transactions), checkpoints, keys.ours().privateKey(),
                keys.ours().certificate(), clock, properties.checkpointInterval(), properties.checkpointEvents());
    }

    /** Named so: the health component is {@code auditChain}. */
    @Bean
    ChainMonitor auditChain(CheckpointSealer sealer, StoreVerification verification, CheckpointStore checkpoints,
                            AuditProperties properties, Clock clock, MeterRegistry meters) {
        return new ChainMonitor(sealer, verification, checkpoints, properties, clock, meters);
    }
}

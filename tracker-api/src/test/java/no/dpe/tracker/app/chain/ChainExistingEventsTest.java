package no.dpe.tracker.app.chain;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import no.dpe.tracker.packaging.EnterpriseKey;
import no.dpe.tracker.packaging.Keystores;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A store with history from before the chain: migration 39 chains its events, says from where the chain holds, and
 * a checkpoint then seals them; a migrated event changed afterwards is caught like any other.
 */
class ChainExistingEventsTest {

    private static final Instant MIGRATED_AT = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path keys;

    private DriverManagerDataSource dataSource;
    private JdbcTemplate jdbc;
    private EnterpriseKey key;

    @BeforeEach
    void emptyDatabase() {
        dataSource = new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        jdbc = new JdbcTemplate(dataSource);
        key = Keystores.loadOrGenerate(keys.resolve("ours.p12"), "secret", "ours", "986252932", "ours",
                Instant.now());
    }

    @Test
    void events_stored_before_the_chain_are_chained_by_the_migration_which_says_so() {
        flyway().target("37").load().migrate();
        // three conversations, their events interleaved as concurrent commands leave them
        for (int sequence = 0; sequence < 3; sequence++) {
            for (String conversation : new String[] {"c-1", "c-2", "c-3"}) {
                jdbc.update("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, "
                                + "type, time_stamp, payload_type, payload_revision, payload, meta_data) "
                                + "VALUES (?, ?, ?, 'Conversation', ?, 'no.dpe.tracker.core.api.SomethingEvent', NULL, ?, ?)",
                        UUID.randomUUID().toString(), conversation, sequence,
                        MIGRATED_AT.minus(Duration.ofDays(300 - sequence)).toString(),
                        ("{\"conversationId\":\"" + conversation + "\",\"n\":" + sequence + "}")
                                .getBytes(StandardCharsets.UTF_8),
                        "{\"correlationId\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            }
        }

        flyway().load().migrate();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM domain_event_entry WHERE event_hash IS NULL",
                Integer.class)).isZero();
        Verdict verdict = verification().verify(null, null);
        assertThat(verdict.intact()).as(verdict.summary()).isTrue();
        assertThat(verdict.eventsChecked()).isEqualTo(9);
        assertThat(verdict.origin()).isEqualTo("The 9 event(s) up to position 9 were stored before the chain and "
                + "chained by migration 39 at 2026-11-30T12:00:00Z: for them the chain shows no change since then; "
                + "every later event was chained as it was stored.");

        assertThat(sealer().sealAll()).hasSize(1);
        Verdict sealed = verification().verify(null, null);
        assertThat(sealed.summary()).isEqualTo("Intact up to checkpoint 1");

        jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE aggregate_identifier = 'c-2' "
                + "AND sequence_number = 1", "{\"conversationId\":\"c-2\",\"n\":7}".getBytes(StandardCharsets.UTF_8));
        Verdict changed = verification().verify(null, null);
        assertThat(changed.firstBroken().kind()).isEqualTo(Finding.Kind.CHANGED);
        assertThat(changed.firstBroken().conversationId()).isEqualTo("c-2");
        assertThat(changed.firstBroken().sequence()).isEqualTo(1);
    }

    @Test
    void on_an_empty_store_the_chain_holds_from_the_first_event() {
        flyway().load().migrate();

        assertThat(new CheckpointStore(jdbc).origin()).isEqualTo("Every event was chained as it was stored.");
        assertThat(verification().verify(null, null).summary()).isEqualTo("Intact; no checkpoint seals it yet");
    }

    private org.flywaydb.core.api.configuration.FluentConfiguration flyway() {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .javaMigrations(new ChainExistingEvents(Clock.fixed(MIGRATED_AT, ZoneOffset.UTC)));
    }

    private StoreVerification verification() {
        return new StoreVerification(jdbc, new CheckpointStore(jdbc), key.certificate());
    }

    private CheckpointSealer sealer() {
        return new CheckpointSealer(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new CheckpointStore(jdbc), key.privateKey(), key.certificate(), Clock.systemUTC(), Duration.ofMinutes(1),
                10_000);
    }
}

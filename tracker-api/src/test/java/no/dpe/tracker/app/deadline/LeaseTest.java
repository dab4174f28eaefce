package no.dpe.tracker.app.deadline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The lease that lets one node of several run the deadline watcher, over a real H2 database. */
class LeaseTest {

    JdbcTemplate jdbc;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

    @BeforeEach
    void migrate() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    Lease lease(String node) {
        return new Lease(jdbc, "deadline-watcher", node, Duration.ofSeconds(10), clock);
    }

    @Test
    void only_one_node_holds_the_lease_at_a_time() {
        assertThat(lease("a").acquire()).isTrue();
        assertThat(lease("b").acquire()).isFalse();
        assertThat(lease("a").acquire()).isTrue();
    }

    @Test
    void another_node_takes_over_a_lease_that_ran_out() {
        lease("a").acquire();
        clock.advance(Duration.ofSeconds(11));

        assertThat(lease("b").acquire()).isTrue();
        assertThat(lease("a").acquire()).isFalse();
    }

    @Test
    void a_released_lease_is_free_at_once() {
        Lease a = lease("a");
        a.acquire();
        a.release();

        assertThat(lease("b").acquire()).isTrue();
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}

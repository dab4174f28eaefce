package no.dpe.tracker.app.statuses;

import no.dpe.tracker.projections.EventPositions;
import no.dpe.tracker.projections.ParkedConversations;
import no.dpe.tracker.projections.feed.StatusFeed;
import no.dpe.tracker.projections.feed.StatusFeedProjection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The status feed: its projection (a pooled streaming processor) and its queries. */
@Configuration(proxyBeanMethods = false)
class StatusesConfiguration {

    @Bean
    StatusFeedProjection statusFeedProjection(JdbcTemplate jdbc, EventPositions positions, ParkedConversations parked) {
        return new StatusFeedProjection(jdbc, positions, parked);
    }

    @Bean
    StatusFeed statusFeed(JdbcTemplate jdbc) {
        return new StatusFeed(jdbc);
    }

    @Bean
    StatusQueue statusQueue(JdbcTemplate jdbc) {
        return new StatusQueue(jdbc);
    }
}

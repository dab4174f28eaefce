package no.dpe.tracker.app.admin;

import java.time.Clock;
import java.util.List;

import no.dpe.tracker.app.TrackerProperties;
import no.dpe.tracker.projections.feed.StatusFeedProjection;
import no.dpe.tracker.projections.rebuild.Projections;
import no.dpe.tracker.projections.state.MessageStateProjection;
import no.dpe.tracker.projections.EventPositions;
import no.dpe.tracker.projections.PendingResets;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The projections an administrator may rebuild: the streaming ones. The message index is not among them: it
 * runs in the command's transaction and guards messageId uniqueness, so it is never emptied under a running
 * application.
 */
@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

    /**
     * A bulk rebuild reads with the storage engine itself, not through the event store's shared stream: the same
     * rows, serializer, upcasters and gap-aware tokens a processor gets (and the positions its read models look up,
     * remembered as for a processor), without the stream's producer thread and caching in between.
     */
    @Bean
    Projections projections(EventProcessingConfiguration processing, EventStore eventStore,
                            EventStorageEngine storageEngine, TokenStore tokens, TransactionManager transactions,
                            JdbcTemplate jdbc, TrackerProperties properties, Clock clock) {
        return new Projections(processing, eventStore, clock,
                List.of(MessageStateProjection.PROCESSING_GROUP, StatusFeedProjection.PROCESSING_GROUP),
                new Projections.Bulk(tokens, transactions, after -> storageEngine.readEvents(after, false),
                        properties.rebuildPageSize(), new PendingResets(jdbc)));
    }

    @Bean
    UnfinishedResets unfinishedResets(Projections projections) {
        return new UnfinishedResets(projections);
    }

    @Bean
    ReplayProof replayProof(EventStore eventStore, EventPositions positions, JdbcTemplate jdbc,
                            EventProcessingConfiguration processing, TokenStore tokens, Environment environment,
                            Clock clock) {
        // the scratch copy gets the schema the live database got
        String[] migrations = environment.getProperty("spring.flyway.locations", String[].class,
                new String[] {"classpath:db/migration"});
        return new ReplayProof(eventStore, positions, jdbc, processing, tokens, migrations, clock);
    }

    @Bean
    ReadModels readModels(Projections projections) {
        return new ReadModels(projections);
    }
}

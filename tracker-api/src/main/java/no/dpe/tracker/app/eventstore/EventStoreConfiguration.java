package no.dpe.tracker.app.eventstore;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.projections.EventPositions;
import no.dpe.tracker.projections.RecentEventPositions;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon's event store and token store on the application's DataSource, over the
 * Flyway-managed tables (adr/0002-event-store.md).
 * <p>
 * Axon's own {@code JdbcAutoConfiguration} would build much the same, but it cannot be relied on here: it is
 * conditional on a DataSource bean and, without Hibernate on the class path, nothing orders it after Boot 4's
 * DataSource auto-configuration, so it may back off and leave Axon on its in-memory defaults. Declaring the
 * beans in the application makes Axon's auto-configuration back off instead, whatever the order.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TokenStoreProperties.class)
class EventStoreConfiguration {

    /** Read by Axon's serializer auto-configuration under this name for every serializer set to "jackson". */
    @Bean("defaultAxonObjectMapper")
    ObjectMapper defaultAxonObjectMapper() {
        return EventStoreComponents.objectMapper();
    }

    /** Axon's units of work join the Spring (JDBC) transaction, so an event and its token commit together. */
    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    /** As Axon's Spring Boot default, but for a connection closed twice ({@link TransactionConnections}). */
    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new TransactionConnections(dataSource));
    }

    /**
     * Where the read models find an event's global position: as the storage engine read it for the processor,
     * or else in the event table. A generation of 50,000 positions is a few MB.
     */
    @Bean
    RecentEventPositions eventPositions(JdbcTemplate jdbc) {
        return new RecentEventPositions(50_000, EventPositions.fromEventTable(jdbc));
    }

    @Bean
    EventStorageEngine eventStorageEngine(ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Configuration axonConfiguration,
                                          RecentEventPositions positions) {
        return new TrackerStorageEngine(
                EventStoreComponents.eventStorageEngine(connectionProvider, transactionManager)
                        .eventSerializer(eventSerializer)
                        .snapshotSerializer(serializer)
                        .upcasterChain(axonConfiguration.upcasterChain())
                        .snapshotFilter(axonConfiguration.snapshotFilter()),
                positions);
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider,
                          Serializer serializer,
                          TokenStoreProperties tokenStoreProperties) {
        return EventStoreComponents.tokenStore(connectionProvider)
                .serializer(serializer)
                .claimTimeout(tokenStoreProperties.getClaimTimeout())
                .build();
    }
}

package no.dpe.tracker.app.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.TrackerApplication;
import no.dpe.tracker.app.TrackerProperties;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole application on one of its databases: Axon on the JDBC stores with Jackson, event handlers in
 * pooled streaming processors, health over HTTP. A subclass per database says which.
 */
@SpringBootTest(classes = TrackerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@Import(TrackerApplicationTest.WithAProjection.class)
@DirtiesContext
abstract class TrackerApplicationTest {

    /** Generous: only a broken wiring waits this long. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** An event handler, so the application has a processor to show. */
    @ProcessingGroup("smoke-test")
    static class SmokeTestProjection {
        final List<SmokeTested> handled = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(SmokeTested event) {
            handled.add(event);
        }
    }

    record SmokeTested(String conversationId, Instant at) {
    }

    @TestConfiguration
    static class WithAProjection {
        @Bean
        SmokeTestProjection smokeTestProjection() {
            return new SmokeTestProjection();
        }
    }

    @Autowired
    WebTestClient http;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void healthIsUp() {
        http.get().uri("/actuator/health").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void trackerPropertiesAreBoundFromApplicationYml() {
        TrackerProperties properties = context.getBean(TrackerProperties.class);

        assertThat(properties.organisationNumber()).isEqualTo("986252932");
        assertThat(properties.defaultDeadline()).isEqualTo(Duration.ofHours(24));
        assertThat(properties.processorBatchSize()).isEqualTo(1000);
        assertThat(properties.processorSegments()).isEqualTo(4);
    }

    @Test
    void everySerializerIsJacksonSoNothingStoredGoesThroughXStream() {
        Map<String, Serializer> serializers = context.getBeansOfType(Serializer.class);

        assertThat(serializers).containsKeys("serializer", "eventSerializer", "messageSerializer");
        assertThat(serializers.values()).allSatisfy(s -> assertThat(s).isInstanceOf(JacksonSerializer.class));
    }

    @Test
    void axonUsesTheJdbcStoresInSpringTransactions() {
        assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
        assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
        assertThat(context.getBean(TransactionManager.class)).isInstanceOf(SpringTransactionManager.class);
    }

    @Test
    void anEventIsStoredAsJsonAndHandledByAPooledStreamingProcessorWhoseTokenIsStoredAsJson() throws Exception {
        String conversationId = UUID.randomUUID().toString();
        context.getBean(EventStore.class).publish(new GenericDomainEventMessage<>(
                "SmokeTest", conversationId, 0, new SmokeTested(conversationId, Instant.now()),
                MetaData.with("correlationId", conversationId)));

        SmokeTestProjection projection = context.getBean(SmokeTestProjection.class);
        await(() -> projection.handled.stream().anyMatch(e -> e.conversationId().equals(conversationId)));
        await(() -> !jdbc.queryForList(
                "SELECT token FROM token_entry WHERE processor_name = 'smoke-test' AND token IS NOT NULL").isEmpty());

        assertThat(context.getBean(EventProcessingConfiguration.class)
                          .eventProcessor("smoke-test", PooledStreamingEventProcessor.class)).isPresent();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM token_entry WHERE processor_name = 'smoke-test'",
                Integer.class)).as("segments, from dpe.tracker.processor-segments").isEqualTo(4);
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> stored = jdbc.queryForMap(
                "SELECT payload, meta_data FROM domain_event_entry WHERE aggregate_identifier = ?", conversationId);
        assertThat(json.readTree((byte[]) stored.get("payload")).get("conversationId").asText())
                .isEqualTo(conversationId);
        assertThat(json.readTree((byte[]) stored.get("meta_data")).get("correlationId").asText())
                .isEqualTo(conversationId);
        List<byte[]> tokens = jdbc.queryForList(
                "SELECT token FROM token_entry WHERE processor_name = 'smoke-test' AND token IS NOT NULL",
                byte[].class);
        assertThat(tokens).allSatisfy(token -> assertThat(json.readTree(token).isObject()).isTrue());
    }

    private static void await(Supplier<Boolean> condition) throws InterruptedException {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!condition.get()) {
            assertThat(Instant.now()).as("gave up waiting after " + PATIENCE).isBefore(giveUp);
            Thread.sleep(50);
        }
    }
}

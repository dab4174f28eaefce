package no.dpe.tracker.app.metrics;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import no.dpe.tracker.gateway.inbound.InboundReceiver;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The tracker's own metrics at {@code /actuator/prometheus} (ADMIN), beside Spring's and the JVM's
 * (adr/0013-metrics-and-logs.md). The publisher and the inbound dispatcher are metered where the transport is wired
 * (TransportConfiguration).
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    StateChanges stateChanges(EventStore eventStore, MeterRegistry registry) {
        return new StateChanges(eventStore, registry);
    }

    @Bean(destroyMethod = "close")
    StoredState storedState(JdbcTemplate jdbc, EventProcessingConfiguration processing,
                            EventStore eventStore, Clock clock, MeterRegistry registry,
                            @Value("${dpe.tracker.metrics.refresh-interval:PT30S}") Duration refreshInterval) {
        return new StoredState(jdbc, processing, eventStore, clock, registry, refreshInterval);
    }

    @Bean
    ServiceBusHealth serviceBusHealthIndicator(InboundReceiver receiver) {
        return new ServiceBusHealth(receiver);
    }
}

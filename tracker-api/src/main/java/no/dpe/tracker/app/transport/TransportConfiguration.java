package no.dpe.tracker.app.transport;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import no.dpe.tracker.app.TrackerProperties;
import no.dpe.tracker.app.metrics.MeteredInboundDispatcher;
import no.dpe.tracker.app.metrics.MeteredServiceBusPublisher;
import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.app.keys.Keys;
import no.dpe.tracker.core.sbd.OrganisationNumber;
import no.dpe.tracker.core.sbd.SbdValidator;
import no.dpe.tracker.emulator.QueueOptions;
import no.dpe.tracker.emulator.ServiceBusEmulator;
import no.dpe.tracker.gateway.DpeQueues;
import no.dpe.tracker.gateway.deadletter.DeadLetterQueues;
import no.dpe.tracker.gateway.MessageFiles;
import no.dpe.tracker.gateway.Mode;
import no.dpe.tracker.gateway.ServiceBusConnection;
import no.dpe.tracker.gateway.inbound.InboundDispatcher;
import no.dpe.tracker.gateway.inbound.InboundReceiver;
import no.dpe.tracker.gateway.outbound.OutboundMessages;
import no.dpe.tracker.gateway.outbound.ServiceBusPublisher;
import no.dpe.tracker.gateway.registry.ServiceRegistry;
import no.dpe.tracker.gateway.standin.EinnsynStandIn;
import no.dpe.tracker.packaging.DpePackages;
import no.dpe.tracker.projections.Outages;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Service Bus transport: the connection (Azure by SAS or Entra ID, or the in-process emulator when no
 * namespace is configured), the outbound publisher as a streaming processor, the inbound receivers on our
 * own queues, and, embedded, eInnsyn's stand-in.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TransportProperties.class)
class TransportConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TransportConfiguration.class);

    /** The in-process emulator, with our queues and eInnsyn's, when no namespace is configured. */
    @Bean(destroyMethod = "close")
    EmbeddedServiceBus embeddedServiceBus(TransportProperties transport, TrackerProperties tracker) {
        if (!transport.isEmbedded()) {
            return EmbeddedServiceBus.none();
        }
        TransportProperties.Embedded settings = transport.embedded();
        ServiceBusEmulator.Builder emulator = ServiceBusEmulator.builder()
                .port(settings.port())
                .keyName(settings.keyName())
                .key(settings.key())
                .maxMessageSize(settings.maxMessageSize())
                .defaultQueueOptions(QueueOptions.defaults().withDuplicateDetection(settings.duplicateDetection()));
        Set<String> queues = new LinkedHashSet<>();
        for (Mode mode : Mode.values()) {
            queues.add(DpeQueues.queue(tracker.organisationNumber(), mode));
            queues.add(DpeQueues.queue(EinnsynStandIn.EINNSYN, mode));
        }
        queues.forEach(emulator::queue);
        ServiceBusEmulator started = emulator.start();
        log.info("No Service Bus namespace configured: started the in-process emulator on port {} with queues {} "
                + "(messages are kept in memory only)", started.port(), queues);
        return EmbeddedServiceBus.of(started);
    }

    @Bean
    ServiceBusConnection serviceBusConnection(TransportProperties transport, EmbeddedServiceBus embedded) {
        ServiceBusConnection connection = embedded.emulator()
                .map(emulator -> ServiceBusConnection.connectionString(emulator.connectionString(),
                        transport.tryTimeout()))
                .orElseGet(() -> transport.connectionString() != null && !transport.connectionString().isBlank()
                        ? ServiceBusConnection.connectionString(transport.connectionString(), transport.tryTimeout())
                        : ServiceBusConnection.entraId(transport.namespace(), transport.tryTimeout()));
        log.info("Service Bus: {}", connection);
        return connection;
    }

    @Bean(destroyMethod = "close")
    ServiceBusPublisher serviceBusPublisher(ServiceBusConnection connection, MeterRegistry registry) {
        return new MeteredServiceBusPublisher(connection, registry);
    }

    @Bean
    DpeQueues dpeQueues(TransportProperties transport) {
        return new DpeQueues(receiptMode(transport), transport.receiptMode() != null
                && !transport.receiptMode().isBlank());
    }

    @Bean
    MessageFiles messageFiles(FileStore files) {
        return new FileStoreMessageFiles(files);
    }

    @Bean
    OutboundMessages outboundMessages(EventStore eventStore, MessageFiles files, ServiceBusPublisher publisher,
                                      CommandGateway commands, DpeQueues queues, ServiceRegistry registry,
                                      DpePackages ourPackages, Clock clock) {
        return new OutboundMessages(eventStore, files, publisher, commands, queues, registry, ourPackages, clock);
    }

    @Bean
    InboundDispatcher inboundDispatcher(CommandGateway commands, MessageFiles files, DpePackages ourPackages,
                                        SbdValidator validator, OrganisationNumber us, TransportProperties transport,
                                        Clock clock, MeterRegistry registry) {
        return new MeteredInboundDispatcher(commands, files, ourPackages, validator, us, transport.receiptDeadline(),
                clock, registry);
    }

    @Bean(destroyMethod = "close")
    InboundReceiver inboundReceiver(ServiceBusConnection connection, TransportProperties transport,
                                    TrackerProperties tracker, InboundDispatcher dispatcher) {
        return new InboundReceiver(connection, ourQueues(transport, tracker), transport.maxConcurrentCalls(),
                transport.prefetchCount(), dispatcher, Outages::isOutage, transport.outagePatience());
    }

    @Bean
    DeadLetterQueues deadLetterQueues(ServiceBusConnection connection, TransportProperties transport,
                                      TrackerProperties tracker) {
        return new DeadLetterQueues(connection, ourQueues(transport, tracker));
    }

    @Bean
    ServiceBusDeadLetters serviceBusDeadLetters(DeadLetterQueues queues) {
        return new ServiceBusDeadLetters(queues);
    }

    /** The queues we receive on: one for each of our modes. */
    private static List<String> ourQueues(TransportProperties transport, TrackerProperties tracker) {
        List<String> queues = new ArrayList<>();
        for (String mode : transport.modes()) {
            queues.add(DpeQueues.queue(tracker.organisationNumber(), Mode.of(mode)));
        }
        return queues;
    }

    @Bean(destroyMethod = "close")
    EinnsynStandInHolder einnsynStandIn(TransportProperties transport, ServiceBusConnection connection,
                                        ServiceBusPublisher publisher, Keys keys, ServiceRegistry registry,
                                        Clock clock) {
        return new EinnsynStandInHolder(keys.standIn()
                .map(key -> new EinnsynStandIn(connection, publisher, new DpePackages(key), registry, clock,
                        transport.einnsynStandIn().answerPause()))
                .orElse(null));
    }

    @Bean
    InboundLifecycle inboundLifecycle(InboundReceiver receiver, ObjectProvider<EinnsynStandInHolder> standIn) {
        return new InboundLifecycle(receiver, standIn.getObject().standIn().orElse(null));
    }

    private static Mode receiptMode(TransportProperties transport) {
        if (transport.receiptMode() != null && !transport.receiptMode().isBlank()) {
            return Mode.of(transport.receiptMode());
        }
        return DpeQueues.receiptModeFor(Mode.of(transport.modes().get(0)));
    }
}

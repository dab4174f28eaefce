package no.dpe.tracker.app.processing;

import java.util.List;

import no.dpe.tracker.app.TrackerProperties;
import no.dpe.tracker.app.eventstore.EventStoreComponents;
import no.dpe.tracker.app.metrics.StateChanges;
import no.dpe.tracker.app.webhook.WebhookOutbox;
import no.dpe.tracker.gateway.outbound.OutboundMessages;
import no.dpe.tracker.projections.ParkedConversations;
import no.dpe.tracker.projections.feed.StatusFeedProjection;
import no.dpe.tracker.projections.message.MessageIndexProjection;
import no.dpe.tracker.projections.state.MessageStateProjection;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every event processor of the tracker, in one place: how it runs (subscribing in the command's transaction, or a
 * pooled streaming processor over the event table), how many events it takes per transaction, how many segments it
 * splits the events into, and what happens when a handler fails.
 *
 * <p>A handler's failure always reaches its processor (never just the log: on PostgreSQL a swallowed failure would
 * leave an aborted transaction that commits as a silent rollback). In a subscribing processor it fails the command
 * that caused the event. In a streaming processor it parks the event and the later events of its conversation in
 * the processor's dead-letter queue (JDBC, {@code dead_letter_entry}), so the other conversations flow on; an outage
 * parks nothing and the batch is tried again ({@link DeadLetterPolicy}). What fails only when a batch is written
 * is parked too: by conversation in the read models ({@link no.dpe.tracker.projections.EventBatch}), by event in a
 * processor whose handlers' commands join its batch ({@link ParkFailedEvent}: the outbound publisher handles a failed
 * batch again conversation by conversation and parks the one that still fails). Letters are listed, retried and evicted at
 * {@code /api/admin/dead-letters}, and health is {@code WARNING} while any exist.
 *
 * <p>A processor not declared here (a test's, the bench's) is a pooled streaming processor with the defaults and no
 * dead-letter queue.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class Processors {

    /** How a processor runs. */
    enum Mode { SUBSCRIBING, STREAMING }

    /**
     * One processor.
     *
     * @param batchSize  events per transaction; 0 for dpe.tracker.processor-batch-size
     * @param replayable whether it may be rebuilt, which empties its dead letters with its tables
     * @param startsAtHead whether, the first time it runs, it starts at the newest event rather than the oldest
     */
    record Declared(String name, Mode mode, int batchSize, boolean replayable, boolean startsAtHead) {

        Declared(String name, Mode mode, int batchSize, boolean replayable) {
            this(name, mode, batchSize, replayable, false);
        }

        boolean streaming() {
            return mode == Mode.STREAMING;
        }

        /**
         * Its handlers' commands join its unit of work, so what fails when the batch commits is theirs to park
         * ({@link ParkFailedEvent}): the outbound publisher, or any processor that commits each event on its own.
         */
        boolean parksFailedCommits() {
            return batchSize == 1 || name.equals(OutboundMessages.PROCESSING_GROUP);
        }
    }

    /**
     * Events the outbound processor takes per transaction. Its messages go out as SDK batches of up to the link's
     * largest message (1 MB on Azure's standard tier: a few hundred small answers, a few dozen publiseringer with
     * packages), and one batch's messages are published again together if it fails; more than this buys little.
     */
    static final int OUTBOUND_BATCH_SIZE = 100;

    /** The tracker's processors. */
    static final List<Declared> DECLARED = List.of(
            // in the command's transaction: the API reads its own writes, and a messageId in use fails the command
            new Declared(MessageIndexProjection.PROCESSING_GROUP, Mode.SUBSCRIBING, 0, false),
            new Declared(MessageStateProjection.PROCESSING_GROUP, Mode.STREAMING, 0, true),
            new Declared(StatusFeedProjection.PROCESSING_GROUP, Mode.STREAMING, 0, true),
            new Declared(WebhookOutbox.PROCESSING_GROUP, Mode.STREAMING, 0, false),
            // publishes a batch's messages as SDK batches and records SENDT with the token; a failed batch publishes
            // them again under the same MessageIds, which duplicate detection drops (ADR 0007)
            new Declared(OutboundMessages.PROCESSING_GROUP, Mode.STREAMING, OUTBOUND_BATCH_SIZE, false),
            // logs and counts state changes as they happen: a new node, or a new version, does not go through the
            // history again
            new Declared(StateChanges.PROCESSING_GROUP, Mode.STREAMING, 0, false, true));

    /** The streaming processors, which have dead-letter queues. */
    public static List<String> withDeadLetters() {
        return DECLARED.stream().filter(Declared::streaming).map(Declared::name).toList();
    }

    @Bean
    ConfigurerModule eventProcessors(TrackerProperties properties, ConnectionProvider connectionProvider,
                                     TransactionManager transactionManager, Serializer serializer,
                                     @Qualifier("eventSerializer") Serializer eventSerializer, JdbcTemplate jdbc) {
        DeadLetterPolicy policy = new DeadLetterPolicy();
        return configurer -> {
            EventProcessingConfigurer processing = configurer.eventProcessing();
            processing.usingPooledStreamingEventProcessors((axon, processor) -> processor
                    .batchSize(properties.processorBatchSize())
                    .initialSegmentCount(properties.processorSegments()));
            processing.registerDefaultListenerInvocationErrorHandler(axon -> PropagatingErrorHandler.instance());
            for (Declared declared : DECLARED) {
                if (!declared.streaming()) {
                    processing.registerSubscribingEventProcessor(declared.name());
                    continue;
                }
                String name = declared.name();
                int batchSize = declared.batchSize() > 0 ? declared.batchSize() : properties.processorBatchSize();
                processing.registerPooledStreamingEventProcessor(name, Configuration::eventStore,
                                (axon, processor) -> declared.startsAtHead()
                                        ? processor.batchSize(batchSize).initialToken(StreamableMessageSource::createHeadToken)
                                        : processor.batchSize(batchSize))
                        .registerDeadLetterQueue(name, axon -> new IdempotentDeadLetterQueue(deadLetterQueue(name,
                                connectionProvider, transactionManager, serializer, eventSerializer), name, jdbc))
                        .registerDeadLetterPolicy(name, axon -> policy)
                        .registerDeadLetteringEventHandlerInvokerConfiguration(name, (axon, invoker) -> {
                            // the cache of parked conversations only sees what the invoker parks itself
                            if (!declared.parksFailedCommits()) {
                                invoker.enableSequenceIdentifierCache();
                            }
                            return invoker.allowReset(declared.replayable());
                        });
                if (declared.parksFailedCommits()) {
                    processing.registerErrorHandler(name, axon -> new ParkFailedEvent(name,
                            () -> axon.eventProcessingConfiguration().deadLetterQueue(name).orElseThrow(),
                            () -> axon.eventProcessingConfiguration().sequencedDeadLetterProcessor(name)
                                    .orElseThrow()));
                }
            }
        };
    }

    @Bean
    ParkedConversations parkedConversations(JdbcTemplate jdbc,
                                            ObjectProvider<org.axonframework.config.EventProcessingConfiguration> processing) {
        return new JdbcParkedConversations(jdbc, processing);
    }

    @Bean
    DeadLetters deadLetters(org.axonframework.config.EventProcessingConfiguration processing) {
        return new DeadLetters(processing, withDeadLetters());
    }

    @Bean
    DeadLetterHealth deadLettersHealthIndicator(DeadLetters deadLetters) {
        return new DeadLetterHealth(deadLetters);
    }

    private static SequencedDeadLetterQueue<EventMessage<?>> deadLetterQueue(String processingGroup,
                                                                            ConnectionProvider connectionProvider,
                                                                            TransactionManager transactionManager,
                                                                            Serializer serializer,
                                                                            Serializer eventSerializer) {
        return EventStoreComponents.deadLetterQueue(processingGroup, connectionProvider, transactionManager)
                .genericSerializer(serializer)
                .eventSerializer(eventSerializer)
                // a backstop, not a plan: at this many parked conversations the processor stops instead
                .maxSequences(100_000)
                .build();
    }
}

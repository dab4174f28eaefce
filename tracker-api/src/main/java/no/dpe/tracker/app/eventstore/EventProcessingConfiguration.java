package no.dpe.tracker.app.eventstore;

import no.dpe.tracker.app.TrackerProperties;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every event processor is a pooled streaming processor unless axon.eventhandling.processors.NAME says
 * otherwise: it reads the shared event table, claims segments in the shared token table, and so runs on one
 * node or several alike. Processors named under axon.eventhandling.processors take their batch size and
 * segment count from there (Axon's defaults 1 and 16), the rest from dpe.tracker.processor-batch-size and
 * dpe.tracker.processor-segments. The segment count only matters when a processor's tokens are first created.
 */
@Configuration(proxyBeanMethods = false)
class EventProcessingConfiguration {

    @Bean
    ConfigurerModule pooledStreamingProcessorsByDefault(TrackerProperties properties) {
        return configurer -> configurer.eventProcessing().usingPooledStreamingEventProcessors(
                (axonConfiguration, processor) -> processor
                        .batchSize(properties.processorBatchSize())
                        .initialSegmentCount(properties.processorSegments()));
    }

    /**
     * A handler's failure reaches its processor, never just the log. Axon's default logs and skips the
     * event, and on PostgreSQL that loses more than the one event: the failed statement aborts the
     * transaction, the driver turns the commit into a silent rollback, and the processor goes on from a
     * position whose work was never stored. Propagated, the failure rolls the batch back and the processor
     * retries it with backoff; a subscribing handler's failure fails the command that caused it.
     */
    @Bean
    ConfigurerModule handlerFailuresReachTheProcessor() {
        return configurer -> configurer.eventProcessing().registerDefaultListenerInvocationErrorHandler(
                axonConfiguration -> PropagatingErrorHandler.instance());
    }
}

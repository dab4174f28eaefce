package no.dpe.tracker.app.eventstore;

import no.dpe.tracker.app.TrackerProperties;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every event processor is a pooled streaming processor unless axon.eventhandling.processors.NAME says
 * otherwise: it reads the shared event table, claims segments in the shared token table, and so runs on one
 * node or several alike. Processors named under axon.eventhandling.processors take their batch size from
 * there (Axon's default 1), the rest from dpe.tracker.processor-batch-size.
 */
@Configuration(proxyBeanMethods = false)
class EventProcessingConfiguration {

    @Bean
    ConfigurerModule pooledStreamingProcessorsByDefault(TrackerProperties properties) {
        return configurer -> configurer.eventProcessing().usingPooledStreamingEventProcessors(
                (axonConfiguration, processor) -> processor.batchSize(properties.processorBatchSize()));
    }
}

package no.dpe.tracker.app.webhook;

import java.time.Clock;

import no.dpe.tracker.app.events.MessageEvents;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    /**
     * An error while enqueueing (the database, say) fails the batch, and the processor tries it again
     * later, instead of Axon's default of logging the error and moving past the event.
     */
    @Bean
    ConfigurerModule webhookOutboxRetriesOnError() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                WebhookOutbox.PROCESSING_GROUP, axonConfiguration -> PropagatingErrorHandler.instance());
    }

    @Bean
    Subscriptions subscriptions(JdbcTemplate jdbc, Clock clock) {
        return new Subscriptions(jdbc, clock);
    }

    @Bean
    WebhookOutbox webhookOutbox(Subscriptions subscriptions, MessageEvents events, JdbcTemplate jdbc, Clock clock) {
        return new WebhookOutbox(subscriptions, events, jdbc, clock);
    }

    @Bean
    WebhookDeliverer webhookDeliverer(JdbcTemplate jdbc, WebhookProperties properties, Clock clock) {
        return new WebhookDeliverer(new WebhookDeliveries(jdbc), properties, clock);
    }
}

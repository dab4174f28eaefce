package no.dpe.tracker.app.webhook;

import java.time.Clock;

import no.dpe.tracker.app.events.MessageEvents;
import no.dpe.tracker.projections.ParkedConversations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    @Bean
    PushEndpoints pushEndpoints(WebhookProperties properties) {
        return new PushEndpoints(properties.allowedHosts());
    }

    @Bean
    Subscriptions subscriptions(JdbcTemplate jdbc, PushEndpoints endpoints, Clock clock) {
        return new Subscriptions(jdbc, endpoints, clock);
    }

    @Bean
    WebhookOutbox webhookOutbox(Subscriptions subscriptions, MessageEvents events, JdbcTemplate jdbc,
                                ParkedConversations parked, Clock clock) {
        return new WebhookOutbox(subscriptions, events, jdbc, parked, clock);
    }

    @Bean
    WebhookDeliverer webhookDeliverer(JdbcTemplate jdbc, WebhookProperties properties, PushEndpoints endpoints,
                                      Clock clock) {
        return new WebhookDeliverer(new WebhookDeliveries(jdbc), properties, endpoints, clock);
    }
}

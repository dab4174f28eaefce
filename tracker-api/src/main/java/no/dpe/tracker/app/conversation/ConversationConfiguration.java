package no.dpe.tracker.app.conversation;

import java.time.Clock;

import no.dpe.tracker.app.TrackerProperties;
import no.dpe.tracker.app.actor.ActorCorrelation;
import no.dpe.tracker.app.actor.ActorRequired;
import no.dpe.tracker.core.conversation.Conversation;
import no.dpe.tracker.projections.message.MessageIndex;
import no.dpe.tracker.projections.message.MessageIndexProjection;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the domain core into Axon: the conversation aggregate, the message index in the command's own
 * transaction, correlation metadata and the actor (who did it, ADR 0016) on every message, and retries of commands
 * that clash on a conversation.
 */
@Configuration(proxyBeanMethods = false)
class ConversationConfiguration {

    /**
     * Core stays free of Spring, so the aggregate is registered here rather than by a stereotype annotation.
     * With dpe.tracker.aggregate-cache a conversation stays in memory between its commands (weakly held, so
     * the garbage collector decides how many), instead of being read and deserialized from the event table
     * for each: only safe while one node writes the conversations (ADR 0008).
     */
    @Bean
    ConfigurerModule conversationAggregate(TrackerProperties properties) {
        AggregateConfigurer<Conversation> conversations = AggregateConfigurer.defaultConfiguration(Conversation.class);
        if (properties.aggregateCache()) {
            conversations.configureCache(axonConfiguration -> new WeakReferenceCache());
        }
        return configurer -> configurer.configureAggregate(conversations);
    }

    @Bean
    MessageIndexProjection messageIndexProjection(JdbcTemplate jdbc) {
        return new MessageIndexProjection(jdbc);
    }

    @Bean
    MessageIndex messageIndex(JdbcTemplate jdbc) {
        return new MessageIndex(jdbc);
    }

    /** The one clock every default, deadline and timestamp of ours is taken from; tests replace it. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    CorrelationDataProvider correlationAndCausation() {
        return new CorrelationAndCausation();
    }

    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new ActorCorrelation();
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(new ConcurrencyRetryScheduler(8))
                .dispatchInterceptors(new ActorRequired())
                .build();
    }
}

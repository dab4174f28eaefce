package no.dpe.tracker.app.conversations;

import no.dpe.tracker.projections.EventPositions;
import no.dpe.tracker.projections.ParkedConversations;
import no.dpe.tracker.projections.state.ConversationSummaries;
import no.dpe.tracker.projections.state.MessageStateProjection;
import no.dpe.tracker.projections.state.MessageStates;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The message-state read model: its projection (a pooled streaming processor, like every processor not
 * configured otherwise) and the queries the fagsystem, support and auditor APIs read it with.
 */
@Configuration(proxyBeanMethods = false)
class ConversationsConfiguration {

    @Bean
    MessageStateProjection messageStateProjection(JdbcTemplate jdbc, EventPositions positions, ParkedConversations parked) {
        return new MessageStateProjection(jdbc, positions, parked);
    }

    @Bean
    MessageStates messageStates(JdbcTemplate jdbc) {
        return new MessageStates(jdbc);
    }

    @Bean
    ConversationSummaries conversationSummaries(JdbcTemplate jdbc) {
        return new ConversationSummaries(jdbc);
    }
}

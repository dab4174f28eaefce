package no.dpe.tracker.app.deadline;

import java.time.Clock;
import java.time.Duration;

import no.dpe.tracker.projections.message.MessageIndex;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DeadlineConfiguration {

    @Bean
    DeadlineWatcher deadlineWatcher(MessageIndex index, CommandGateway commands, Clock clock,
                                    @Value("${dpe.tracker.deadline-poll-interval:PT5S}") Duration pollInterval) {
        return new DeadlineWatcher(index, commands, clock, pollInterval);
    }
}

package no.dpe.tracker.app.incoming;

import java.time.Clock;

import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.packaging.DpePackages;
import no.dpe.tracker.projections.message.MessageIndex;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class IncomingConfiguration {

    @Bean
    IncomingMessages incomingMessages(MessageIndex index, JdbcTemplate jdbc, FileStore files, DpePackages ourPackages,
                                      CommandGateway commands, Clock clock) {
        return new IncomingMessages(index, new IncomingLocks(jdbc), files, ourPackages, commands, clock);
    }
}

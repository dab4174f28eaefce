package no.dpe.tracker.app.message;

import java.time.Clock;

import no.dpe.tracker.app.TrackerProperties;
import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.core.sbd.OrganisationNumber;
import no.dpe.tracker.core.sbd.SbdDefaults;
import no.dpe.tracker.core.sbd.SbdValidator;
import no.dpe.tracker.gateway.registry.ServiceRegistry;
import no.dpe.tracker.projections.message.MessageIndex;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class MessageConfiguration {

    @Bean
    OrganisationNumber ourOrganisation(TrackerProperties properties) {
        return OrganisationNumber.of(properties.organisationNumber());
    }

    @Bean
    SbdDefaults sbdDefaults(Clock clock, TrackerProperties properties) {
        return new SbdDefaults(clock, properties.defaultDeadline());
    }

    @Bean
    SbdValidator sbdValidator(Clock clock) {
        return new SbdValidator(clock);
    }

    @Bean
    FileStore fileStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        return new FileStore(jdbc, transactionManager);
    }

    @Bean
    OutgoingMessages outgoingMessages(CommandGateway commands, MessageIndex index, FileStore files,
                                      SbdDefaults defaults, SbdValidator validator, OrganisationNumber us,
                                      ServiceRegistry registry, TrackerProperties properties, Clock clock) {
        return new OutgoingMessages(commands, index, files, defaults, validator, us, registry,
                properties.messageSizeLimit().toBytes(), clock);
    }
}

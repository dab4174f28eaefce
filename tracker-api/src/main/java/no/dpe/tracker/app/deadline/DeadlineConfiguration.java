package no.dpe.tracker.app.deadline;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import no.dpe.tracker.projections.message.MessageIndex;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class DeadlineConfiguration {

    private static final Duration MIN_LEASE = Duration.ofSeconds(10);

    @Bean
    DeadlineWatcher deadlineWatcher(MessageIndex index, CommandGateway commands, Clock clock,
                                    JdbcTemplate jdbc,
                                    @Value("${dpe.tracker.deadline-poll-interval:PT5S}") Duration pollInterval) {
        // long enough to outlast a slow poll, short enough that a killed node's deadlines are not late by much
        Duration leaseDuration = pollInterval.multipliedBy(3).compareTo(MIN_LEASE) < 0
                ? MIN_LEASE : pollInterval.multipliedBy(3);
        Lease lease = new Lease(jdbc, "deadline-watcher", nodeName(), leaseDuration, clock);
        return new DeadlineWatcher(index, commands, clock, pollInterval, lease);
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID();
    }
}

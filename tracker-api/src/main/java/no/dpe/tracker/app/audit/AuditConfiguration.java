package no.dpe.tracker.app.audit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    EventExport eventExport(JdbcTemplate jdbc) {
        return new EventExport(jdbc);
    }
}

package no.dpe.tracker.app.console;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.i18n.LocaleContextResolver;

/** The support console (adr/0014-support-console.md): its settings and its language. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleConfiguration {

    /** Named so, it replaces WebFlux's own resolver: the console speaks bokmål or English. */
    @Bean(name = "localeContextResolver")
    LocaleContextResolver localeContextResolver() {
        return new ConsoleLocale();
    }
}

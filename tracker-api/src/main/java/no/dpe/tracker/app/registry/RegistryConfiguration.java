package no.dpe.tracker.app.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;

import no.dpe.tracker.app.TrackerProperties;
import no.dpe.tracker.app.keys.Keys;
import no.dpe.tracker.app.transport.TransportProperties;
import no.dpe.tracker.gateway.Mode;
import no.dpe.tracker.gateway.registry.ServiceRegistry;
import no.dpe.tracker.gateway.standin.EinnsynStandIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service registry client, and with no registry configured (embedded default, development emulators) a registry
 * of our own on loopback that knows this tracker's records and, while it runs, eInnsyn's stand-in's.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ServiceRegistryProperties.class, ServiceRegistryProperties.Maskinporten.class})
class RegistryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RegistryConfiguration.class);

    /** The stand-in, when no registry is configured; closed with the application. */
    record StandIn(ServiceRegistryStandIn registry) implements AutoCloseable {
        @Override
        public void close() {
            if (registry != null) {
                registry.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    StandIn serviceRegistryStandIn(ServiceRegistryProperties properties, TransportProperties transport,
                                   TrackerProperties tracker, Keys keys) {
        if (properties.url() != null) {
            return new StandIn(null);
        }
        if (!transport.isDevelopment()) {
            throw new IllegalStateException("dpe.tracker.service-registry.url is not set: with a Service Bus namespace "
                    + "or connection string the tracker finds receivers in eFormidling's service registry");
        }
        ServiceRegistryStandIn registry = ServiceRegistryStandIn.plain();
        String us = tracker.organisationNumber();
        for (String mode : transport.modes()) {
            registry.listensOn(us, "dpe-tracker " + us, Mode.of(mode), keys.ours().certificate());
        }
        keys.standIn().ifPresent(standIn -> EinnsynStandIn.QUEUES.forEach(mode -> registry.listensOn(
                EinnsynStandIn.EINNSYN, "eInnsyn (stand-in)", mode, standIn.certificate())));
        registry.start();
        log.info("No service registry configured: answering from an in-process stand-in at {}, which knows {}{}",
                registry.url(), us, keys.standIn().isPresent() ? " and eInnsyn's stand-in " + EinnsynStandIn.EINNSYN
                        : "");
        return new StandIn(registry);
    }

    @Bean
    HttpServiceRegistry serviceRegistry(ServiceRegistryProperties properties,
                                    ServiceRegistryProperties.Maskinporten maskinporten, StandIn standIn,
                                    TrackerProperties tracker, Keys keys, Clock clock) {
        URI url = properties.url() != null ? properties.url() : standIn.registry().url();
        HttpClient http = HttpClient.newBuilder().connectTimeout(properties.timeout()).build();
        MaskinportenTokens tokens = maskinporten.tokenEndpoint() == null ? null : new MaskinportenTokens(
                maskinporten.tokenEndpoint(),
                maskinporten.clientId() != null ? maskinporten.clientId() : "MOVE_IP_" + tracker.organisationNumber(),
                maskinporten.audience(), maskinporten.scopes(), keys.ours(), http, properties.timeout(), clock);
        return new HttpServiceRegistry(directory(url), properties.jwkSetUri(), tokens, http, properties.timeout(),
                properties.cacheTtl(), clock);
    }

    @Bean
    ServiceRegistryHealth serviceRegistryHealthIndicator(HttpServiceRegistry registry) {
        return new ServiceRegistryHealth(registry);
    }

    /** A base URL that paths resolve under, whether or not it was written with its trailing slash. */
    private static URI directory(URI url) {
        String text = url.toString();
        return text.endsWith("/") ? url : URI.create(text + "/");
    }
}

package no.dpe.tracker.app.keys;

import java.nio.file.Path;
import java.time.Clock;

import no.dpe.tracker.app.TrackerProperties;
import no.dpe.tracker.app.transport.TransportProperties;
import no.dpe.tracker.gateway.standin.EinnsynStandIn;
import no.dpe.tracker.packaging.DpePackages;
import no.dpe.tracker.packaging.EnterpriseKey;
import no.dpe.tracker.packaging.KeystoreException;
import no.dpe.tracker.packaging.Keystores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads our enterprise key from the configured keystore, or makes one on first start under the data directory and
 * keeps it, on the embedded default and against a development emulator only: with a real Service Bus namespace the
 * registry must know our certificate, so it is the organisation's own. A keystore that is missing, unreadable,
 * expired or without the alias stops the start-up with one line saying which ({@link KeystoreFailureAnalyzer}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeystoreProperties.class)
class KeysConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KeysConfiguration.class);

    @Bean
    Keys keys(KeystoreProperties keystore, TrackerProperties tracker, TransportProperties transport, Clock clock) {
        EnterpriseKey ours;
        if (keystore.path() == null) {
            if (!transport.isDevelopment()) {
                throw new KeystoreException("dpe.tracker.keystore.path is not set: with a Service Bus namespace or "
                        + "connection string the tracker signs and decrypts with the organisation's enterprise "
                        + "certificate, which it does not make up");
            }
            Path generated = tracker.dataDir().resolve("keystore.p12");
            ours = Keystores.loadOrGenerate(generated, keystore.password(), keystore.alias(),
                    tracker.organisationNumber(), "dpe-tracker " + tracker.organisationNumber(), clock.instant());
            log.info("No keystore configured: using the self-signed {} kept in {}", ours, generated);
        } else {
            ours = Keystores.load(keystore.path(), keystore.type(), keystore.password(), keystore.alias(),
                    keystore.keyPassword(), clock.instant());
            log.info("Enterprise key: {} from {}", ours, keystore.path());
        }
        EnterpriseKey standIn = null;
        if (transport.standInEnabled()) {
            Path path = transport.einnsynStandIn().keystore() != null ? transport.einnsynStandIn().keystore()
                    : tracker.dataDir().resolve("einnsyn-stand-in.p12");
            standIn = Keystores.loadOrGenerate(path, "einnsyn-stand-in", "einnsyn", EinnsynStandIn.EINNSYN,
                    "eInnsyn (stand-in)", clock.instant());
        }
        return new Keys(ours, standIn);
    }

    @Bean
    DpePackages ourPackages(Keys keys) {
        return keys.ourPackages();
    }
}

package no.dpe.tracker.app.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Service Bus transport, {@code dpe.tracker.servicebus.*}; documented in application.yml.
 * With neither a connection string nor a namespace the tracker runs the in-process emulator.
 */
@ConfigurationProperties(prefix = "dpe.tracker.servicebus")
public record TransportProperties(
        String connectionString,
        String namespace,
        List<String> modes,
        String receiptMode,
        int maxConcurrentCalls,
        int prefetchCount,
        Duration tryTimeout,
        Duration receiptDeadline,
        Duration outagePatience,
        Embedded embedded,
        StandIn einnsynStandIn) {

    /** The in-process emulator. */
    public record Embedded(int port, String keyName, String key, Duration duplicateDetection, int maxMessageSize) {

        /** The key left out: settings end up in logs and error reports. */
        @Override
        public String toString() {
            return "Embedded[port=" + port + ", keyName=" + keyName + ", duplicateDetection=" + duplicateDetection
                    + ", maxMessageSize=" + maxMessageSize + "]";
        }
    }

    /**
     * eInnsyn's stand-in; null {@code enabled} means: on exactly when the emulator is embedded.
     *
     * @param keystore the stand-in's own key, made there on first start; null: under the data directory
     */
    public record StandIn(Boolean enabled, Duration answerPause, Path keystore) {
    }

    public boolean isEmbedded() {
        return isBlank(connectionString) && isBlank(namespace);
    }

    /**
     * The in-process emulator, or a standalone one ({@code UseDevelopmentEmulator=true}): no real DPE network, so a
     * generated key and the in-process service registry will do.
     */
    public boolean isDevelopment() {
        return isEmbedded() || (isBlank(namespace) && connectionString.contains("UseDevelopmentEmulator=true"));
    }

    public boolean standInEnabled() {
        return einnsynStandIn == null || einnsynStandIn.enabled() == null
                ? isEmbedded()
                : einnsynStandIn.enabled();
    }

    /** The connection string left out (it holds the shared access key): settings end up in logs. */
    @Override
    public String toString() {
        return "TransportProperties[connectionString=" + (isBlank(connectionString) ? "none" : "(set)")
                + ", namespace=" + namespace + ", modes=" + modes + ", receiptMode=" + receiptMode
                + ", maxConcurrentCalls=" + maxConcurrentCalls + ", prefetchCount=" + prefetchCount + ", tryTimeout=" + tryTimeout + ", receiptDeadline="
                + receiptDeadline + ", outagePatience=" + outagePatience + ", embedded=" + embedded
                + ", einnsynStandIn=" + einnsynStandIn + "]";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}

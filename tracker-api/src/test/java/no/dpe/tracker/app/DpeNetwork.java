package no.dpe.tracker.app;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import no.dpe.tracker.app.registry.ServiceRegistryStandIn;
import no.dpe.tracker.gateway.Mode;
import no.dpe.tracker.packaging.DpePackages;
import no.dpe.tracker.packaging.EnterpriseKey;
import no.dpe.tracker.packaging.Keystores;

/**
 * The parts of the DPE network that tests of several trackers share: each organisation's enterprise key (a keystore
 * made for it) and one service registry that knows them all, with the queues each listens on.
 */
public final class DpeNetwork implements AutoCloseable {

    public static final String PASSWORD = "changeit";
    public static final String ALIAS = "tracker";

    private final Path dir;
    private final ServiceRegistryStandIn registry;
    private final Map<String, EnterpriseKey> keys = new ConcurrentHashMap<>();

    public DpeNetwork(Path dir) {
        this(dir, ServiceRegistryStandIn.plain().start());
    }

    public DpeNetwork(Path dir, ServiceRegistryStandIn registry) {
        this.dir = dir;
        this.registry = registry;
    }

    /** The organisation's keystore, made on first use. */
    public Path keystore(String orgnr) {
        key(orgnr);
        return dir.resolve(orgnr + ".p12");
    }

    public EnterpriseKey key(String orgnr) {
        return keys.computeIfAbsent(orgnr, number -> Keystores.loadOrGenerate(dir.resolve(number + ".p12"), PASSWORD,
                ALIAS, number, "Organisation " + number, Instant.now()));
    }

    public DpePackages packages(String orgnr) {
        return new DpePackages(key(orgnr));
    }

    /** Registers the organisation's DPE records for the modes it listens on, with its certificate. */
    public DpeNetwork listensOn(String orgnr, Mode... modes) {
        for (Mode mode : modes) {
            registry.listensOn(orgnr, "Organisation " + orgnr, mode, key(orgnr).certificate());
        }
        return this;
    }

    public ServiceRegistryStandIn registry() {
        return registry;
    }

    /** The settings a tracker for the organisation needs to take part: its keystore and the shared registry. */
    public List<String> trackerArguments(String orgnr) {
        return List.of("--dpe.tracker.keystore.path=" + keystore(orgnr),
                "--dpe.tracker.keystore.password=" + PASSWORD,
                "--dpe.tracker.keystore.alias=" + ALIAS,
                "--dpe.tracker.service-registry.url=" + registry.url());
    }

    @Override
    public void close() {
        registry.close();
    }
}

package no.dpe.tracker.app;

import java.util.List;

import no.dpe.tracker.app.chain.OfflineVerifier;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The tracker: follows eInnsyn (DPE) messages through eFormidling and keeps their history as events.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TrackerApplication {

    /**
     * Starts the tracker; {@code verify export.ndjson checkpoints.json} instead checks an audit export offline and
     * exits (adr/0015-tamper-evident-history.md), without starting anything.
     */
    public static void main(String[] args) {
        if (args.length > 0 && "verify".equals(args[0])) {
            System.exit(OfflineVerifier.run(List.of(args).subList(1, args.length), System.out));
        }
        SpringApplication.run(TrackerApplication.class, args);
    }
}

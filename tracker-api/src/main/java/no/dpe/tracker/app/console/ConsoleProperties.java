package no.dpe.tracker.app.console;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The console's settings ({@code dpe.tracker.console.*}).
 *
 * @param zone the time zone the console writes times in (its readers are in Norway)
 */
@ConfigurationProperties("dpe.tracker.console")
public record ConsoleProperties(ZoneId zone) {

    public ConsoleProperties {
        zone = zone == null ? ZoneId.of("Europe/Oslo") : zone;
    }
}

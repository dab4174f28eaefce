package no.dpe.tracker.gateway;

import java.util.Locale;

/** A DPE queue suffix: which kind of traffic an integration point receives on a queue. */
public enum Mode {
    /** Innsynskrav arrive here; the default mode of an agency. */
    INNSYN,
    /** Publishing (journalpost) to eInnsyn. */
    DATA,
    /** Meeting publishing. */
    MEETING;

    public String suffix() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Mode of(String suffix) {
        return valueOf(suffix.trim().toUpperCase(Locale.ROOT));
    }
}

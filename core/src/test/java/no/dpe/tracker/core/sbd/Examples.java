package no.dpe.tracker.core.sbd;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;

/**
 * The example documents from the domain brief, copied into the test resources so that tests, here and in
 * other modules (through core's test-jar), do not depend on files outside the build.
 */
public final class Examples {

    public static final String INNSYNSKRAV = "innsynskrav.sbd.json";
    public static final String PUBLISERING_JOURNALPOST = "publisering-journalpost.sbd.json";
    public static final String PUBLISERING_MOTE = "publisering-mote.sbd.json";
    public static final String STATUS_MOTTATT = "status-mottatt.sbd.json";
    public static final String EINNSYN_KVITTERING = "einnsyn-kvittering.sbd.json";

    public static final List<String> ALL =
            List.of(INNSYNSKRAV, PUBLISERING_JOURNALPOST, PUBLISERING_MOTE, STATUS_MOTTATT, EINNSYN_KVITTERING);

    /** 2026-11-20T09:00:00+01:00: before every deadline in the examples, so they also pass as outgoing. */
    public static final Clock CLOCK = Clock.fixed(
            OffsetDateTime.parse("2026-11-20T09:00:00+01:00").toInstant(),
            OffsetDateTime.parse("2026-11-20T09:00:00+01:00").getOffset());

    private Examples() {
    }

    /** The example's text, exactly as in the file. */
    public static String json(String fileName) {
        try (InputStream in = Examples.class.getResourceAsStream("examples/" + fileName)) {
            if (in == null) {
                throw new IllegalArgumentException("no example document named " + fileName + "; known: " + ALL);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Sbd sbd(String fileName) {
        try {
            return Sbd.parse(json(fileName));
        } catch (SbdParseException e) {
            throw new IllegalStateException("example " + fileName + " does not parse", e);
        }
    }

    /** The example with a change made to (a copy of) its JSON: for tests of what happens when one thing differs. */
    public static Sbd sbd(String fileName, Consumer<ObjectNode> change) {
        ObjectNode json = sbd(fileName).json();
        change.accept(json);
        return Sbd.of(json);
    }
}

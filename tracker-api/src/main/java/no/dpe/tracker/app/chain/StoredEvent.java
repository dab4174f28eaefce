package no.dpe.tracker.app.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Base64;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event as the event table holds it, with what its row says of its place in its conversation's hash chain: the
 * hash of its canonical form ({@link #canonicalForm}) and the hash of the event before it. The canonical form and
 * its hash are specified in adr/0015-tamper-evident-history.md, so that anyone can check a chain without this code.
 *
 * @param position      the global position (not part of the hash: the chain is per conversation)
 * @param payloadType   the payload's class name as stored
 * @param payload       the payload's JSON as stored
 * @param metadata      the metadata's JSON as stored, or null
 * @param hash          the hash stored with the event (lower-case hex), or null if it has none
 * @param previousHash  the hash of the event before it in its conversation, stored with it; null for a first event
 */
public record StoredEvent(long position,
                          String aggregateIdentifier,
                          String aggregateType,
                          long sequenceNumber,
                          String eventIdentifier,
                          String payloadType,
                          String payloadRevision,
                          Instant timestamp,
                          JsonNode payload,
                          JsonNode metadata,
                          String hash,
                          String previousHash) {

    /** The name and version of the canonical form: part of it, so a later form can never collide with this one. */
    public static final String FORM = "dpe-tracker-event/1";

    private static final DateTimeFormatter NINE_DIGITS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(java.time.ZoneOffset.UTC);

    /** Reads a row's stored bytes; JSON that does not parse is carried as its Base64 (a form of its own). */
    public static StoredEvent fromRow(long position, String aggregateIdentifier, String aggregateType,
                                      long sequenceNumber, String eventIdentifier, String payloadType,
                                      String payloadRevision, String timestamp, byte[] payload, byte[] metadata,
                                      String hash, String previousHash) {
        return new StoredEvent(position, aggregateIdentifier, aggregateType, sequenceNumber, eventIdentifier,
                payloadType, payloadRevision, Instant.parse(timestamp), storedJson(payload), storedJson(metadata), hash,
                previousHash);
    }

    /** Stored JSON as a tree; bytes that are not JSON as {"base64": ...}, a form of their own. */
    public static JsonNode storedJson(byte[] stored) {
        if (stored == null) {
            return null;
        }
        try {
            return CanonicalJson.parse(stored);
        } catch (IOException e) {
            ObjectNode bytes = JsonNodeFactory.instance.objectNode();
            bytes.put("base64", Base64.getEncoder().encodeToString(stored));
            return bytes;
        }
    }

    /** The same event under another sequence number: to tell an event moved from an event changed. */
    StoredEvent atSequence(long sequence) {
        return new StoredEvent(position, aggregateIdentifier, aggregateType, sequence, eventIdentifier,
                payloadType, payloadRevision, timestamp, payload, metadata, hash, previousHash);
    }

    /**
     * The canonical form chained to {@code previous}: a JSON object of the event's identity, content and time, and
     * the previous hash, written by {@link CanonicalJson}.
     */
    public byte[] canonicalForm(String previous) {
        // the members in their sorted order, written straight out: this runs for every event stored and verified
        StringBuilder out = new StringBuilder(512);
        out.append("{\"aggregateIdentifier\":");
        nullableString(aggregateIdentifier, out);
        out.append(",\"aggregateType\":");
        nullableString(aggregateType, out);
        out.append(",\"eventIdentifier\":");
        nullableString(eventIdentifier, out);
        out.append(",\"form\":\"").append(FORM).append("\",\"metadata\":");
        CanonicalJson.append(metadata, out);
        out.append(",\"payload\":");
        CanonicalJson.append(payload, out);
        out.append(",\"payloadRevision\":");
        nullableString(payloadRevision, out);
        out.append(",\"payloadType\":");
        nullableString(payloadType, out);
        out.append(",\"previousHash\":");
        nullableString(previous, out);
        out.append(",\"sequenceNumber\":").append(sequenceNumber);
        out.append(",\"timestamp\":\"");
        nineDigits(timestamp, out);
        out.append("\"}");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The instant as yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ: the date part as ISO writes it, the nanoseconds always nine. */
    private static void nineDigits(Instant timestamp, StringBuilder out) {
        long seconds = timestamp.getEpochSecond();
        if (seconds < 0 || seconds >= 253_402_300_800L) {
            out.append(NINE_DIGITS.format(timestamp));
            return;
        }
        java.time.LocalDateTime time = java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC);
        out.append(time.getYear()).append('-');
        two(time.getMonthValue(), out);
        out.append('-');
        two(time.getDayOfMonth(), out);
        out.append('T');
        two(time.getHour(), out);
        out.append(':');
        two(time.getMinute(), out);
        out.append(':');
        two(time.getSecond(), out);
        out.append('.');
        String nanos = Integer.toString(timestamp.getNano());
        for (int i = nanos.length(); i < 9; i++) {
            out.append('0');
        }
        out.append(nanos).append('Z');
    }

    private static void two(int value, StringBuilder out) {
        if (value < 10) {
            out.append('0');
        }
        out.append(value);
    }

    private static void nullableString(String text, StringBuilder out) {
        if (text == null) {
            out.append("null");
        } else {
            CanonicalJson.string(text, out);
        }
    }

    /** The hash this event should carry when chained to {@code previous} (null for a conversation's first). */
    public String computeHash(String previous) {
        return sha256Hex(canonicalForm(previous));
    }

    /** Whether the stored hash is that of the event's content chained to its stored previous hash. */
    public boolean contentMatchesHash() {
        return hash != null && hash.equals(computeHash(previousHash));
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    public static byte[] sha256(byte[] bytes) {
        return SHA_256.get().digest(bytes);
    }

    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    });
}

package no.dpe.tracker.app.conversations;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.projections.message.MessageFilter;
import no.dpe.tracker.projections.state.ConversationSearch;

/**
 * Query parameters of the read APIs, parsed here rather than by Spring's binding so that every bad value
 * becomes an RFC 7807 problem naming the parameter and the rule.
 */
public final class QueryParameters {

    /** next-move's page size. */
    public static final int DEFAULT_SIZE = 10;
    public static final int MAX_SIZE = 1000;
    private static final Pattern NINE_DIGITS = Pattern.compile("\\d{9}");

    private QueryParameters() {
    }

    /**
     * Support's search, from the API's parameters or the console's form, each checked as the API checks it.
     * {@code stuckFor} (a duration) becomes "unchanged since" that long before {@code now}.
     */
    public static ConversationSearch conversationSearch(Optional<String> id, Optional<String> organisation,
                                                        Optional<String> process, Optional<String> status,
                                                        Optional<String> direction, Optional<String> from,
                                                        Optional<String> to, Optional<String> stuckFor, Instant now) {
        Duration stuck = duration("stuckFor", stuckFor);
        return new ConversationSearch(id.map(String::trim).filter(text -> !text.isBlank()).orElse(null),
                organisation("organisation", organisation), process("process", process),
                oneOf("status", status, MessageStatus.class), oneOf("direction", direction, Direction.class),
                instant("from", from), instant("to", to), stuck == null ? null : now.minus(stuck));
    }

    /** An ISO-8601 instant with an offset: 2026-11-20T10:00:00Z or 2026-11-20T11:00:00+01:00. */
    public static Instant instant(String field, Optional<String> value) {
        return value.filter(text -> !text.isBlank()).map(text -> {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw ClientError.invalid(field, "date-time",
                        field + " must be an ISO-8601 date-time with an offset, such as 2026-11-20T10:00:00Z; was '"
                                + text + "'");
            }
        }).orElse(null);
    }

    /** An ISO-8601 duration such as PT2H, not negative. */
    public static Duration duration(String field, Optional<String> value) {
        return value.filter(text -> !text.isBlank()).map(text -> {
            Duration duration;
            try {
                duration = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw ClientError.invalid(field, "duration",
                        field + " must be an ISO-8601 duration such as PT2H; was '" + text + "'");
            }
            if (duration.isNegative()) {
                throw ClientError.invalid(field, "duration", field + " must not be negative; was '" + text + "'");
            }
            return duration;
        }).orElse(null);
    }

    public static <E extends Enum<E>> E oneOf(String field, Optional<String> value, Class<E> type) {
        return value.filter(text -> !text.isBlank()).map(text -> {
            try {
                return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ClientError.invalid(field, "one-of", field + " must be one of "
                        + Arrays.toString(type.getEnumConstants()) + "; was '" + text + "'");
            }
        }).orElse(null);
    }

    public static Boolean bool(String field, Optional<String> value) {
        return value.filter(text -> !text.isBlank()).map(text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ClientError.invalid(field, "boolean", field + " must be true or false; was '" + text + "'");
        }).orElse(null);
    }

    /** An organisation number, with or without the "0192:" prefix next-move clients use. */
    public static String organisation(String field, Optional<String> value) {
        return value.filter(text -> !text.isBlank()).map(text -> {
            String orgnr = text.startsWith("0192:") ? text.substring(5) : text;
            if (!NINE_DIGITS.matcher(orgnr).matches()) {
                throw ClientError.invalid(field, "orgnr",
                        field + " must be an organisation number (nine digits, optionally 0192:); was '" + text + "'");
            }
            return orgnr;
        }).orElse(null);
    }

    /**
     * A DPE process by its identifier (urn:no:difi:profile:einnsyn:...) or its name (JOURNALPOST); "DPE", the
     * service identifier all of them share, filters nothing.
     */
    public static DpeProcess process(String field, Optional<String> value) {
        return value.filter(text -> !text.isBlank() && !text.equalsIgnoreCase("DPE")).map(text ->
                DpeProcess.fromIdentifier(text).or(() -> Arrays.stream(DpeProcess.values())
                                .filter(process -> process.name().equalsIgnoreCase(text)).findFirst())
                        .orElseThrow(() -> ClientError.invalid(field, "one-of", field
                                + " must be a DPE process identifier, a process name or DPE; was '" + text + "'")))
                .orElse(null);
    }

    /** A DPE process by its identifier only (urn:no:difi:profile:einnsyn:...), as next-move's own endpoints take it. */
    public static DpeProcess processIdentifier(String field, String identifier) {
        return DpeProcess.fromIdentifier(identifier).orElseThrow(
                () -> ClientError.invalid(field, "one-of", "Not a DPE process: " + identifier));
    }

    public static int page(Optional<String> value) {
        int page = integer("page", value, 0);
        if (page < 0) {
            throw ClientError.invalid("page", "range", "page must be 0 or more; was " + page);
        }
        return page;
    }

    public static int size(Optional<String> value) {
        int size = integer("size", value, DEFAULT_SIZE);
        if (size < 1 || size > MAX_SIZE) {
            throw ClientError.invalid("size", "range", "size must be 1 to " + MAX_SIZE + "; was " + size);
        }
        return size;
    }

    public static long position(String field, Optional<String> value) {
        long position = value.filter(text -> !text.isBlank()).map(text -> {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw ClientError.invalid(field, "integer", field + " must be a whole number; was '" + text + "'");
            }
        }).orElse(0L);
        if (position < 0) {
            throw ClientError.invalid(field, "range", field + " must be 0 or more; was " + position);
        }
        return position;
    }

    private static int integer(String field, Optional<String> value, int fallback) {
        return value.filter(text -> !text.isBlank()).map(text -> {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw ClientError.invalid(field, "integer", field + " must be a whole number; was '" + text + "'");
            }
        }).orElse(fallback);
    }

    /**
     * The messages a next-move query asks for, or empty when it names another service identifier than DPE or a
     * process that is not DPE's: nothing here can match, and the real integration point answers such a query with
     * nothing rather than an error. Organisation numbers are taken with or without 0192:; a malformed one, or a status
     * that is none, is a 400 problem.
     */
    public static Optional<MessageFilter> messages(Direction direction, Optional<String> conversationId,
                                                   Optional<String> messageId, Optional<String> process,
                                                   Optional<String> serviceIdentifier, Optional<String> sender,
                                                   Optional<String> receiver, Optional<String> status) {
        Optional<String> processIdentifier = process.filter(text -> !text.isBlank());
        Optional<DpeProcess> dpeProcess = processIdentifier.flatMap(DpeProcess::fromIdentifier);
        if (!serviceIdentifier.filter(text -> !text.isBlank()).map("DPE"::equals).orElse(true)
                || (processIdentifier.isPresent() && dpeProcess.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new MessageFilter(direction, text(conversationId), text(messageId),
                dpeProcess.orElse(null), oneOf("status", status, MessageStatus.class),
                organisation("senderIdentifier", sender), organisation("receiverIdentifier", receiver)));
    }

    private static String text(Optional<String> value) {
        return value.filter(text -> !text.isBlank()).orElse(null);
    }
}

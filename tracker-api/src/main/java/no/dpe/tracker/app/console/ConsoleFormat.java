package no.dpe.tracker.app.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.context.MessageSource;

/**
 * How the console writes times and durations: local time in Norway (where its users are), to the second, and a
 * duration as its two largest units ("2 h 5 min"), in the reader's language. Handed to every template as {@code fmt}.
 */
public final class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final ZoneId zone;
    private final MessageSource messages;
    private final Locale locale;
    private final Instant now;

    ConsoleFormat(ZoneId zone, MessageSource messages, Locale locale, Instant now) {
        this.zone = zone;
        this.messages = messages;
        this.locale = locale;
        this.now = now;
    }

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(zone));
    }

    /** The machine-readable form for a {@code <time datetime>}. */
    public String iso(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    public String since(Instant instant) {
        return instant == null ? "" : duration(Duration.between(instant, now));
    }

    public String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return unit("days", days) + (hours > 0 ? " " + unit("hours", hours) : "");
        }
        if (hours > 0) {
            return unit("hours", hours) + (minutes > 0 ? " " + unit("minutes", minutes) : "");
        }
        if (minutes > 0) {
            return unit("minutes", minutes);
        }
        return unit("seconds", seconds);
    }

    public String bytes(long size) {
        if (size < 1024) {
            return size + " B";
        }
        if (size < 1024 * 1024) {
            return String.format(locale, "%.1f KiB", size / 1024.0);
        }
        return String.format(locale, "%.1f MiB", size / (1024.0 * 1024.0));
    }

    private String unit(String unit, long amount) {
        return messages.getMessage("duration." + unit, new Object[] {amount}, locale);
    }
}

package no.dpe.tracker.projections.feed;

import java.time.Instant;
import java.time.ZoneOffset;

import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.projections.EventPositions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Appends every status a message is given, and every kvittering, to {@code status_feed} under the event's
 * global position. A row per position makes replays harmless (the row is there already) and lets a reader
 * resume where it stopped. Queuing for sending is not a status and has no row.
 */
@ProcessingGroup(StatusFeedProjection.PROCESSING_GROUP)
public class StatusFeedProjection {

    public static final String PROCESSING_GROUP = "status-feed";

    private final JdbcTemplate jdbc;
    private final EventPositions positions;

    public StatusFeedProjection(JdbcTemplate jdbc, EventPositions positions) {
        this.jdbc = jdbc;
        this.positions = positions;
    }

    @EventHandler
    void on(ConversationEvent event, @MessageIdentifier String eventId, @Timestamp Instant recordedAt) {
        long position = positions.of(eventId);
        if (event instanceof MessageCreatedEvent created) {
            append(position, event, created.status(), null, null, recordedAt);
        } else if (event instanceof MessageReceivedEvent received) {
            append(position, event, received.status(),
                    received.uncorrelatedKvittering() ? "An eInnsyn-kvittering that answers nothing we sent" : null,
                    null, recordedAt);
        } else if (event instanceof MessageStatusRecordedEvent status) {
            append(position, event, status.status(), status.description(), null, recordedAt);
        } else if (event instanceof KvitteringRecordedEvent kvittering) {
            append(position, event, null, describe(kvittering),
                    kvittering.status() == null ? null : kvittering.status().toString(), recordedAt);
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM status_feed");
    }

    private void append(long position, ConversationEvent event, MessageStatus status, String description,
                        String rawReceipt, Instant recordedAt) {
        Integer present = jdbc.queryForObject("SELECT COUNT(*) FROM status_feed WHERE id = ?", Integer.class,
                position);
        if (present != null && present > 0) {
            return;
        }
        // Events of one conversation are handled in order, so the message's first row is already here.
        Long first = jdbc.queryForObject("SELECT MIN(id) FROM status_feed WHERE message_id = ? AND direction = ?",
                Long.class, event.messageId(), event.direction().name());
        jdbc.update("INSERT INTO status_feed (id, conv_id, conversation_id, message_id, direction, status, "
                        + "description, raw_receipt, occurred_at, last_update) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                position, first == null ? position : first, event.conversationId(), event.messageId(),
                event.direction().name(), status == null ? null : status.name(), description, rawReceipt,
                event.occurredAt().atOffset(ZoneOffset.UTC), recordedAt.atOffset(ZoneOffset.UTC));
    }

    private static String describe(KvitteringRecordedEvent kvittering) {
        String outcome = kvittering.published() ? "published by eInnsyn" : "not published by eInnsyn";
        return "einnsyn_kvittering (" + kvittering.referanseType() + "): " + outcome
                + (kvittering.warnings().isEmpty() ? "" : "; " + String.join("; ", kvittering.warnings()));
    }
}

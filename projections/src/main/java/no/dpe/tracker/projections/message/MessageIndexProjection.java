package no.dpe.tracker.projections.message;

import java.time.Instant;
import java.util.List;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.FileAttachedEvent;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.MessageQueuedForSendingEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;

import static no.dpe.tracker.projections.Sql.utc;

/**
 * Keeps {@code message_index} and the messages' files ({@code attachment}) in step with the events. It runs in the processing group
 * {@value #PROCESSING_GROUP}, which the application subscribes in the command's own transaction: a
 * messageId used by another conversation fails the command, and nothing is indexed that was not stored.
 * Handlers are idempotent, so a replay over existing rows changes nothing.
 */
@ProcessingGroup(MessageIndexProjection.PROCESSING_GROUP)
public class MessageIndexProjection {

    public static final String PROCESSING_GROUP = "message-index";

    private final JdbcTemplate jdbc;

    public MessageIndexProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(MessageCreatedEvent event, @Timestamp Instant recordedAt) {
        insert(event.conversationId(), event.messageId(), Direction.OUTGOING, event.details(), event.status(),
                event.sbd().toString(), recordedAt);
    }

    @EventHandler
    void on(MessageReceivedEvent event, @Timestamp Instant recordedAt) {
        insert(event.conversationId(), event.messageId(), Direction.INCOMING, event.details(), event.status(),
                event.sbd().toString(), recordedAt);
        if (event.receivedPackage() != null) {
            jdbc.update("UPDATE message_index SET package_sha256 = ? WHERE message_id = ? AND direction = ?",
                    event.receivedPackage().encrypted().sha256(), event.messageId(), Direction.INCOMING.name());
        }
        List<FileReference> files = event.files();
        for (int i = 0; i < files.size(); i++) {
            attach(event.messageId(), Direction.INCOMING, files.get(i), i, recordedAt);
        }
    }

    @EventHandler
    void on(FileAttachedEvent event, @Timestamp Instant recordedAt) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM attachment WHERE message_id = ? AND direction = ?",
                Integer.class, event.messageId(), Direction.OUTGOING.name());
        attach(event.messageId(), Direction.OUTGOING, event.file(), count == null ? 0 : count, recordedAt);
    }

    @EventHandler
    void on(MessageQueuedForSendingEvent event, @Timestamp Instant recordedAt) {
        jdbc.update("UPDATE message_index SET queued_for_sending = TRUE, last_update = ? "
                        + "WHERE message_id = ? AND direction = ?",
                utc(recordedAt), event.messageId(), Direction.OUTGOING.name());
    }

    @EventHandler
    void on(MessageStatusRecordedEvent event, @Timestamp Instant recordedAt) {
        MessageStatus current = event.currentStatus();
        boolean deadlineSettled = current.finishes() || current == MessageStatus.LEVETID_UTLOPT
                || event.afterDelivery();
        jdbc.update("UPDATE message_index SET status = ?, last_update = ?"
                        + (deadlineSettled ? ", open_deadline = NULL" : "")
                        + " WHERE message_id = ? AND direction = ?",
                current.name(), utc(recordedAt), event.messageId(), event.direction().name());
    }

    /** Idempotent, as a replay needs: a file the message lists already is left as it is. */
    private void attach(String messageId, Direction direction, FileReference file, int ordinal, Instant recordedAt) {
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM attachment WHERE message_id = ? AND direction = ? "
                + "AND name = ?", Integer.class, messageId, direction.name(), file.name());
        if (known != null && known > 0) {
            return;
        }
        jdbc.update("INSERT INTO attachment (message_id, direction, name, ordinal, filename, media_type, size, sha256, "
                        + "title, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                messageId, direction.name(), file.name(), ordinal,
                file.filename() != null ? file.filename() : file.name(), file.mediaType(), file.size(),
                file.sha256(), file.title(), utc(recordedAt));
    }

    private void insert(String conversationId, String messageId, Direction direction, MessageDetails details,
                        MessageStatus status, String sbd, Instant recordedAt) {
        List<String> owners = jdbc.queryForList(
                "SELECT conversation_id FROM message_index WHERE message_id = ? AND direction = ?",
                String.class, messageId, direction.name());
        if (!owners.isEmpty()) {
            if (owners.get(0).equals(conversationId)) {
                return;
            }
            throw new MessageIdInUseException(messageId, owners.get(0));
        }
        jdbc.update("INSERT INTO message_index (message_id, direction, conversation_id, process, document_type, "
                        + "sender, receiver, deadline, open_deadline, status, queued_for_sending, created_at, "
                        + "last_update, sbd) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?)",
                messageId, direction.name(), conversationId, details.process().name(),
                details.documentType().name(), details.sender(), details.receiver(), utc(details.deadline()),
                utc(details.deadline()), status.name(), utc(recordedAt), utc(recordedAt), sbd);
    }
}

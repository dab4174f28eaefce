package no.dpe.tracker.projections.message;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.projections.Sql;

/** Filters for listing messages; a null field does not filter. Organisation numbers are nine digits. */
public record MessageFilter(Direction direction, String conversationId, String messageId, DpeProcess process,
                            MessageStatus status, String sender, String receiver) {

    public static MessageFilter direction(Direction direction) {
        return new MessageFilter(direction, null, null, null, null, null, null);
    }

    /** The conditions on {@code message_index}, its columns named with {@code prefix} (e.g. "m."). */
    public Sql.Where where(String prefix) {
        return new Sql.Where()
                .andIf(direction, prefix + "direction = ?", name(direction))
                .andIf(conversationId, prefix + "conversation_id = ?", conversationId)
                .andIf(messageId, prefix + "message_id = ?", messageId)
                .andIf(process, prefix + "process = ?", name(process))
                .andIf(status, prefix + "status = ?", name(status))
                .andIf(sender, prefix + "sender = ?", sender)
                .andIf(receiver, prefix + "receiver = ?", receiver);
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}

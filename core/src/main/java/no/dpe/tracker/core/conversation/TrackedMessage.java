package no.dpe.tracker.core.conversation;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.MessageStatus;

/**
 * One message of a conversation, as far as the status lifecycle needs it (ADR 0003). State changes only
 * through the aggregate's event sourcing handlers; {@link #decide} is the state machine itself and has
 * no side effects.
 */
final class TrackedMessage {

    /** What a reported status does to a message. */
    record Decision(MessageStatus currentStatus, boolean late, boolean afterDelivery) {
    }

    private final String messageId;
    private final Direction direction;
    private final MessageDetails details;
    private final Set<MessageStatus> recorded = EnumSet.noneOf(MessageStatus.class);
    private final Set<MessageStatus> notSentBack = EnumSet.noneOf(MessageStatus.class);
    // by name, in the order attached
    private final Map<String, FileReference> files = new LinkedHashMap<>();
    private MessageStatus progress;
    private MessageStatus current;
    private boolean queuedForSending;

    TrackedMessage(String messageId, Direction direction, MessageDetails details, MessageStatus initial) {
        this.messageId = messageId;
        this.direction = direction;
        this.details = details;
        this.progress = initial;
        this.current = initial;
        recorded.add(initial);
    }

    /**
     * The lifecycle: the same status twice changes nothing; a progress status below the highest one so
     * far is late and leaves the current status alone; FEIL after delivery is recorded but marked; nothing
     * expires a finished message.
     *
     * @return empty when the status changes nothing and must produce no event
     */
    Optional<Decision> decide(MessageStatus status) {
        if (recorded.contains(status)) {
            return Optional.empty();
        }
        if (status.isProgress()) {
            return status.rank() < progress.rank()
                    ? Optional.of(new Decision(current, true, isFinished()))
                    : Optional.of(new Decision(status, false, false));
        }
        if (isFinished()) {
            return status == MessageStatus.FEIL
                    ? Optional.of(new Decision(current, false, true))
                    : Optional.empty();
        }
        return Optional.of(new Decision(status, false, false));
    }

    void record(MessageStatus status, MessageStatus currentStatus) {
        recorded.add(status);
        if (status.isProgress() && status.rank() > progress.rank()) {
            progress = status;
        }
        current = currentStatus;
    }

    void notSentBack(MessageStatus status) {
        notSentBack.add(status);
    }

    boolean wasNotSentBack(MessageStatus status) {
        return notSentBack.contains(status);
    }

    void attach(FileReference file) {
        files.put(file.name(), file);
    }

    Optional<FileReference> file(String name) {
        return Optional.ofNullable(files.get(name));
    }

    List<FileReference> files() {
        return List.copyOf(files.values());
    }

    void queuedForSending() {
        queuedForSending = true;
    }

    boolean isQueuedForSending() {
        return queuedForSending;
    }

    boolean isFinished() {
        return progress.finishes();
    }

    boolean isExpired() {
        return current == MessageStatus.LEVETID_UTLOPT;
    }

    /** The organisation on the other side of this message. */
    String counterpart() {
        return direction == Direction.OUTGOING ? details.receiver() : details.sender();
    }

    String messageId() {
        return messageId;
    }

    Direction direction() {
        return direction;
    }

    MessageDetails details() {
        return details;
    }

    // Value equality lets Axon's test fixture verify that sourcing the events rebuilds the same state.
    @Override
    public boolean equals(Object other) {
        return other instanceof TrackedMessage that
                && messageId.equals(that.messageId)
                && direction == that.direction
                && details.equals(that.details)
                && recorded.equals(that.recorded)
                && files.equals(that.files)
                && progress == that.progress
                && current == that.current
                && queuedForSending == that.queuedForSending;
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageId, direction);
    }
}

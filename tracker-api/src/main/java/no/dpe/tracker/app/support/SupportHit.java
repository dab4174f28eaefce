package no.dpe.tracker.app.support;

import java.time.Instant;
import java.util.List;

import no.dpe.tracker.projections.state.ConversationSummary;
import no.dpe.tracker.projections.state.MessageState;
import no.dpe.tracker.projections.state.WaitingOn;

/** A conversation as support sees it: at a glance, then each message with what it waits for. */
record SupportHit(ConversationSummary conversation, boolean finished, List<MessageReport> messages) {

    /** A message, its full state and history, and who must act next. */
    record MessageReport(MessageState message, WaitingOn waitingOn) {
    }

    static SupportHit of(ConversationSummary conversation, List<MessageState> messages, Instant now) {
        return new SupportHit(conversation, conversation.finished(),
                messages.stream().map(message -> new MessageReport(message, WaitingOn.of(message, now))).toList());
    }
}

package no.dpe.tracker.app.support;

import java.util.List;
import java.util.Map;

import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.state.ConversationSearch;
import no.dpe.tracker.projections.state.ConversationSummaries;
import no.dpe.tracker.projections.state.ConversationSummary;
import no.dpe.tracker.projections.state.MessageState;
import no.dpe.tracker.projections.state.MessageStates;
import org.springframework.stereotype.Component;

/**
 * The reads support's API and the console share: a page of conversations with their messages, and one conversation
 * with its messages. Blocking (JDBC): call it on a request thread.
 */
@Component
public class ConversationLookups {

    /** A conversation's summary and its messages, as read together. */
    public record Found(ConversationSummary summary, List<MessageState> messages) {
    }

    private final ConversationSummaries conversations;
    private final MessageStates messages;

    ConversationLookups(ConversationSummaries conversations, MessageStates messages) {
        this.conversations = conversations;
        this.messages = messages;
    }

    /** The page of conversations the search finds, each with its messages: two queries for the page's messages. */
    public Page<Found> search(ConversationSearch search, int page, int size) {
        Page<ConversationSummary> found = conversations.search(search, page, size);
        Map<String, List<MessageState>> theirMessages = messages.ofConversations(
                found.content().stream().map(ConversationSummary::conversationId).toList());
        return found.map(summary -> new Found(summary,
                theirMessages.getOrDefault(summary.conversationId(), List.of())));
    }

    /**
     * One conversation. Its summary is worked out from the messages read with it, as the projection works it out
     * when it stores it: one query fewer, and the summary cannot disagree with the messages beside it.
     *
     * @throws ClientError 404 when there is no such conversation
     */
    public Found conversation(String conversationId) {
        List<MessageState> its = messages.ofConversation(conversationId);
        if (its.isEmpty()) {
            throw ClientError.notFound("No conversation with id " + conversationId);
        }
        return new Found(ConversationSummary.of(conversationId, its), its);
    }
}

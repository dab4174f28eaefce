package no.dpe.tracker.projections.state;

import java.util.List;

import no.dpe.tracker.core.api.MessageStatus;
import org.junit.jupiter.api.Test;

import static no.dpe.tracker.projections.state.Events.T0;
import static no.dpe.tracker.projections.state.Events.created;
import static no.dpe.tracker.projections.state.Events.kvittering;
import static no.dpe.tracker.projections.state.Events.queued;
import static no.dpe.tracker.projections.state.Events.received;
import static no.dpe.tracker.projections.state.Events.status;
import static org.assertj.core.api.Assertions.assertThat;

/** The fold from a conversation's events to its messages' state, shared by the projection and the auditors. */
class MessageStateFoldTest {

    static Recorded at(int sequence, no.dpe.tracker.core.api.ConversationEvent event) {
        return new Recorded(event, sequence, 100L + sequence, T0.plusSeconds(sequence));
    }

    @Test
    void a_created_message_starts_at_opprettet_with_one_history_entry() {
        MessageState state = MessageStateFold.apply(null, at(0, created("c1", "m1")));

        assertThat(state.status()).isEqualTo(MessageStatus.OPPRETTET);
        assertThat(state.position()).isEqualTo(100L);
        assertThat(state.history()).extracting(StatusChange::status).containsExactly(MessageStatus.OPPRETTET);
        assertThat(state.queuedAt()).isNull();
    }

    @Test
    void statuses_are_kept_in_order_and_the_current_status_is_the_one_the_event_carries() {
        List<MessageState> messages = MessageStateFold.fold(List.of(
                at(0, created("c1", "m1")),
                at(1, queued("c1", "m1")),
                at(2, status("c1", "m1", MessageStatus.LEVERT, MessageStatus.LEVERT, false)),
                at(3, status("c1", "m1", MessageStatus.MOTTATT, MessageStatus.LEVERT, true))));

        MessageState state = messages.get(0);
        assertThat(state.status()).isEqualTo(MessageStatus.LEVERT);
        assertThat(state.queuedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(state.lastUpdate()).isEqualTo(T0.plusSeconds(3));
        assertThat(state.history()).extracting(StatusChange::status)
                .containsExactly(MessageStatus.OPPRETTET, MessageStatus.LEVERT, MessageStatus.MOTTATT);
        assertThat(state.history().get(2).late()).isTrue();
    }

    @Test
    void an_event_already_folded_in_changes_nothing() {
        MessageState once = MessageStateFold.fold(List.of(at(0, created("c1", "m1")),
                at(1, status("c1", "m1", MessageStatus.SENDT, MessageStatus.SENDT, false)))).get(0);

        assertThat(MessageStateFold.apply(once, at(1, status("c1", "m1", MessageStatus.SENDT, MessageStatus.SENDT,
                false)))).isSameAs(once);
        assertThat(MessageStateFold.apply(once, at(0, created("c1", "m1")))).isSameAs(once);
    }

    @Test
    void a_kvittering_is_attached_to_the_message_it_answers() {
        MessageState state = MessageStateFold.fold(List.of(at(0, created("c1", "m1")),
                at(1, kvittering("c1", "m1", false)))).get(0);

        assertThat(state.kvittering().published()).isFalse();
        assertThat(state.kvittering().warnings()).containsExactly("mangler tittel");
        assertThat(state.kvittering().status()).isEqualTo("{\"publisert\":false}");
    }

    @Test
    void a_conversation_folds_to_each_of_its_messages_in_the_order_they_appeared() {
        List<MessageState> messages = MessageStateFold.fold(List.of(at(0, received("c1", "in")),
                at(1, created("c1", "out"))));

        assertThat(messages).extracting(MessageState::messageId).containsExactly("in", "out");
    }

    @Test
    void an_event_about_a_message_never_created_is_ignored() {
        assertThat(MessageStateFold.fold(List.of(at(0, queued("c1", "m1"))))).isEmpty();
    }
}

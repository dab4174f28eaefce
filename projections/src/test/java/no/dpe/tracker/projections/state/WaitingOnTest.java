package no.dpe.tracker.projections.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.core.api.MessageStatus;
import org.junit.jupiter.api.Test;

import static no.dpe.tracker.projections.state.Events.T0;
import static no.dpe.tracker.projections.state.Events.created;
import static no.dpe.tracker.projections.state.Events.finishedByOurFagsystem;
import static no.dpe.tracker.projections.state.Events.kvittering;
import static no.dpe.tracker.projections.state.Events.notSentBack;
import static no.dpe.tracker.projections.state.Events.queued;
import static no.dpe.tracker.projections.state.Events.received;
import static no.dpe.tracker.projections.state.Events.status;
import static org.assertj.core.api.Assertions.assertThat;

/** Who a message waits for, worked out from its state and the time since it last changed. */
class WaitingOnTest {

    static MessageState after(ConversationEvent... events) {
        List<Recorded> recorded = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            recorded.add(new Recorded(events[i], i, (long) i, T0));
        }
        return MessageStateFold.fold(recorded).get(0);
    }

    static WaitingOn twoHoursLater(MessageState state) {
        return WaitingOn.of(state, T0.plus(Duration.ofHours(2)));
    }

    @Test
    void a_message_sent_two_hours_ago_waits_for_the_receiver_to_fetch_it_from_service_bus() {
        WaitingOn waiting = twoHoursLater(after(created("c", "m"), queued("c", "m"),
                status("c", "m", MessageStatus.SENDT, MessageStatus.SENDT, false)));

        assertThat(waiting.party()).isEqualTo(WaitingOn.Party.RECEIVER);
        assertThat(waiting.explanation())
                .isEqualTo("SENDT for 2 hours: the receiver 991825827 has not fetched it from Service Bus");
        assertThat(waiting.since()).isEqualTo(T0);
    }

    @Test
    void a_received_message_whose_mottatt_could_not_be_sent_back_still_waits_for_our_fagsystem_and_says_so() {
        WaitingOn waiting = twoHoursLater(after(received("c", "m"), notSentBack("c", "m", MessageStatus.MOTTATT)));

        assertThat(waiting.party()).isEqualTo(WaitingOn.Party.OUR_FAGSYSTEM);
        assertThat(waiting.explanation()).isEqualTo("INNKOMMENDE_MOTTATT for 2 hours: our fagsystem has not fetched "
                + "it; besides, MOTTATT could not be sent back to the sender 991825827 (The messaging entity "
                + "'nextbestqueue991825827data' could not be found), so the sender will see its deadline pass");
    }

    @Test
    void a_finished_message_whose_levert_could_not_be_sent_back_is_for_support() {
        WaitingOn waiting = twoHoursLater(after(received("c", "m"), finishedByOurFagsystem("c", "m"),
                notSentBack("c", "m", MessageStatus.LEVERT)));

        assertThat(waiting.party()).isEqualTo(WaitingOn.Party.SUPPORT);
        assertThat(waiting.explanation()).startsWith("INNKOMMENDE_LEVERT for 2 hours: LEVERT could not be sent back "
                + "to the sender 991825827");
    }

    @Test
    void a_created_message_not_queued_waits_for_our_fagsystem() {
        assertThat(twoHoursLater(after(created("c", "m"))).party()).isEqualTo(WaitingOn.Party.OUR_FAGSYSTEM);
    }

    @Test
    void a_queued_message_not_sent_waits_for_our_transport() {
        WaitingOn waiting = twoHoursLater(after(created("c", "m"), queued("c", "m")));

        assertThat(waiting.party()).isEqualTo(WaitingOn.Party.OUR_TRANSPORT);
        assertThat(waiting.explanation()).contains("Service Bus unreachable");
    }

    @Test
    void a_received_message_waits_for_our_fagsystem_to_fetch_it() {
        assertThat(twoHoursLater(after(received("c", "m"))).explanation())
                .isEqualTo("INNKOMMENDE_MOTTATT for 2 hours: our fagsystem has not fetched it");
    }

    @Test
    void a_failed_message_gives_the_reason() {
        WaitingOn waiting = twoHoursLater(after(created("c", "m"),
                status("c", "m", MessageStatus.FEIL, MessageStatus.FEIL, false)));

        assertThat(waiting.party()).isEqualTo(WaitingOn.Party.SUPPORT);
        assertThat(waiting.explanation()).endsWith("it failed: dead-lettered: no such queue");
    }

    @Test
    void an_expired_message_must_be_sent_again() {
        assertThat(twoHoursLater(after(created("c", "m"),
                status("c", "m", MessageStatus.LEVETID_UTLOPT, MessageStatus.LEVETID_UTLOPT, false))).explanation())
                .contains("must be sent again");
    }

    @Test
    void a_delivered_publisering_without_kvittering_waits_for_einnsyn_to_publish() {
        assertThat(twoHoursLater(after(created("c", "m"),
                status("c", "m", MessageStatus.LEVERT, MessageStatus.LEVERT, false))).party())
                .isEqualTo(WaitingOn.Party.EINNSYN);
    }

    @Test
    void a_published_message_waits_for_nobody() {
        assertThat(twoHoursLater(after(created("c", "m"),
                status("c", "m", MessageStatus.LEVERT, MessageStatus.LEVERT, false),
                kvittering("c", "m", true))).party()).isEqualTo(WaitingOn.Party.NOBODY);
    }

    @Test
    void the_time_is_said_in_its_largest_whole_unit() {
        assertThat(WaitingOn.humanized(Duration.ofSeconds(45))).isEqualTo("45 seconds");
        assertThat(WaitingOn.humanized(Duration.ofMinutes(61))).isEqualTo("1 hour");
        assertThat(WaitingOn.humanized(Duration.ofDays(3))).isEqualTo("3 days");
        assertThat(WaitingOn.of(after(created("c", "m")), T0.minusSeconds(5)).explanation())
                .startsWith("OPPRETTET for 0 seconds");
    }
}

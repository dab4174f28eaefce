package no.dpe.tracker.projections.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.Processor;
import org.axonframework.eventhandling.DomainEventMessage;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static no.dpe.tracker.projections.state.Events.EINNSYN;
import static no.dpe.tracker.projections.state.Events.T0;
import static no.dpe.tracker.projections.state.Events.created;
import static no.dpe.tracker.projections.state.Events.kvittering;
import static no.dpe.tracker.projections.state.Events.notSentBack;
import static no.dpe.tracker.projections.state.Events.received;
import static no.dpe.tracker.projections.state.Events.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The message-state projection, its handlers called as the processor calls them (a batch in a batching unit of
 * work) over a real H2 database migrated by Flyway.
 */
class MessageStateProjectionTest {

    MessageStateProjection projection;
    Processor processor;
    MessageStates states;
    ConversationSummaries conversations;
    long position;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        projection = new MessageStateProjection(jdbc, Processor.positions());
        processor = new Processor(projection);
        states = new MessageStates(jdbc);
        conversations = new ConversationSummaries(jdbc);
    }

    /** Handles an event in a batch of its own: the next global position, recorded {@code seconds} after T0. */
    void handle(long sequence, ConversationEvent event, long seconds) {
        processor.handle(next(sequence, event, seconds));
    }

    DomainEventMessage<ConversationEvent> next(long sequence, ConversationEvent event, long seconds) {
        return Processor.event(++position, sequence, event, T0.plusSeconds(seconds));
    }

    @Test
    void a_message_is_stored_with_its_full_status_history() {
        handle(0, created("c1", "m1"), 0);
        handle(1, status("c1", "m1", MessageStatus.LEVERT, MessageStatus.LEVERT, false), 10);
        handle(2, status("c1", "m1", MessageStatus.MOTTATT, MessageStatus.LEVERT, true), 20);
        handle(3, kvittering("c1", "m1", true), 30);

        MessageState state = states.find("m1", Direction.OUTGOING).orElseThrow();
        assertThat(state.status()).isEqualTo(MessageStatus.LEVERT);
        assertThat(state.position()).isEqualTo(1L);
        assertThat(state.lastUpdate()).isEqualTo(T0.plusSeconds(30));
        assertThat(state.history()).extracting(StatusChange::status)
                .containsExactly(MessageStatus.OPPRETTET, MessageStatus.LEVERT, MessageStatus.MOTTATT);
        assertThat(state.history()).extracting(StatusChange::late).containsExactly(false, false, true);
        assertThat(state.kvittering().published()).isTrue();
        assertThat(states.find(1)).contains(state);
    }

    @Test
    void the_stored_state_is_what_the_fold_gives_for_the_same_events() {
        handle(0, created("c1", "m1"), 0);
        handle(1, kvittering("c1", "m1", false), 5);

        MessageState folded = MessageStateFold.fold(List.of(
                new Recorded(created("c1", "m1"), 0, 1L, T0),
                new Recorded(kvittering("c1", "m1", false), 1, 2L, T0.plusSeconds(5)))).get(0);
        assertThat(states.find("m1", Direction.OUTGOING)).contains(folded);
    }

    @Test
    void a_status_that_could_not_be_sent_back_is_stored_with_the_message_and_changes_nothing_else() {
        handle(0, received("c1", "m1"), 0);
        handle(1, notSentBack("c1", "m1", MessageStatus.MOTTATT), 5);

        MessageState state = states.find("m1", Direction.INCOMING).orElseThrow();
        assertThat(state.status()).isEqualTo(MessageStatus.INNKOMMENDE_MOTTATT);
        assertThat(state.history()).extracting(StatusChange::status)
                .containsExactly(MessageStatus.INNKOMMENDE_MOTTATT);
        assertThat(state.statusNotSentBack().status()).isEqualTo(MessageStatus.MOTTATT);
        assertThat(state.statusNotSentBack().reason()).contains("could not be found");
        assertThat(state.statusNotSentBack().recordedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(state.lastUpdate()).isEqualTo(T0.plusSeconds(5));
        assertThat(states.find("m1", Direction.INCOMING)).contains(MessageStateFold.fold(List.of(
                new Recorded(received("c1", "m1"), 0, 1L, T0),
                new Recorded(notSentBack("c1", "m1", MessageStatus.MOTTATT), 1, 2L, T0.plusSeconds(5)))).get(0));
    }

    @Test
    void replaying_events_changes_nothing() {
        handle(0, created("c1", "m1"), 0);
        handle(1, status("c1", "m1", MessageStatus.SENDT, MessageStatus.SENDT, false), 10);
        MessageState before = states.find("m1", Direction.OUTGOING).orElseThrow();

        position = 0;
        handle(0, created("c1", "m1"), 0);
        handle(1, status("c1", "m1", MessageStatus.SENDT, MessageStatus.SENDT, false), 10);

        assertThat(states.find("m1", Direction.OUTGOING)).contains(before);
        assertThat(states.ofConversation("c1")).hasSize(1);
    }

    @Test
    void a_conversation_is_summarised_from_its_first_message_and_its_open_ones() {
        handle(0, received("c1", "in"), 0);
        handle(1, created("c1", "out"), 5);
        handle(2, status("c1", "out", MessageStatus.LEVERT, MessageStatus.LEVERT, false), 10);

        ConversationSummary summary = conversations.find("c1").orElseThrow();
        assertThat(summary.direction()).isEqualTo(Direction.INCOMING);
        assertThat(summary.process()).isEqualTo(DpeProcess.INNSYNSKRAV);
        assertThat(summary.messages()).isEqualTo(2);
        assertThat(summary.openMessages()).isEqualTo(1);
        assertThat(summary.status()).isEqualTo(MessageStatus.LEVERT);
        assertThat(summary.lastUpdate()).isEqualTo(T0.plusSeconds(10));
        assertThat(ConversationSummary.of("c1", states.ofConversation("c1")))
                .as("the summary a lookup works out from the messages it reads").isEqualTo(summary);
    }

    @Test
    void search_finds_a_conversation_by_a_message_id_or_either_party() {
        handle(0, created("c1", "m1"), 0);
        handle(0, received("c2", "m2"), 0);

        assertThat(conversations.search(new ConversationSearch("m1", null, null, null, null, null, null, null), 0, 10)
                .content()).extracting(ConversationSummary::conversationId).containsExactly("c1");
        assertThat(conversations.search(new ConversationSearch(null, EINNSYN, null, null, null, null, null, null), 0,
                10).totalElements()).isEqualTo(2);
    }

    @Test
    void every_page_of_a_search_tells_the_same_total() {
        for (int i = 0; i < 5; i++) {
            handle(0, created("c" + i, "m" + i), i);
        }

        for (int page = 0; page < 4; page++) {
            Page<ConversationSummary> found = conversations.search(ConversationSearch.all(), page, 2);
            assertThat(found.totalElements()).as("page %d", page).isEqualTo(5);
            assertThat(found.content()).hasSize(List.of(2, 2, 1, 0).get(page));
        }
        assertThat(conversations.search(ConversationSearch.all(), 0, 5).totalElements()).isEqualTo(5);
        assertThat(states.list(MessageQuery.all(), 1, 3).totalElements()).isEqualTo(5);
        assertThat(states.list(MessageQuery.all(), 2, 3).totalElements()).isEqualTo(5);
    }

    @Test
    void the_messages_of_several_conversations_are_each_conversations_own() {
        handle(0, received("c1", "in"), 0);
        handle(1, created("c1", "out"), 5);
        handle(2, status("c1", "out", MessageStatus.LEVERT, MessageStatus.LEVERT, false), 10);
        handle(0, created("c2", "m2"), 20);

        Map<String, List<MessageState>> found = states.ofConversations(List.of("c1", "c2", "c3"));

        assertThat(found).containsOnlyKeys("c1", "c2");
        assertThat(found.get("c1")).isEqualTo(states.ofConversation("c1"));
        assertThat(found.get("c2")).isEqualTo(states.ofConversation("c2"));
        assertThat(found.get("c1").get(1).history()).extracting(StatusChange::status)
                .containsExactly(MessageStatus.OPPRETTET, MessageStatus.LEVERT);
    }

    @Test
    void stuck_means_unfinished_and_unchanged_since_the_given_instant() {
        handle(0, created("c1", "old"), 0);
        handle(0, created("c2", "recent"), 3_600);
        handle(0, created("c3", "done"), 0);
        handle(1, status("c3", "done", MessageStatus.LEVERT, MessageStatus.LEVERT, false), 1);

        Instant unchangedSince = T0.plusSeconds(1_800);
        assertThat(conversations.search(new ConversationSearch(null, null, null, null, null, null, null,
                unchangedSince), 0, 10).content())
                .extracting(ConversationSummary::conversationId).containsExactly("c1");
    }

    @Test
    void a_batch_of_several_conversations_leaves_the_rows_one_event_at_a_time_leaves() {
        List<DomainEventMessage<ConversationEvent>> events = List.of(
                next(0, created("c1", "m1"), 0),
                next(0, received("c2", "in"), 1),
                next(1, status("c1", "m1", MessageStatus.SENDT, MessageStatus.SENDT, false), 2),
                next(1, created("c2", "out"), 3),
                next(2, status("c1", "m1", MessageStatus.LEVERT, MessageStatus.LEVERT, false), 4),
                next(2, status("c2", "out", MessageStatus.LEVERT, MessageStatus.LEVERT, false), 5),
                next(3, kvittering("c1", "m1", true), 6));
        processor.handle(events.subList(0, 2));
        List<MessageState> afterTwo = states.list(MessageQuery.all(), 0, 10).content();
        processor.handle(events.subList(2, events.size()));

        MessageStateProjectionTest oneByOne = new MessageStateProjectionTest();
        oneByOne.setUp();
        events.forEach(oneByOne.processor::handle);

        assertThat(afterTwo).hasSize(2);
        assertThat(states.list(MessageQuery.all(), 0, 10).content())
                .hasSize(3)
                .isEqualTo(oneByOne.states.list(MessageQuery.all(), 0, 10).content());
        assertThat(conversations.search(ConversationSearch.all(), 0, 10).content())
                .isEqualTo(oneByOne.conversations.search(ConversationSearch.all(), 0, 10).content());
        assertThat(states.find("m1", Direction.OUTGOING).orElseThrow().history()).extracting(StatusChange::status)
                .containsExactly(MessageStatus.OPPRETTET, MessageStatus.SENDT, MessageStatus.LEVERT);
        assertThat(conversations.find("c2").orElseThrow().messages()).isEqualTo(2);
    }

    @Test
    void replaying_a_batch_that_overlaps_what_was_stored_changes_nothing() {
        List<DomainEventMessage<ConversationEvent>> events = List.of(
                next(0, created("c1", "m1"), 0),
                next(1, status("c1", "m1", MessageStatus.SENDT, MessageStatus.SENDT, false), 1),
                next(2, status("c1", "m1", MessageStatus.MOTTATT, MessageStatus.MOTTATT, false), 2));
        processor.handle(events.subList(0, 2));
        processor.handle(events);
        MessageState once = states.find("m1", Direction.OUTGOING).orElseThrow();

        processor.handle(events);

        assertThat(states.find("m1", Direction.OUTGOING)).contains(once);
        assertThat(once.history()).extracting(StatusChange::status)
                .containsExactly(MessageStatus.OPPRETTET, MessageStatus.SENDT, MessageStatus.MOTTATT);
    }

    @Test
    void a_reset_empties_every_table() {
        handle(0, created("c1", "m1"), 0);

        projection.reset();

        assertThat(states.list(MessageQuery.all(), 0, 10).totalElements()).isZero();
        assertThat(conversations.search(ConversationSearch.all(), 0, 10).totalElements()).isZero();
    }
}

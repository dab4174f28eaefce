package no.dpe.tracker.projections.feed;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.MessageQueuedForSendingEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.projections.Processor;
import org.axonframework.eventhandling.DomainEventMessage;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The status feed, its handler called as the processor calls it (a batch in a batching unit of work) over a real
 * H2 database migrated by Flyway.
 */
class StatusFeedProjectionTest {

    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    static final MessageDetails PUBLISERING = new MessageDetails(DpeProcess.JOURNALPOST, DocumentType.PUBLISERING,
            "986252932", "991825827", T0.plusSeconds(86_400));

    StatusFeedProjection projection;
    Processor processor;
    StatusFeed feed;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        projection = new StatusFeedProjection(jdbc, Processor.positions());
        processor = new Processor(projection);
        feed = new StatusFeed(jdbc);
    }

    /** Handles the event in a batch of its own, at this global position, recorded {@code position} s after T0. */
    void handle(long position, ConversationEvent event) {
        processor.handle(at(position, event));
    }

    static DomainEventMessage<ConversationEvent> at(long position, ConversationEvent event) {
        return Processor.event(position, position, event, T0.plusSeconds(position));
    }

    static MessageCreatedEvent created(String messageId) {
        return new MessageCreatedEvent("c1", messageId, PUBLISERING, JsonNodeFactory.instance.objectNode(),
                MessageStatus.OPPRETTET, T0, Source.FAGSYSTEM);
    }

    static MessageStatusRecordedEvent sendt(String messageId) {
        return new MessageStatusRecordedEvent("c1", messageId, Direction.OUTGOING, MessageStatus.SENDT, "on its way",
                MessageStatus.SENDT, false, false, T0, Source.TRANSPORT);
    }

    @Test
    void each_status_is_a_row_under_its_global_position_with_the_message_s_first_row_as_conv_id() {
        handle(7, created("m1"));
        handle(8, new MessageQueuedForSendingEvent("c1", "m1", List.of(), T0, Source.FAGSYSTEM));
        handle(9, sendt("m1"));

        assertThat(feed.list(FeedQuery.all(), 0, 10).content()).containsExactly(
                new FeedEntry(7, 7, "c1", "m1", Direction.OUTGOING, MessageStatus.OPPRETTET, null, null, T0,
                        T0.plusSeconds(7)),
                new FeedEntry(9, 7, "c1", "m1", Direction.OUTGOING, MessageStatus.SENDT, "on its way", null, T0,
                        T0.plusSeconds(9)));
    }

    @Test
    void a_kvittering_is_a_row_without_status_carrying_the_raw_receipt() {
        handle(1, created("m1"));
        handle(2, new KvitteringRecordedEvent("c1", "m1", "k1", "d1", "publisering", true, List.of(),
                JsonNodeFactory.instance.objectNode().put("publisert", true), T0, Source.COUNTERPART));

        FeedEntry row = feed.list(FeedQuery.all(), 0, 10).content().get(1);
        assertThat(row.status()).isNull();
        assertThat(row.rawReceipt()).isEqualTo("{\"publisert\":true}");
        assertThat(row.description()).contains("published by eInnsyn");
    }

    @Test
    void replaying_an_event_adds_no_row() {
        handle(1, created("m1"));
        handle(1, created("m1"));

        assertThat(feed.list(FeedQuery.all(), 0, 10).totalElements()).isEqualTo(1);
    }

    @Test
    void the_feed_filters_by_message_status_and_time() {
        handle(1, created("m1"));
        handle(2, created("m2"));
        handle(3, sendt("m2"));

        assertThat(feed.list(FeedQuery.ofMessage("m2"), 0, 10).totalElements()).isEqualTo(2);
        assertThat(feed.list(new FeedQuery(null, null, null, MessageStatus.SENDT, null, null), 0, 10).content())
                .extracting(FeedEntry::id).containsExactly(3L);
        assertThat(feed.list(new FeedQuery(2L, null, null, null, null, null), 0, 10).content())
                .extracting(FeedEntry::id).containsExactly(2L);
        assertThat(feed.list(new FeedQuery(null, null, "c1", null, T0.plusSeconds(2), T0.plusSeconds(2)), 0, 10)
                .content()).as("both ends inclusive, as next-move's BETWEEN")
                .extracting(FeedEntry::id).containsExactly(2L);
    }

    @Test
    void a_message_created_earlier_in_the_same_batch_is_its_later_rows_conv_id() {
        processor.handle(at(4, created("m1")), at(5, created("m2")), at(6, sendt("m1")));

        assertThat(feed.list(FeedQuery.all(), 0, 10).content())
                .extracting(FeedEntry::id, FeedEntry::convId)
                .containsExactly(tuple(4L, 4L),
                        tuple(5L, 5L), tuple(6L, 4L));
    }

    @Test
    void replaying_a_batch_that_overlaps_the_feed_adds_only_the_new_rows() {
        processor.handle(at(1, created("m1")), at(2, sendt("m1")));

        processor.handle(at(1, created("m1")), at(2, sendt("m1")), at(3, created("m2")));

        assertThat(feed.list(FeedQuery.all(), 0, 10).content()).extracting(FeedEntry::id)
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void a_reset_empties_the_feed() {
        handle(1, created("m1"));

        projection.reset();

        assertThat(feed.list(FeedQuery.all(), 0, 10).totalElements()).isZero();
    }
}

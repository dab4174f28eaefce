package no.dpe.tracker.projections.message;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.FileAttachedEvent;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.MessageQueuedForSendingEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The message index, its handlers called directly over a real H2 database migrated by Flyway. */
class MessageIndexProjectionTest {

    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    static final Instant DEADLINE = T0.plusSeconds(86_400);
    static final MessageDetails PUBLISERING = new MessageDetails(DpeProcess.JOURNALPOST, DocumentType.PUBLISERING,
            "986252932", "991825827", DEADLINE);
    static final MessageDetails INNSYNSKRAV = new MessageDetails(DpeProcess.INNSYNSKRAV, DocumentType.INNSYNSKRAV,
            "991825827", "986252932", DEADLINE);

    MessageIndexProjection projection;
    MessageIndex index;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        projection = new MessageIndexProjection(jdbc);
        index = new MessageIndex(jdbc);
    }

    static MessageCreatedEvent created(String conversationId, String messageId) {
        return new MessageCreatedEvent(conversationId, messageId, PUBLISERING,
                JsonNodeFactory.instance.objectNode().put("id", messageId), MessageStatus.OPPRETTET, T0,
                Source.FAGSYSTEM);
    }

    static MessageStatusRecordedEvent status(String conversationId, String messageId, MessageStatus status,
                                             MessageStatus current) {
        return new MessageStatusRecordedEvent(conversationId, messageId, Direction.OUTGOING, status, null, current,
                false, false, T0, Source.COUNTERPART);
    }

    @Test
    void a_created_message_is_indexed_as_opprettet_with_its_document() {
        projection.on(created("c1", "m1"), T0);

        MessageRow row = index.find("m1", Direction.OUTGOING).orElseThrow();
        assertThat(row.conversationId()).isEqualTo("c1");
        assertThat(row.status()).isEqualTo(MessageStatus.OPPRETTET);
        assertThat(row.documentType()).isEqualTo(DocumentType.PUBLISERING);
        assertThat(row.deadline()).isEqualTo(DEADLINE);
        assertThat(row.sbd()).isEqualTo("{\"id\":\"m1\"}");
        assertThat(row.queuedForSending()).isFalse();
    }

    @Test
    void a_status_event_sets_the_current_status_it_carries() {
        projection.on(created("c1", "m1"), T0);
        projection.on(status("c1", "m1", MessageStatus.MOTTATT, MessageStatus.MOTTATT), T0.plusSeconds(5));

        MessageRow row = index.find("m1", Direction.OUTGOING).orElseThrow();
        assertThat(row.status()).isEqualTo(MessageStatus.MOTTATT);
        assertThat(row.lastUpdate()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void queuing_for_sending_is_indexed() {
        projection.on(created("c1", "m1"), T0);
        projection.on(new MessageQueuedForSendingEvent("c1", "m1", List.of(), T0, Source.FAGSYSTEM), T0);

        assertThat(index.find("m1", Direction.OUTGOING).orElseThrow().queuedForSending()).isTrue();
    }

    @Test
    void replaying_a_creation_changes_nothing() {
        projection.on(created("c1", "m1"), T0);
        projection.on(status("c1", "m1", MessageStatus.SENDT, MessageStatus.SENDT), T0);
        projection.on(created("c1", "m1"), T0);

        assertThat(index.find("m1", Direction.OUTGOING).orElseThrow().status()).isEqualTo(MessageStatus.SENDT);
    }

    @Test
    void a_message_id_used_by_another_conversation_is_refused() {
        projection.on(created("c1", "m1"), T0);

        assertThatThrownBy(() -> projection.on(created("c2", "m1"), T0))
                .isInstanceOf(MessageIdInUseException.class)
                .hasMessageContaining("c1");
    }

    @Test
    void an_unfinished_message_is_due_once_its_deadline_has_come() {
        projection.on(created("c1", "m1"), T0);

        assertThat(index.dueDeadlines(DEADLINE.minusSeconds(1), 10)).isEmpty();
        assertThat(index.dueDeadlines(DEADLINE, 10))
                .containsExactly(new DueDeadline("c1", "m1", Direction.OUTGOING, DEADLINE));
    }

    @Test
    void a_finished_message_has_no_deadline_left() {
        projection.on(created("c1", "m1"), T0);
        projection.on(status("c1", "m1", MessageStatus.LEVERT, MessageStatus.LEVERT), T0);

        assertThat(index.dueDeadlines(DEADLINE.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void an_expired_message_is_not_due_again() {
        projection.on(created("c1", "m1"), T0);
        projection.on(status("c1", "m1", MessageStatus.LEVETID_UTLOPT, MessageStatus.LEVETID_UTLOPT), DEADLINE);

        assertThat(index.dueDeadlines(DEADLINE.plusSeconds(60), 10)).isEmpty();
    }

    @Test
    void listing_filters_by_direction_and_pages_newest_first() {
        for (int i = 0; i < 3; i++) {
            projection.on(created("c" + i, "out" + i), T0.plusSeconds(i));
        }
        projection.on(new MessageReceivedEvent("c9", "in1", INNSYNSKRAV, JsonNodeFactory.instance.objectNode(),
                List.of(), MessageStatus.INNKOMMENDE_MOTTATT, false, T0, Source.TRANSPORT), T0);

        var page = index.list(MessageFilter.direction(Direction.OUTGOING), 0, 2);

        assertThat(page.totalElements()).isEqualTo(3);
        assertThat(page.totalPages()).isEqualTo(2);
        assertThat(page.content()).extracting(MessageRow::messageId).containsExactly("out2", "out1");
    }

    static final FileReference JOURNALPOST = new FileReference("journalpost.json", "journalpost.json",
            "application/json", 42, "ab".repeat(32), "Journalpost");
    static final FileReference VEDLEGG = new FileReference("vedlegg.pdf", "vedlegg.pdf", "application/pdf", 7,
            "cd".repeat(32), null);

    @Test
    void attached_files_are_listed_in_the_order_they_were_attached() {
        projection.on(created("c1", "m1"), T0);
        projection.on(new FileAttachedEvent("c1", "m1", VEDLEGG, T0, Source.FAGSYSTEM), T0);
        projection.on(new FileAttachedEvent("c1", "m1", JOURNALPOST, T0, Source.FAGSYSTEM), T0);

        assertThat(index.files("m1", Direction.OUTGOING)).containsExactly(VEDLEGG, JOURNALPOST);
    }

    @Test
    void an_incoming_file_is_listed_beside_an_outgoing_one_of_the_same_message_id_and_name() {
        FileReference incoming = new FileReference("journalpost.json", "journalpost.json", "application/json", 9,
                "ef".repeat(32), null);
        projection.on(created("c1", "m1"), T0);
        projection.on(new FileAttachedEvent("c1", "m1", JOURNALPOST, T0, Source.FAGSYSTEM), T0);
        projection.on(new MessageReceivedEvent("c1", "m1", INNSYNSKRAV, JsonNodeFactory.instance.objectNode(),
                List.of(incoming), MessageStatus.INNKOMMENDE_MOTTATT, false, T0, Source.TRANSPORT), T0);

        assertThat(index.files("m1", Direction.OUTGOING)).containsExactly(JOURNALPOST);
        assertThat(index.files("m1", Direction.INCOMING)).containsExactly(incoming);
    }

    @Test
    void replaying_an_attachment_lists_the_file_once() {
        projection.on(created("c1", "m1"), T0);
        FileAttachedEvent attached = new FileAttachedEvent("c1", "m1", JOURNALPOST, T0, Source.FAGSYSTEM);
        projection.on(attached, T0);
        projection.on(attached, T0);

        assertThat(index.files("m1", Direction.OUTGOING)).containsExactly(JOURNALPOST);
    }
}

package no.dpe.tracker.core.conversation;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import no.dpe.tracker.core.api.AttachFileCommand;
import no.dpe.tracker.core.api.CreateAndSendMessageCommand;
import no.dpe.tracker.core.api.CreateMessageCommand;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.ExpireMessageCommand;
import no.dpe.tracker.core.api.FileAttachedEvent;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.MessageQueuedForSendingEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.api.PackageSigner;
import no.dpe.tracker.core.api.ReceivedPackage;
import no.dpe.tracker.core.api.ReceiveMessageCommand;
import no.dpe.tracker.core.api.RecordKvitteringCommand;
import no.dpe.tracker.core.api.RecordStatusCommand;
import no.dpe.tracker.core.api.RecordStatusNotSentBackCommand;
import no.dpe.tracker.core.api.SendMessageCommand;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.api.StatusNotSentBackEvent;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static no.dpe.tracker.core.api.MessageStatus.FEIL;
import static no.dpe.tracker.core.api.MessageStatus.INNKOMMENDE_LEVERT;
import static no.dpe.tracker.core.api.MessageStatus.INNKOMMENDE_MOTTATT;
import static no.dpe.tracker.core.api.MessageStatus.LEVERT;
import static no.dpe.tracker.core.api.MessageStatus.LEVETID_UTLOPT;
import static no.dpe.tracker.core.api.MessageStatus.MOTTATT;
import static no.dpe.tracker.core.api.MessageStatus.OPPRETTET;
import static no.dpe.tracker.core.api.MessageStatus.SENDT;

/** The conversation's rules, given/when/then (ADR 0003). */
class ConversationTest {

    static final String CONVERSATION = "c0ffee00-1234-4abc-9def-0123456789ab";
    static final String MESSAGE = "7d1e2f30-4a5b-4c6d-8e9f-0a1b2c3d4e5f";
    static final String KVITTERING = "e1d2c3b4-a596-4788-9a0b-1c2d3e4f5a6b";
    static final String AGENCY = "986252932";
    static final String EINNSYN = "991825827";
    static final Instant CREATED = Instant.parse("2026-11-20T09:00:00Z");
    static final Instant DEADLINE = Instant.parse("2026-11-21T09:00:00Z");
    static final JsonNode SBD = JsonNodeFactory.instance.objectNode().put("marker", "the document");
    static final MessageDetails PUBLISERING = new MessageDetails(DpeProcess.JOURNALPOST, DocumentType.PUBLISERING,
            AGENCY, EINNSYN, DEADLINE);
    static final MessageDetails INNSYNSKRAV = new MessageDetails(DpeProcess.INNSYNSKRAV, DocumentType.INNSYNSKRAV,
            EINNSYN, AGENCY, DEADLINE);
    static final MessageDetails KVITTERING_DETAILS = new MessageDetails(DpeProcess.RESPONSE,
            DocumentType.EINNSYN_KVITTERING, EINNSYN, AGENCY, DEADLINE);
    static final FileReference FILE = new FileReference("journalpost.json", "journalpost.json", "application/json",
            42, "ab".repeat(32), null);

    AggregateTestFixture<Conversation> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversation.class);
    }

    static MessageCreatedEvent created() {
        return new MessageCreatedEvent(CONVERSATION, MESSAGE, PUBLISERING, SBD, OPPRETTET, CREATED, Source.FAGSYSTEM);
    }

    static MessageQueuedForSendingEvent queued() {
        return new MessageQueuedForSendingEvent(CONVERSATION, MESSAGE, List.of(FILE), at(1), Source.FAGSYSTEM);
    }

    static final ReceivedPackage PACKAGE = new ReceivedPackage(new FileReference("asic.zip", "asic.zip",
            "application/pkcs7-mime", 4242, "cd".repeat(32), null),
            new PackageSigner("C=NO,O=eInnsyn,OrganizationIdentifier=NTRNO-991825827,SERIALNUMBER=991825827,CN=eInnsyn",
                    EINNSYN, "1f", "CN=Test CA"));

    static MessageReceivedEvent received() {
        return new MessageReceivedEvent(CONVERSATION, MESSAGE, INNSYNSKRAV, SBD, List.of(FILE), INNKOMMENDE_MOTTATT,
                false, CREATED, Source.TRANSPORT, PACKAGE);
    }

    static MessageStatusRecordedEvent outgoing(MessageStatus status, MessageStatus current, boolean late,
                                               boolean afterDelivery, Instant at, Source source) {
        return new MessageStatusRecordedEvent(CONVERSATION, MESSAGE, Direction.OUTGOING, status, null, current, late,
                afterDelivery, at, source);
    }

    static MessageStatusRecordedEvent outgoing(MessageStatus status, Source source, Instant at) {
        return outgoing(status, status, false, false, at, source);
    }

    static RecordStatusCommand fromTransport(MessageStatus status, Instant at) {
        return new RecordStatusCommand(CONVERSATION, MESSAGE, null, status, null, at, Source.TRANSPORT, null);
    }

    static RecordStatusCommand fromEinnsyn(MessageStatus status, Instant at) {
        return new RecordStatusCommand(CONVERSATION, MESSAGE, null, status, null, at, Source.COUNTERPART, EINNSYN);
    }

    static Instant at(int minutes) {
        return CREATED.plusSeconds(60L * minutes);
    }

    @Nested
    class CreatingAndSending {

        @Test
        void creating_an_outgoing_message_records_it_as_opprettet() {
            fixture.givenNoPriorActivity()
                    .when(new CreateMessageCommand(CONVERSATION, MESSAGE, PUBLISERING, SBD, CREATED))
                    .expectEvents(created());
        }

        @Test
        void creating_the_same_message_id_twice_creates_no_second_message() {
            fixture.given(created())
                    .when(new CreateMessageCommand(CONVERSATION, MESSAGE, PUBLISERING, SBD, at(5)))
                    .expectNoEvents();
        }

        @Test
        void sending_queues_the_message_for_the_transport_with_its_files() {
            fixture.given(created())
                    .when(new SendMessageCommand(CONVERSATION, MESSAGE, List.of(FILE), at(1)))
                    .expectEvents(queued());
        }

        @Test
        void sending_the_same_message_twice_queues_it_once() {
            fixture.given(created(), queued())
                    .when(new SendMessageCommand(CONVERSATION, MESSAGE, List.of(FILE), at(2)))
                    .expectNoEvents();
        }

        @Test
        void sending_a_message_the_conversation_does_not_have_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(new SendMessageCommand(CONVERSATION, MESSAGE, List.of(FILE), at(1)))
                    .expectException(UnknownMessageException.class)
                    .expectNoEvents();
        }

        @Test
        void sending_an_expired_message_is_refused() {
            fixture.given(created(), outgoing(LEVETID_UTLOPT, Source.TIMER, DEADLINE))
                    .when(new SendMessageCommand(CONVERSATION, MESSAGE, List.of(FILE), at(1)))
                    .expectException(MessageExpiredException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class AttachingFiles {

        static final FileReference OTHER = new FileReference("journalpost.json", "journalpost.json",
                "application/json", 43, "cd".repeat(32), null);
        static final FileReference SECOND = new FileReference("vedlegg.pdf", "vedlegg.pdf", "application/pdf", 7,
                "ef".repeat(32), "Vedlegg");

        static final long LIMIT = 2L * 1024 * 1024;

        static FileAttachedEvent attached(FileReference file, Instant at) {
            return new FileAttachedEvent(CONVERSATION, MESSAGE, file, at, Source.FAGSYSTEM);
        }

        @Test
        void a_file_for_a_created_message_is_attached_to_it() {
            fixture.given(created())
                    .when(new AttachFileCommand(CONVERSATION, MESSAGE, FILE, LIMIT, at(1)))
                    .expectEvents(attached(FILE, at(1)));
        }

        @Test
        void the_same_file_again_changes_nothing() {
            fixture.given(created(), attached(FILE, at(1)))
                    .when(new AttachFileCommand(CONVERSATION, MESSAGE, FILE, LIMIT, at(2)))
                    .expectNoEvents();
        }

        @Test
        void another_file_under_a_name_the_message_has_is_refused() {
            fixture.given(created(), attached(FILE, at(1)))
                    .when(new AttachFileCommand(CONVERSATION, MESSAGE, OTHER, LIMIT, at(2)))
                    .expectException(FileNameTakenException.class)
                    .expectNoEvents();
        }

        @Test
        void a_file_for_a_message_already_sent_is_refused() {
            fixture.given(created(), attached(FILE, at(1)), queued())
                    .when(new AttachFileCommand(CONVERSATION, MESSAGE, SECOND, LIMIT, at(2)))
                    .expectException(MessageAlreadySentException.class)
                    .expectNoEvents();
        }

        @Test
        void a_file_for_a_message_the_conversation_does_not_have_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(new AttachFileCommand(CONVERSATION, MESSAGE, FILE, LIMIT, at(1)))
                    .expectException(UnknownMessageException.class)
                    .expectNoEvents();
        }

        @Test
        void a_status_message_takes_no_file() {
            MessageDetails status = new MessageDetails(DpeProcess.RESPONSE, DocumentType.STATUS, AGENCY, EINNSYN,
                    DEADLINE);
            fixture.given(new MessageCreatedEvent(CONVERSATION, MESSAGE, status, SBD, OPPRETTET, CREATED,
                            Source.FAGSYSTEM))
                    .when(new AttachFileCommand(CONVERSATION, MESSAGE, FILE, LIMIT, at(1)))
                    .expectException(ReceiptCarriesNoFilesException.class)
                    .expectNoEvents();
        }

        @Test
        void sending_sends_the_attached_files_in_the_order_they_were_attached() {
            fixture.given(created(), attached(SECOND, at(1)), attached(FILE, at(2)))
                    .when(new SendMessageCommand(CONVERSATION, MESSAGE, List.of(), at(3)))
                    .expectEvents(new MessageQueuedForSendingEvent(CONVERSATION, MESSAGE, List.of(SECOND, FILE), at(3),
                            Source.FAGSYSTEM));
        }

        @Test
        void sending_adds_files_the_caller_knows_of_that_were_uploaded_before_uploads_were_events() {
            fixture.given(created(), attached(SECOND, at(1)))
                    .when(new SendMessageCommand(CONVERSATION, MESSAGE, List.of(SECOND, FILE), at(3)))
                    .expectEvents(new MessageQueuedForSendingEvent(CONVERSATION, MESSAGE, List.of(SECOND, FILE), at(3),
                            Source.FAGSYSTEM));
        }

        @Test
        void create_and_send_records_the_message_its_files_and_the_hand_over_at_once() {
            fixture.givenNoPriorActivity()
                    .when(new CreateAndSendMessageCommand(CONVERSATION, MESSAGE, PUBLISERING, SBD, List.of(FILE, SECOND),
                            LIMIT, CREATED))
                    .expectEvents(created(), attached(FILE, CREATED), attached(SECOND, CREATED),
                            new MessageQueuedForSendingEvent(CONVERSATION, MESSAGE, List.of(FILE, SECOND), CREATED,
                                    Source.FAGSYSTEM));
        }

        @Test
        void create_and_send_with_two_files_of_one_name_records_nothing() {
            fixture.givenNoPriorActivity()
                    .when(new CreateAndSendMessageCommand(CONVERSATION, MESSAGE, PUBLISERING, SBD, List.of(FILE, OTHER),
                            LIMIT, CREATED))
                    .expectException(FileNameTakenException.class)
                    .expectNoEvents();
        }

        @Test
        void a_file_that_takes_the_message_over_dpes_size_limit_is_refused() {
            FileReference big = new FileReference("vedlegg.pdf", "vedlegg.pdf", "application/pdf", LIMIT - 41,
                    "ef".repeat(32), null);
            fixture.given(created(), attached(FILE, at(1)))
                    .when(new AttachFileCommand(CONVERSATION, MESSAGE, big, LIMIT, at(2)))
                    .expectException(MessageTooLargeException.class)
                    .expectNoEvents();
        }

        @Test
        void create_and_send_over_dpes_size_limit_records_nothing() {
            FileReference big = new FileReference("vedlegg.pdf", "vedlegg.pdf", "application/pdf", LIMIT,
                    "ef".repeat(32), null);
            fixture.givenNoPriorActivity()
                    .when(new CreateAndSendMessageCommand(CONVERSATION, MESSAGE, PUBLISERING, SBD, List.of(FILE, big),
                            LIMIT, CREATED))
                    .expectException(MessageTooLargeException.class)
                    .expectNoEvents();
        }

        @Test
        void create_and_send_of_a_message_the_conversation_has_changes_nothing() {
            fixture.given(created())
                    .when(new CreateAndSendMessageCommand(CONVERSATION, MESSAGE, PUBLISERING, SBD, List.of(FILE),
                            LIMIT, at(1)))
                    .expectNoEvents();
        }
    }

    @Nested
    class Receiving {

        @Test
        void receiving_a_message_records_it_as_innkommende_mottatt() {
            fixture.givenNoPriorActivity()
                    .when(new ReceiveMessageCommand(CONVERSATION, MESSAGE, INNSYNSKRAV, SBD, List.of(FILE), CREATED,
                            at(1), PACKAGE))
                    .expectEvents(received());
        }

        @Test
        void receiving_the_same_message_id_twice_records_it_once() {
            fixture.given(received())
                    .when(new ReceiveMessageCommand(CONVERSATION, MESSAGE, INNSYNSKRAV, SBD, List.of(FILE), CREATED,
                            at(3), PACKAGE))
                    .expectNoEvents();
        }

        @Test
        void a_message_that_arrives_after_its_deadline_is_recorded_and_expired_at_once() {
            Instant late = DEADLINE.plusSeconds(1);
            fixture.givenNoPriorActivity()
                    .when(new ReceiveMessageCommand(CONVERSATION, MESSAGE, INNSYNSKRAV, SBD, List.of(FILE), CREATED,
                            late, PACKAGE))
                    .expectEvents(received(), new MessageStatusRecordedEvent(CONVERSATION, MESSAGE,
                            Direction.INCOMING, LEVETID_UTLOPT,
                            "The deadline " + DEADLINE + " had passed when the message arrived", LEVETID_UTLOPT,
                            false, false, late, Source.TRANSPORT));
        }

        @Test
        void the_fagsystem_finishing_an_incoming_message_records_innkommende_levert() {
            fixture.given(received())
                    .when(new RecordStatusCommand(CONVERSATION, MESSAGE, null, INNKOMMENDE_LEVERT, null, at(10),
                            Source.FAGSYSTEM, null))
                    .expectEvents(new MessageStatusRecordedEvent(CONVERSATION, MESSAGE, Direction.INCOMING,
                            INNKOMMENDE_LEVERT, null, INNKOMMENDE_LEVERT, false, false, at(10), Source.FAGSYSTEM));
        }

        @Test
        void a_status_that_could_not_be_sent_back_is_recorded_and_leaves_the_message_as_it_was() {
            fixture.given(received())
                    .when(new RecordStatusNotSentBackCommand(CONVERSATION, MESSAGE, MOTTATT, "no such queue", at(1)))
                    .expectEvents(new StatusNotSentBackEvent(CONVERSATION, MESSAGE, MOTTATT, "no such queue", at(1),
                            Source.TRANSPORT));
        }

        @Test
        void the_same_status_not_sent_back_twice_is_recorded_once_and_another_status_again() {
            StatusNotSentBackEvent mottatt = new StatusNotSentBackEvent(CONVERSATION, MESSAGE, MOTTATT,
                    "no such queue", at(1), Source.TRANSPORT);
            fixture.given(received(), mottatt)
                    .when(new RecordStatusNotSentBackCommand(CONVERSATION, MESSAGE, MOTTATT, "no such queue", at(2)))
                    .expectNoEvents();
            fixture.given(received(), mottatt)
                    .when(new RecordStatusNotSentBackCommand(CONVERSATION, MESSAGE, LEVERT, "no such queue", at(9)))
                    .expectEvents(new StatusNotSentBackEvent(CONVERSATION, MESSAGE, LEVERT, "no such queue", at(9),
                            Source.TRANSPORT));
        }

        @Test
        void a_status_not_sent_back_for_a_message_we_did_not_receive_is_refused() {
            fixture.given(created())
                    .when(new RecordStatusNotSentBackCommand(CONVERSATION, MESSAGE, MOTTATT, "no such queue", at(1)))
                    .expectException(UnknownMessageException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Idempotency {

        @Test
        void the_same_status_for_the_same_message_twice_produces_no_second_event() {
            fixture.given(created(), queued(), outgoing(SENDT, Source.TRANSPORT, at(2)))
                    .when(fromTransport(SENDT, at(3)))
                    .expectNoEvents();
        }

        @Test
        void a_redelivered_mottatt_produces_no_second_event() {
            fixture.given(created(), queued(), outgoing(SENDT, Source.TRANSPORT, at(2)),
                            outgoing(MOTTATT, Source.COUNTERPART, at(3)))
                    .when(fromEinnsyn(MOTTATT, at(3)))
                    .expectNoEvents();
        }

        @Test
        void the_same_feil_twice_produces_no_second_event() {
            fixture.given(created(), outgoing(FEIL, Source.TRANSPORT, at(2)))
                    .when(fromTransport(FEIL, at(4)))
                    .expectNoEvents();
        }
    }

    @Nested
    class Ranking {

        @Test
        void a_higher_status_moves_the_current_status_forward() {
            fixture.given(created(), queued(), outgoing(SENDT, Source.TRANSPORT, at(2)))
                    .when(fromEinnsyn(MOTTATT, at(3)))
                    .expectEvents(outgoing(MOTTATT, Source.COUNTERPART, at(3)));
        }

        @Test
        void a_status_may_skip_ahead_of_ones_not_yet_seen() {
            fixture.given(created(), queued(), outgoing(SENDT, Source.TRANSPORT, at(2)))
                    .when(fromEinnsyn(LEVERT, at(4)))
                    .expectEvents(outgoing(LEVERT, Source.COUNTERPART, at(4)));
        }

        @Test
        void a_lower_status_after_a_higher_one_is_kept_as_late_without_moving_the_current_status_back() {
            fixture.given(created(), queued(), outgoing(SENDT, Source.TRANSPORT, at(2)),
                            outgoing(LEVERT, Source.COUNTERPART, at(4)))
                    .when(fromEinnsyn(MOTTATT, at(3)))
                    .expectEvents(outgoing(MOTTATT, LEVERT, true, true, at(3), Source.COUNTERPART));
        }

        @Test
        void sendt_recorded_after_mottatt_is_late_and_the_current_status_stays_mottatt() {
            fixture.given(created(), queued(), outgoing(MOTTATT, Source.COUNTERPART, at(3)))
                    .when(fromTransport(SENDT, at(2)))
                    .expectEvents(outgoing(SENDT, MOTTATT, true, false, at(2), Source.TRANSPORT));
        }

        @Test
        void a_progress_status_after_feil_moves_the_current_status_on() {
            fixture.given(created(), queued(), outgoing(SENDT, Source.TRANSPORT, at(2)),
                            outgoing(FEIL, Source.TRANSPORT, at(3)))
                    .when(fromEinnsyn(MOTTATT, at(4)))
                    .expectEvents(outgoing(MOTTATT, Source.COUNTERPART, at(4)));
        }
    }

    @Nested
    class Finishing {

        @Test
        void an_expiry_after_levert_produces_no_event() {
            fixture.given(created(), queued(), outgoing(LEVERT, Source.COUNTERPART, at(4)))
                    .when(new ExpireMessageCommand(CONVERSATION, MESSAGE, Direction.OUTGOING, DEADLINE))
                    .expectNoEvents();
        }

        @Test
        void an_expiry_after_innkommende_levert_produces_no_event() {
            fixture.given(received(), new MessageStatusRecordedEvent(CONVERSATION, MESSAGE, Direction.INCOMING,
                            INNKOMMENDE_LEVERT, null, INNKOMMENDE_LEVERT, false, false, at(10), Source.FAGSYSTEM))
                    .when(new ExpireMessageCommand(CONVERSATION, MESSAGE, Direction.INCOMING, DEADLINE))
                    .expectNoEvents();
        }

        @Test
        void an_unfinished_message_expires_at_its_deadline() {
            fixture.given(created(), queued(), outgoing(SENDT, Source.TRANSPORT, at(2)))
                    .when(new ExpireMessageCommand(CONVERSATION, MESSAGE, Direction.OUTGOING, DEADLINE))
                    .expectEvents(new MessageStatusRecordedEvent(CONVERSATION, MESSAGE, Direction.OUTGOING,
                            LEVETID_UTLOPT, "The deadline " + DEADLINE
                                    + " passed before the message was delivered (LEVERT)",
                            LEVETID_UTLOPT, false, false, DEADLINE, Source.TIMER));
        }

        @Test
        void a_message_expires_only_once() {
            fixture.given(created(), outgoing(LEVETID_UTLOPT, Source.TIMER, DEADLINE))
                    .when(new ExpireMessageCommand(CONVERSATION, MESSAGE, Direction.OUTGOING, DEADLINE))
                    .expectNoEvents();
        }

        @Test
        void feil_after_levert_is_recorded_and_marked_as_arriving_after_delivery() {
            fixture.given(created(), queued(), outgoing(LEVERT, Source.COUNTERPART, at(4)))
                    .when(fromTransport(FEIL, at(5)))
                    .expectEvents(outgoing(FEIL, LEVERT, false, true, at(5), Source.TRANSPORT));
        }

        @Test
        void levert_after_the_deadline_passed_still_delivers_the_message() {
            fixture.given(created(), queued(), outgoing(SENDT, Source.TRANSPORT, at(2)),
                            outgoing(LEVETID_UTLOPT, Source.TIMER, DEADLINE))
                    .when(fromEinnsyn(LEVERT, DEADLINE.plusSeconds(5)))
                    .expectEvents(outgoing(LEVERT, Source.COUNTERPART, DEADLINE.plusSeconds(5)));
        }
    }

    @Nested
    class Refusals {

        @Test
        void a_status_for_an_unknown_message_is_refused() {
            fixture.given(created())
                    .when(new RecordStatusCommand(CONVERSATION, "00000000-0000-4000-8000-000000000000", null, MOTTATT,
                            null, at(3), Source.COUNTERPART, EINNSYN))
                    .expectException(UnknownMessageException.class)
                    .expectNoEvents();
        }

        @Test
        void a_status_for_a_conversation_never_seen_is_refused() {
            fixture.givenNoPriorActivity()
                    .when(fromEinnsyn(MOTTATT, at(3)))
                    .expectException(UnknownMessageException.class)
                    .expectNoEvents();
        }

        @Test
        void an_outgoing_status_for_an_incoming_message_is_refused() {
            fixture.given(received())
                    .when(fromEinnsyn(MOTTATT, at(3)))
                    .expectException(StatusDoesNotFitDirectionException.class)
                    .expectNoEvents();
        }

        @Test
        void an_incoming_status_for_an_outgoing_message_is_refused() {
            fixture.given(created())
                    .when(new RecordStatusCommand(CONVERSATION, MESSAGE, null, INNKOMMENDE_LEVERT, null, at(3),
                            Source.FAGSYSTEM, null))
                    .expectException(StatusDoesNotFitDirectionException.class)
                    .expectNoEvents();
        }

        @Test
        void opprettet_cannot_be_reported_as_a_status() {
            fixture.given(created())
                    .when(fromTransport(OPPRETTET, at(3)))
                    .expectException(StatusNotReportableException.class)
                    .expectNoEvents();
        }

        @Test
        void a_status_from_someone_other_than_the_counterpart_is_refused() {
            fixture.given(created(), queued())
                    .when(new RecordStatusCommand(CONVERSATION, MESSAGE, null, LEVERT, null, at(3),
                            Source.COUNTERPART, "910076787"))
                    .expectException(SenderMismatchException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Kvittering {

        static final JsonNode STATUS = JsonNodeFactory.instance.objectNode().put("publisert", true);

        RecordKvitteringCommand kvittering(String referanseType, MessageDetails details) {
            return new RecordKvitteringCommand(CONVERSATION, KVITTERING, "http://data.einnsyn.no/noark5/journalpost/1",
                    referanseType, true, List.of(), STATUS, details, SBD, at(6));
        }

        @Test
        void a_kvittering_is_recorded_on_the_publisering_it_answers_and_received_as_a_message_of_its_own() {
            fixture.given(created(), queued(), outgoing(LEVERT, Source.COUNTERPART, at(4)))
                    .when(kvittering("publisering", KVITTERING_DETAILS))
                    .expectEvents(new MessageReceivedEvent(CONVERSATION, KVITTERING, KVITTERING_DETAILS, SBD,
                                    List.of(), INNKOMMENDE_MOTTATT, false, at(6), Source.TRANSPORT),
                            new KvitteringRecordedEvent(CONVERSATION, MESSAGE, KVITTERING,
                                    "http://data.einnsyn.no/noark5/journalpost/1", "publisering", true, List.of(),
                                    STATUS, at(6), Source.COUNTERPART));
        }

        @Test
        void the_fagsystem_finishing_a_kvittering_it_received_records_innkommende_levert() {
            fixture.given(created(), queued(), new MessageReceivedEvent(CONVERSATION, KVITTERING, KVITTERING_DETAILS,
                            SBD, List.of(), INNKOMMENDE_MOTTATT, false, at(6), Source.TRANSPORT))
                    .when(new RecordStatusCommand(CONVERSATION, KVITTERING, Direction.INCOMING, INNKOMMENDE_LEVERT,
                            null, at(7), Source.FAGSYSTEM, null))
                    .expectEvents(new MessageStatusRecordedEvent(CONVERSATION, KVITTERING, Direction.INCOMING,
                            INNKOMMENDE_LEVERT, null, INNKOMMENDE_LEVERT, false, false, at(7), Source.FAGSYSTEM));
        }

        @Test
        void the_same_kvittering_twice_is_recorded_once() {
            fixture.given(created(), new MessageReceivedEvent(CONVERSATION, KVITTERING, KVITTERING_DETAILS, SBD,
                            List.of(), INNKOMMENDE_MOTTATT, false, at(6), Source.TRANSPORT),
                    new KvitteringRecordedEvent(CONVERSATION, MESSAGE, KVITTERING,
                            "http://data.einnsyn.no/noark5/journalpost/1", "publisering", true, List.of(), STATUS,
                            at(6), Source.COUNTERPART))
                    .when(kvittering("publisering", KVITTERING_DETAILS))
                    .expectNoEvents();
        }

        @Test
        void a_kvittering_that_answers_nothing_we_sent_is_kept_as_an_uncorrelated_incoming_message() {
            fixture.givenNoPriorActivity()
                    .when(kvittering("publisering", KVITTERING_DETAILS))
                    .expectEvents(new MessageReceivedEvent(CONVERSATION, KVITTERING, KVITTERING_DETAILS, SBD,
                            List.of(), INNKOMMENDE_MOTTATT, true, at(6), Source.TRANSPORT));
        }

        @Test
        void a_kvittering_from_someone_other_than_the_receiver_of_the_publisering_is_refused() {
            MessageDetails spoofed = new MessageDetails(DpeProcess.RESPONSE, DocumentType.EINNSYN_KVITTERING,
                    "910076787", AGENCY, DEADLINE);
            fixture.given(created(), queued())
                    .when(kvittering("publisering", spoofed))
                    .expectException(SenderMismatchException.class)
                    .expectNoEvents();
        }
    }
}

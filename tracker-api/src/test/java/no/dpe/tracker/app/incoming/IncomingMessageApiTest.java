package no.dpe.tracker.app.incoming;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.RecordKvitteringCommand;
import no.dpe.tracker.core.asic.AsicE;
import no.dpe.tracker.core.asic.AsicFile;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.core.sbd.SbdParseException;
import no.dpe.tracker.projections.message.MessageIndex;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/** Receiving as a next-move client does it: peek, pop, delete. */
class IncomingMessageApiTest extends TrackerTest {

    static final byte[] ORDER = "<innsynskrav><dokument>1</dokument></innsynskrav>".getBytes();
    static final byte[] EMAIL = "Hei, jeg ber om innsyn.".getBytes();

    @Autowired
    CommandGateway commands;
    @Autowired
    FileStore files;
    @Autowired
    MessageIndex index;

    Sbd receive(Sbd sbd) {
        Map<String, byte[]> content = new LinkedHashMap<>();
        content.put("order.xml", ORDER);
        content.put("emailtext", EMAIL);
        return Received.message(commands, files, sbd, content);
    }

    /** An innsynskrav in the given conversation, with a fresh messageId. */
    static Sbd innsynskrav(String conversationId) {
        return Examples.sbd(Examples.INNSYNSKRAV, root -> {
            ObjectNode header = (ObjectNode) root.path("standardBusinessDocumentHeader");
            ((ObjectNode) header.path("documentIdentification")).put("instanceIdentifier", UUID.randomUUID().toString());
            ObjectNode scope = (ObjectNode) header.path("businessScope").path("scope").path(0);
            scope.put("instanceIdentifier", conversationId);
            scope.putArray("scopeInformation").addObject().put("expectedResponseDateTime",
                    fresh(Examples.INNSYNSKRAV).deadline().orElseThrow().toString());
        });
    }

    static String messageIdOf(EntityExchangeResult<String> result) {
        try {
            return Sbd.parse(result.getResponseBody()).messageId().orElseThrow();
        } catch (SbdParseException e) {
            throw new AssertionError("not an SBD: " + result.getResponseBody(), e);
        }
    }

    EntityExchangeResult<String> peek(String query) {
        return http.get().uri("/api/messages/in/peek?" + query).exchange().expectBody(String.class).returnResult();
    }

    @Test
    void peek_returns_the_oldest_waiting_message_and_locks_it_so_the_next_peek_gets_the_next_one() {
        String conversationId = UUID.randomUUID().toString();
        Sbd first = receive(innsynskrav(conversationId));
        Sbd second = receive(innsynskrav(conversationId));

        EntityExchangeResult<String> one = peek("conversationId=" + conversationId);
        EntityExchangeResult<String> two = peek("conversationId=" + conversationId);
        EntityExchangeResult<String> none = peek("conversationId=" + conversationId);

        assertThat(one.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(messageIdOf(one)).isEqualTo(first.messageId().orElseThrow());
        assertThat(messageIdOf(two)).isEqualTo(second.messageId().orElseThrow());
        assertThat(none.getStatus()).isEqualTo(HttpStatus.NO_CONTENT);
    }

    @Test
    void peek_filters_on_process_message_id_and_service_identifier() {
        Sbd sbd = receive(fresh(Examples.INNSYNSKRAV));
        String messageId = sbd.messageId().orElseThrow();

        assertThat(peek("messageId=" + messageId + "&process=urn:no:difi:profile:einnsyn:journalpost:ver1.0")
                .getStatus()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(peek("messageId=" + messageId + "&serviceIdentifier=DPO").getStatus())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(peek("messageId=" + messageId + "&serviceIdentifier=DPE"
                + "&process=urn:no:difi:profile:einnsyn:innsynskrav:ver1.0").getStatus()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void competing_peeks_never_get_the_same_message() throws Exception {
        String conversationId = UUID.randomUUID().toString();
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            received.add(receive(innsynskrav(conversationId)).messageId().orElseThrow());
        }
        ExecutorService clients = Executors.newFixedThreadPool(12);
        List<Future<EntityExchangeResult<String>>> peeks = new ArrayList<>();
        try {
            for (int i = 0; i < 36; i++) {
                Callable<EntityExchangeResult<String>> peek = () -> peek("conversationId=" + conversationId);
                peeks.add(clients.submit(peek));
            }
            List<String> handedOut = new ArrayList<>();
            for (Future<EntityExchangeResult<String>> peek : peeks) {
                EntityExchangeResult<String> result = peek.get();
                if (result.getStatus() == HttpStatus.OK) {
                    handedOut.add(messageIdOf(result));
                } else {
                    assertThat(result.getStatus()).isEqualTo(HttpStatus.NO_CONTENT);
                }
            }
            assertThat(handedOut).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(received);
        } finally {
            clients.shutdown();
        }
    }

    @Test
    void pop_streams_the_files_as_an_asic_e_container() throws Exception {
        String messageId = receive(fresh(Examples.INNSYNSKRAV)).messageId().orElseThrow();
        assertThat(peek("messageId=" + messageId).getStatus()).isEqualTo(HttpStatus.OK);

        byte[] container = http.get().uri("/api/messages/in/pop/{id}", messageId).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(AsicE.MIME_TYPE)
                .expectBody(byte[].class).returnResult().getResponseBody();

        assertThat(AsicE.read(container)).containsExactly(
                new AsicFile("order.xml", "application/json", ORDER),
                new AsicFile("emailtext", "application/json", EMAIL));
    }

    @Test
    void pop_of_a_receipt_is_204_because_it_carries_no_files() {
        Sbd kvittering = fresh(Examples.EINNSYN_KVITTERING);
        commands.sendAndWait(RecordKvitteringCommand.of(kvittering, Instant.now().plusSeconds(86400), Instant.now()),
                Actor.tracker("test").metaData());
        assertThat(peek("messageId=" + kvittering.messageId().orElseThrow()).getStatus()).isEqualTo(HttpStatus.OK);

        http.get().uri("/api/messages/in/pop/{id}", kvittering.messageId().orElseThrow()).exchange()
                .expectStatus().isNoContent();
    }

    @Test
    void pop_and_delete_of_an_unknown_message_are_404_problems() {
        http.get().uri("/api/messages/in/pop/{id}", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.delete().uri("/api/messages/in/{id}", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void delete_records_innkommende_levert_and_the_message_is_no_longer_peeked() {
        String messageId = receive(fresh(Examples.INNSYNSKRAV)).messageId().orElseThrow();
        assertThat(peek("messageId=" + messageId).getStatus()).isEqualTo(HttpStatus.OK);

        http.delete().uri("/api/messages/in/{id}", messageId).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.standardBusinessDocumentHeader.documentIdentification.instanceIdentifier")
                .isEqualTo(messageId);

        assertThat(index.find(messageId, Direction.INCOMING).orElseThrow().status())
                .isEqualTo(MessageStatus.INNKOMMENDE_LEVERT);
        assertThat(peek("messageId=" + messageId).getStatus()).isEqualTo(HttpStatus.NO_CONTENT);
        http.delete().uri("/api/messages/in/{id}", messageId).exchange().expectStatus().isOk();
    }

    @Test
    void the_list_pages_incoming_messages_as_their_sbds() {
        Sbd sbd = receive(fresh(Examples.INNSYNSKRAV));

        http.get().uri("/api/messages/in?conversationId={id}", sbd.conversationId().orElseThrow()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalElements").isEqualTo(1)
                .jsonPath("$.number").isEqualTo(0)
                .jsonPath("$.content[0].standardBusinessDocumentHeader.documentIdentification.instanceIdentifier")
                .isEqualTo(sbd.messageId().orElseThrow());
    }

    @Test
    void a_process_that_is_not_dpes_finds_nothing_as_next_move_answers_it() {
        receive(fresh(Examples.INNSYNSKRAV));

        http.get().uri("/api/messages/in/peek?process=urn:no:difi:profile:arkivmelding:administrasjon:ver1.0")
                .exchange().expectStatus().isNoContent();
        http.get().uri("/api/messages/in?process=urn:no:such:process").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(0);
    }

    @Test
    void a_malformed_organisation_number_is_a_400_problem_naming_the_parameter() {
        http.get().uri("/api/messages/in/peek?senderIdentifier=eInnsyn").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("senderIdentifier");
    }

    @Test
    void peek_filters_on_the_sender_and_the_receiver_so_a_fagsystem_never_gets_another_senders_message() {
        Sbd sbd = receive(fresh(Examples.INNSYNSKRAV));
        String messageId = sbd.messageId().orElseThrow();

        assertThat(peek("messageId=" + messageId + "&senderIdentifier=0192:910077473").getStatus())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(peek("messageId=" + messageId + "&receiverIdentifier=910077473").getStatus())
                .isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(peek("messageId=" + messageId + "&senderIdentifier=0192:991825827&receiverIdentifier=986252932")
                .getStatus()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void pop_and_delete_without_the_callers_lock_are_400_problems_and_change_nothing() {
        String messageId = receive(fresh(Examples.INNSYNSKRAV)).messageId().orElseThrow();

        http.get().uri("/api/messages/in/pop/{id}", messageId).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.violations[0].rule").isEqualTo("locked");
        http.delete().uri("/api/messages/in/{id}", messageId).exchange()
                .expectStatus().isBadRequest();

        assertThat(index.find(messageId, Direction.INCOMING).orElseThrow().status())
                .isEqualTo(MessageStatus.INNKOMMENDE_MOTTATT);
    }

    @Test
    void a_kvittering_from_einnsyn_is_peeked_with_the_response_process_and_deleted_and_stays_on_its_publisering()
            throws Exception {
        Sbd publisering = fresh(Examples.PUBLISERING_JOURNALPOST);
        String conversationId = publisering.conversationId().orElseThrow();
        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(publisering.toJson())
                .exchange().expectStatus().isOk();
        http.put().uri("/api/messages/out/{id}", publisering.messageId().orElseThrow())
                .contentType(MediaType.APPLICATION_JSON)
                .header("Content-Disposition", "attachment; name=journalpost.json; filename=journalpost.json")
                .bodyValue(ORDER).exchange().expectStatus().isOk();
        http.post().uri("/api/messages/out/{id}", publisering.messageId().orElseThrow()).exchange()
                .expectStatus().isOk();

        // eInnsyn's stand-in answers with LEVERT and a kvittering
        EntityExchangeResult<String> kvittering = null;
        for (int attempt = 0; attempt < 300 && (kvittering == null || kvittering.getStatus() != HttpStatus.OK);
             attempt++) {
            Thread.sleep(100);
            kvittering = peek("conversationId=" + conversationId + "&process=urn:no:difi:profile:einnsyn:response:ver1.0");
        }
        assertThat(kvittering.getStatus()).isEqualTo(HttpStatus.OK);
        Sbd received = Sbd.parse(kvittering.getResponseBody());
        assertThat(received.documentType()).hasValue(DocumentType.EINNSYN_KVITTERING);
        String kvitteringId = received.messageId().orElseThrow();

        http.get().uri("/api/messages/in/pop/{id}", kvitteringId).exchange().expectStatus().isNoContent();
        http.delete().uri("/api/messages/in/{id}", kvitteringId).exchange().expectStatus().isOk();

        assertThat(index.find(kvitteringId, Direction.INCOMING).orElseThrow().status())
                .isEqualTo(MessageStatus.INNKOMMENDE_LEVERT);
        as(User.AUDITOR).get().uri("/api/conversations/{id}/events", conversationId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.type == 'KvitteringRecordedEvent')].payload.messageId")
                .isEqualTo(List.of(publisering.messageId().orElseThrow()));
    }
}

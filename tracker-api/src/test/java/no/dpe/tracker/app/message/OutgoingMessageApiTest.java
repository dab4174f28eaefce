package no.dpe.tracker.app.message;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/** Sending as a next-move client does it, through the running application. */
class OutgoingMessageApiTest extends TrackerTest {

    static final byte[] JOURNALPOST = "{\"journalpost\": \"test\"}".getBytes();

    String create(Sbd sbd) {
        return http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    WebTestClientUpload upload(String messageId, String name, byte[] content) {
        return new WebTestClientUpload(http.put().uri("/api/messages/out/{id}?title=Journalpost", messageId)
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; name=" + name + "; filename=" + name)
                .bodyValue(content).exchange());
    }

    record WebTestClientUpload(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec response) {
    }

    @Test
    void a_valid_sbd_is_created_and_returned_with_its_defaults_filled_in() throws Exception {
        Sbd sbd = Examples.sbd(Examples.PUBLISERING_JOURNALPOST, root -> {
            ObjectNode header = (ObjectNode) root.path("standardBusinessDocumentHeader");
            header.remove("sender");
            ((ObjectNode) header.path("documentIdentification")).remove("instanceIdentifier");
            ((ObjectNode) header.path("businessScope").path("scope").path(0)).remove("scopeInformation");
            ((ObjectNode) header.path("businessScope").path("scope").path(0)).remove("instanceIdentifier");
        });

        String body = create(sbd);

        Sbd returned = Sbd.parse(body);
        assertThat(returned.messageId()).hasValueSatisfying(id -> assertThat(UUID.fromString(id)).isNotNull());
        assertThat(returned.conversationId()).isPresent();
        assertThat(returned.sender()).hasValueSatisfying(sender -> assertThat(sender.value()).isEqualTo("986252932"));
        assertThat(returned.deadline()).isPresent();
        http.get().uri("/api/tracker/messages/out/{id}", returned.messageId().orElseThrow()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("OPPRETTET")
                .jsonPath("$.conversationId").isEqualTo(returned.conversationId().orElseThrow())
                .jsonPath("$.sbd.standardBusinessDocumentHeader.documentIdentification.instanceIdentifier")
                .isEqualTo(returned.messageId().orElseThrow());
    }

    @Test
    void an_invalid_sbd_is_refused_with_a_problem_listing_every_violation() {
        Sbd sbd = Examples.sbd(Examples.PUBLISERING_JOURNALPOST, root -> {
            ObjectNode header = (ObjectNode) root.path("standardBusinessDocumentHeader");
            header.remove("receiver");
            ((ObjectNode) header.path("documentIdentification")).put("instanceIdentifier", "not-a-uuid");
            ((ObjectNode) root.path("publisering")).remove("orgnr");
        });

        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.violations[?(@.field == 'standardBusinessDocumentHeader.receiver[0].identifier.value')].rule")
                .isEqualTo(List.of("required"))
                .jsonPath("$.violations[?(@.field == 'standardBusinessDocumentHeader.documentIdentification"
                        + ".instanceIdentifier')].rule").isEqualTo(List.of("uuid"))
                .jsonPath("$.violations[?(@.field == 'publisering.orgnr')].rule").isEqualTo(List.of("required"))
                .jsonPath("$.violations[?(@.field == 'standardBusinessDocumentHeader.businessScope.scope[0]"
                        + ".scopeInformation[0].expectedResponseDateTime')].rule").isEqualTo(List.of("in-past"));
    }

    @Test
    void a_body_that_is_not_json_is_refused_with_a_problem() {
        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue("{not json")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("sbd")
                .jsonPath("$.violations[0].rule").isEqualTo("json");
    }

    @Test
    void a_message_id_that_already_exists_is_refused_with_409() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        create(sbd);

        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.violations[0].rule").isEqualTo("unique");
    }

    @Test
    void a_message_id_used_in_another_conversation_is_refused_with_409() {
        Sbd first = fresh(Examples.PUBLISERING_JOURNALPOST);
        create(first);
        Sbd second = Examples.sbd(Examples.PUBLISERING_JOURNALPOST, root -> {
            root.setAll(first.json());
            ((ObjectNode) root.path("standardBusinessDocumentHeader").path("businessScope").path("scope").path(0))
                    .put("instanceIdentifier", UUID.randomUUID().toString());
        });

        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(second.toJson())
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void a_body_over_the_size_limit_is_refused_with_413() {
        String huge = "{\"padding\": \"" + "x".repeat(OutgoingMessageController.MAX_SBD_SIZE) + "\"}";

        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(huge)
                .exchange()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void an_uploaded_file_is_sent_with_the_message_and_referenced_by_its_sha256() throws Exception {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        create(sbd);
        String messageId = sbd.messageId().orElseThrow();
        upload(messageId, "journalpost.json", JOURNALPOST).response().expectStatus().isOk();

        http.post().uri("/api/messages/out/{id}", messageId).exchange().expectStatus().isOk();

        http.get().uri("/api/tracker/messages/out/{id}", messageId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.sent").isEqualTo(true)
                .jsonPath("$.files[0].name").isEqualTo("journalpost.json")
                .jsonPath("$.files[0].mediaType").isEqualTo("application/json")
                .jsonPath("$.files[0].size").isEqualTo(JOURNALPOST.length)
                .jsonPath("$.files[0].title").isEqualTo("Journalpost")
                .jsonPath("$.files[0].sha256").isEqualTo(HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(JOURNALPOST)));
    }

    @Test
    void sending_a_publisering_without_a_file_is_refused_with_400() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        create(sbd);

        http.post().uri("/api/messages/out/{id}", sbd.messageId().orElseThrow()).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("files");
    }

    @Test
    void a_file_over_5_mb_is_refused_with_413() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        create(sbd);

        upload(sbd.messageId().orElseThrow(), "big.bin", new byte[(int) OutgoingMessages.MAX_FILE_SIZE + 1])
                .response().expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
    }

    @Test
    void two_files_with_one_name_are_refused_with_409() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        create(sbd);
        upload(sbd.messageId().orElseThrow(), "journalpost.json", JOURNALPOST).response().expectStatus().isOk();

        upload(sbd.messageId().orElseThrow(), "journalpost.json", "{\"journalpost\": \"another\"}".getBytes())
                .response()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.violations[0].field").isEqualTo("Content-Disposition.name")
                .jsonPath("$.violations[0].rule").isEqualTo("unique-name");
    }

    @Test
    void the_same_file_uploaded_again_is_kept_once_as_a_retried_request_should_be() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        create(sbd);
        upload(sbd.messageId().orElseThrow(), "journalpost.json", JOURNALPOST).response().expectStatus().isOk();

        upload(sbd.messageId().orElseThrow(), "journalpost.json", JOURNALPOST).response().expectStatus().isOk();

        http.get().uri("/api/tracker/messages/out/{id}", sbd.messageId().orElseThrow()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.files.length()").isEqualTo(1);
    }

    @Test
    void a_file_for_a_message_already_sent_is_refused_with_409() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        create(sbd);
        upload(sbd.messageId().orElseThrow(), "journalpost.json", JOURNALPOST).response().expectStatus().isOk();
        http.post().uri("/api/messages/out/{id}", sbd.messageId().orElseThrow()).exchange().expectStatus().isOk();

        upload(sbd.messageId().orElseThrow(), "vedlegg.json", JOURNALPOST).response()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.violations[0].rule").isEqualTo("not-sent");
    }

    @Test
    void uploading_to_an_unknown_message_is_refused_with_404() {
        upload(UUID.randomUUID().toString(), "journalpost.json", JOURNALPOST).response()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void multipart_creates_and_sends_in_one_call() {
        Sbd sbd = fresh(Examples.PUBLISERING_MOTE);
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("sbd", sbd.toJson(), MediaType.APPLICATION_JSON);
        parts.part("moete.json", new ByteArrayResource(JOURNALPOST) {
            @Override
            public String getFilename() {
                return "moete.json";
            }
        }, MediaType.APPLICATION_JSON);

        http.post().uri("/api/messages/out/multipart").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange().expectStatus().isOk();

        http.get().uri("/api/tracker/messages/out/{id}", sbd.messageId().orElseThrow()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.sent").isEqualTo(true)
                .jsonPath("$.files[0].name").isEqualTo("moete.json")
                .jsonPath("$.process").isEqualTo("urn:no:difi:profile:einnsyn:meeting:ver1.0");
    }

    @Test
    void a_multipart_request_with_an_invalid_sbd_records_nothing() {
        Sbd sbd = fresh(Examples.PUBLISERING_MOTE);
        Sbd invalid = Examples.sbd(Examples.PUBLISERING_MOTE, root -> {
            root.setAll(sbd.json());
            ((ObjectNode) root.path("publisering")).remove("orgnr");
        });
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("sbd", invalid.toJson(), MediaType.APPLICATION_JSON);
        parts.part("moete.json", new ByteArrayResource(JOURNALPOST) {
            @Override
            public String getFilename() {
                return "moete.json";
            }
        }, MediaType.APPLICATION_JSON);

        http.post().uri("/api/messages/out/multipart").contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build()))
                .exchange().expectStatus().isBadRequest();

        http.get().uri("/api/tracker/messages/out/{id}", sbd.messageId().orElseThrow()).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void a_filter_value_that_is_not_a_status_is_refused_with_a_problem() {
        http.get().uri("/api/tracker/messages/out?status=NOPE").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(400);
    }

    @Test
    void created_messages_are_listed_in_pages_filtered_by_conversation() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        create(sbd);

        http.get().uri("/api/messages/out?conversationId={c}&size=5", sbd.conversationId().orElseThrow())
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalElements").isEqualTo(1)
                .jsonPath("$.totalPages").isEqualTo(1)
                .jsonPath("$.first").isEqualTo(true)
                .jsonPath("$.last").isEqualTo(true)
                .jsonPath("$.numberOfElements").isEqualTo(1)
                .jsonPath("$.size").isEqualTo(5)
                .jsonPath("$.number").isEqualTo(0)
                .jsonPath("$.content[0].standardBusinessDocumentHeader.documentIdentification.instanceIdentifier")
                .isEqualTo(sbd.messageId().orElseThrow());
    }

    @Test
    void an_outgoing_message_is_answered_with_its_sbd_as_next_move_answers_it() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        create(sbd);

        http.get().uri("/api/messages/out/{id}", sbd.messageId().orElseThrow()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.standardBusinessDocumentHeader.documentIdentification.instanceIdentifier")
                .isEqualTo(sbd.messageId().orElseThrow())
                .jsonPath("$.publisering.orgnr").exists()
                .jsonPath("$.status").doesNotExist();
    }

    @Test
    void a_list_for_another_service_or_a_process_that_is_not_dpe_is_empty_not_refused() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        create(sbd);

        for (String query : List.of("serviceIdentifier=DPO", "processIdentifier=urn:no:difi:profile:arkivmelding:administrasjon:ver1.0")) {
            http.get().uri("/api/messages/out?conversationId=" + sbd.conversationId().orElseThrow() + "&" + query)
                    .exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.totalElements").isEqualTo(0);
        }
        http.get().uri("/api/messages/out?conversationId={c}&receiverIdentifier=0192:991825827&serviceIdentifier=DPE",
                        sbd.conversationId().orElseThrow()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(1);
    }

    @Test
    void an_upload_without_a_content_type_is_refused_with_a_problem_naming_the_header() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        create(sbd);

        http.put().uri("/api/messages/out/{id}", sbd.messageId().orElseThrow())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; name=journalpost.json; filename=journalpost.json")
                .bodyValue(JOURNALPOST).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.violations[0].field").isEqualTo("Content-Type")
                .jsonPath("$.violations[0].rule").isEqualTo("required");
    }

    @Test
    void files_that_come_to_more_than_dpes_two_megabytes_together_are_refused_with_413() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        create(sbd);
        byte[] megabyte = new byte[1024 * 1024];
        upload(sbd.messageId().orElseThrow(), "del1.bin", megabyte).response().expectStatus().isOk();
        upload(sbd.messageId().orElseThrow(), "del2.bin", megabyte).response().expectStatus().isOk();

        upload(sbd.messageId().orElseThrow(), "del3.bin", new byte[] {1}).response()
                .expectStatus().isEqualTo(HttpStatus.CONTENT_TOO_LARGE)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.violations[0].rule").isEqualTo("max-size");
    }

    @Test
    void a_receiver_the_service_registry_does_not_know_for_the_process_is_refused_at_create_with_400() {
        Sbd sbd = Examples.sbd(Examples.PUBLISERING_JOURNALPOST, root -> {
            root.setAll(fresh(Examples.PUBLISERING_JOURNALPOST).json());
            ((ObjectNode) root.path("standardBusinessDocumentHeader").path("receiver").path(0).path("identifier"))
                    .put("value", "0192:974760673");
        });

        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.violations[0].field").isEqualTo("standardBusinessDocumentHeader.receiver[0].identifier.value")
                .jsonPath("$.violations[0].rule").isEqualTo("receiver-takes-process");
        http.get().uri("/api/messages/out/{id}", sbd.messageId().orElseThrow()).exchange().expectStatus().isNotFound();
    }
}

package no.dpe.tracker.app.console;

import java.time.Instant;
import java.util.Optional;

import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/** The conversation page tells support who did each thing on its timeline (ADR 0016), in either language. */
class ConsoleWhoDidItTest extends TrackerTest {

    private ConsoleSession support;
    private Sbd sbd;

    @BeforeEach
    void aJournalpostSentByTheFagsystemAndAnsweredOverServiceBus() {
        support = ConsoleSession.login(anonymous(), User.SUPPORT.username, User.SUPPORT.password);
        sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        String messageId = sbd.messageId().orElseThrow();
        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange().expectStatus().isOk();
        http.put().uri("/api/messages/out/{id}", messageId).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; name=journalpost.json; filename=journalpost.json")
                .bodyValue("{}").exchange().expectStatus().isOk();
        http.post().uri("/api/messages/out/{id}", messageId).exchange().expectStatus().isOk();
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!answer("en").map(page -> page.contains("Service Bus, queue")).orElse(false)) {
            assertThat(Instant.now()).as("waited for a status over Service Bus").isBefore(giveUp);
            pause();
        }
    }

    @Test
    void the_timeline_names_the_user_the_tracker_and_the_transport() {
        assertThat(page("en"))
                .contains("Done by")
                .contains("user fagsystem, role FAGSYSTEM")
                .contains("the tracker itself (servicebus-outbound), queue nextbestqueue991825827data, MessageId "
                        + sbd.messageId().orElseThrow())
                .contains("Service Bus, queue nextbestqueue986252932innsyn, MessageId ");
    }

    @Test
    void the_timeline_names_them_in_norwegian_to_a_norwegian_reader() {
        assertThat(page("nb"))
                .contains("Utført av")
                .contains("brukeren fagsystem, rolle FAGSYSTEM")
                .contains("trackeren selv (servicebus-outbound), kø nextbestqueue991825827data")
                .contains("Service Bus, kø nextbestqueue986252932innsyn");
    }

    private String page(String language) {
        return answer(language).orElseThrow(() -> new AssertionError("no conversation page"));
    }

    /** The conversation page; empty until the read model the console lists conversations from has it. */
    private Optional<String> answer(String language) {
        EntityExchangeResult<String> result = anonymous().get()
                .uri("/console/conversations/{id}", sbd.conversationId().orElseThrow())
                .cookie(ConsoleSession.SESSION, support.cookie())
                .header(HttpHeaders.ACCEPT_LANGUAGE, language)
                .accept(MediaType.TEXT_HTML).exchange()
                .expectBody(String.class).returnResult();
        return result.getStatus().is2xxSuccessful() ? Optional.of(result.getResponseBody()) : Optional.empty();
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}

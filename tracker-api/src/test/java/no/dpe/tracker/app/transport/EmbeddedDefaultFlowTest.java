package no.dpe.tracker.app.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.projections.message.MessageIndex;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a newcomer sees on the embedded defaults: the in-process emulator and eInnsyn's stand-in answer a
 * publisering within seconds, and the stand-in sends an innsynskrav on request.
 */
class EmbeddedDefaultFlowTest extends TrackerTest {

    @Autowired
    MessageIndex index;
    @Autowired
    EventStore events;

    /** The README's walkthrough, with its own example files. */
    static final Path EXAMPLES = Path.of("..", "docs", "examples");

    @Test
    void a_publisering_sent_on_the_embedded_defaults_reaches_levert_and_gets_a_kvittering() throws Exception {
        String created = http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Files.readString(EXAMPLES.resolve("publisering-journalpost.sbd.json")))
                .exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        Sbd sbd = Sbd.parse(created);
        String messageId = sbd.messageId().orElseThrow();
        http.put().uri("/api/messages/out/{id}", messageId).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; name=journalpost.json; filename=journalpost.json")
                .bodyValue(Files.readAllBytes(EXAMPLES.resolve("journalpost.json"))).exchange().expectStatus().isOk();
        http.post().uri("/api/messages/out/{id}", messageId).exchange().expectStatus().isOk();

        Tracker.await(() -> index.find(messageId, Direction.OUTGOING)
                .map(row -> row.status() == MessageStatus.LEVERT).orElse(false), "the publisering is LEVERT");
        // the kvittering leaves the stand-in after LEVERT, but concurrent receivers may record it a moment later
        String conversationId = sbd.conversationId().orElseThrow();
        Tracker.await(() -> events.readEvents(conversationId).asStream()
                .anyMatch(event -> event.getPayload() instanceof KvitteringRecordedEvent), "the kvittering is recorded");
        as(User.AUDITOR).get().uri("/api/conversations/{id}/events", sbd.conversationId().orElseThrow()).exchange()
                .expectStatus().isOk()
                .expectBody()
                // the stand-in pauses before LEVERT so a newcomer sees the usual order, but Service Bus does not
                // promise it to concurrent receivers: any order, each once
                .jsonPath("$[?(@.type == 'MessageStatusRecordedEvent')].payload.status")
                .value(statuses -> assertThat((java.util.List<Object>) statuses)
                        .containsExactlyInAnyOrder((Object) "SENDT", "MOTTATT", "LEVERT"))
                .jsonPath("$[?(@.type == 'KvitteringRecordedEvent')].payload.published")
                .isEqualTo(java.util.List.of(true));
    }

    @Test
    void the_stand_in_sends_an_innsynskrav_on_request() {
        Map<String, String> sent = as(User.ADMIN).post().uri("/api/stand-in/innsynskrav").exchange()
                .expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, String>>() { })
                .returnResult().getResponseBody();

        String messageId = sent.get("messageId");
        Tracker.await(() -> index.find(messageId, Direction.INCOMING).isPresent(), "the innsynskrav is received");
        assertThat(index.find(messageId, Direction.INCOMING).orElseThrow().status())
                .isEqualTo(MessageStatus.INNKOMMENDE_MOTTATT);
    }
}

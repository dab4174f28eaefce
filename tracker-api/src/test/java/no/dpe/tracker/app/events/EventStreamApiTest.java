package no.dpe.tracker.app.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.app.incoming.Received;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/** The fagsystem follows every message and status as server-sent events, and resumes where it left off. */
class EventStreamApiTest extends TrackerTest {

    static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };
    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    CommandGateway commands;
    @Autowired
    FileStore files;
    @Autowired
    EventStore eventStore;
    @Autowired
    EventStream streams;

    /** Three received messages, one of them deleted by the fagsystem: four events for the stream. */
    List<String> someEvents() {
        List<String> messageIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Sbd sbd = Received.message(commands, files, fresh(Examples.INNSYNSKRAV), Map.of("order.xml", new byte[]{1}));
            messageIds.add(sbd.messageId().orElseThrow());
        }
        // as a fagsystem finishes a message: peek (which locks it), then delete
        http.get().uri("/api/messages/in/peek?messageId={id}", messageIds.get(0)).exchange().expectStatus().isOk();
        http.delete().uri("/api/messages/in/{id}", messageIds.get(0)).exchange().expectStatus().isOk();
        return messageIds;
    }

    /** The events after {@code lastEventId}; from the first when it is null or "-1" (the store was empty). */
    Flux<ServerSentEvent<String>> events(String query, String lastEventId) {
        WebTestClient.RequestHeadersSpec<?> request = http.get().uri("/api/events" + query)
                .accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null && !lastEventId.equals("-1")) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.exchange().expectStatus().isOk().returnResult(SSE).getResponseBody()
                .filter(event -> event.data() != null);
    }

    /** The position of the latest event; -1 while the store is empty. */
    long head() {
        GapAwareTrackingToken head = (GapAwareTrackingToken) eventStore.createHeadToken();
        return head == null ? -1 : head.getIndex();
    }

    /** The positions of the events the stream must carry, read from the store itself. */
    List<Long> storedBetween(long after, long upTo) throws InterruptedException {
        List<Long> positions = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stored =
                     eventStore.openStream(after < 0 ? null : GapAwareTrackingToken.newInstance(after, List.of()))) {
            while (stored.hasNextAvailable(5, TimeUnit.SECONDS)) {
                TrackedEventMessage<?> message = stored.nextAvailable();
                long position = message.trackingToken().position().orElseThrow();
                if (position > upTo) {
                    break;
                }
                Object payload = message.getPayload();
                if (payload instanceof MessageCreatedEvent || payload instanceof MessageReceivedEvent
                        || payload instanceof MessageStatusRecordedEvent || payload instanceof KvitteringRecordedEvent) {
                    positions.add(position);
                }
                if (position == upTo) {
                    break;
                }
            }
        }
        return positions;
    }

    @Test
    void a_client_that_reconnects_with_last_event_id_gets_every_event_once_with_no_gap() throws Exception {
        long start = head();
        someEvents();
        List<Long> expected = storedBetween(start, head());
        assertThat(expected).hasSizeGreaterThanOrEqualTo(4);
        long last = expected.get(expected.size() - 1);

        List<ServerSentEvent<String>> first = events("", Long.toString(start)).take(2)
                .collectList().block(PATIENCE);
        List<ServerSentEvent<String>> second = events("", first.get(1).id())
                .takeUntil(event -> position(event) >= last)
                .collectList().block(PATIENCE);

        List<Long> received = new ArrayList<>();
        first.forEach(event -> received.add(position(event)));
        second.forEach(event -> received.add(position(event)));
        assertThat(received).doesNotHaveDuplicates().isEqualTo(expected);
    }

    @Test
    void an_event_carries_the_message_its_direction_process_and_status() throws Exception {
        long start = head();
        List<String> messageIds = someEvents();

        ServerSentEvent<String> received = events("", Long.toString(start))
                .filter(event -> event.data().contains(messageIds.get(1))).blockFirst(PATIENCE);

        JsonNode data = JSON.readTree(received.data());
        assertThat(data.path("messageId").asText()).isEqualTo(messageIds.get(1));
        assertThat(data.path("conversationId").asText()).isNotBlank();
        assertThat(data.path("direction").asText()).isEqualTo("INCOMING");
        assertThat(data.path("serviceIdentifier").asText()).isEqualTo("DPE");
        assertThat(data.path("process").asText()).isEqualTo("urn:no:difi:profile:einnsyn:innsynskrav:ver1.0");
        assertThat(data.path("status").asText()).isEqualTo("INNKOMMENDE_MOTTATT");
        assertThat(data.path("position").asLong()).isEqualTo(position(received));
    }

    @Test
    void the_stream_filters_by_direction_and_process() {
        long start = head();
        List<String> incoming = someEvents();
        Sbd sent = fresh(Examples.PUBLISERING_JOURNALPOST);
        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sent.toJson())
                .exchange().expectStatus().isOk();
        String outgoing = sent.messageId().orElseThrow();

        List<ServerSentEvent<String>> outgoingOnly = events("?direction=OUTGOING", Long.toString(start))
                .takeUntil(event -> event.data().contains(outgoing))
                .collectList().block(PATIENCE);
        List<ServerSentEvent<String>> innsynskravOnly = events("?direction=INCOMING"
                + "&process=urn:no:difi:profile:einnsyn:innsynskrav:ver1.0", Long.toString(start))
                .takeUntil(event -> event.data().contains(incoming.get(2)))
                .collectList().block(PATIENCE);

        assertThat(outgoingOnly).allSatisfy(event -> assertThat(event.data())
                .contains("\"direction\":\"OUTGOING\"").doesNotContain(incoming.get(0)));
        assertThat(innsynskravOnly).allSatisfy(event -> assertThat(event.data())
                .contains("\"direction\":\"INCOMING\"").contains(":innsynskrav:").doesNotContain(outgoing));
        assertThat(innsynskravOnly).anySatisfy(event -> assertThat(event.data()).contains(incoming.get(0)));
    }

    @Test
    void from_now_starts_after_the_latest_event() throws Exception {
        long before = head();
        int open = streams.open();
        CompletableFuture<List<ServerSentEvent<String>>> first =
                events("?from=now", null).take(1).collectList().toFuture();
        await(() -> streams.open() > open);

        someEvents();

        assertThat(position(first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).get(0))).isGreaterThan(before);
    }

    @Test
    void the_stream_is_closed_when_the_client_goes_away() throws Exception {
        int before = streams.open();
        Disposable client = events("?from=now", null).subscribe();
        await(() -> streams.open() > before);

        client.dispose();

        await(() -> streams.open() == before);
    }

    @Test
    void a_malformed_last_event_id_is_a_400_problem() {
        http.get().uri("/api/events").accept(MediaType.TEXT_EVENT_STREAM).header("Last-Event-ID", "yesterday")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static long position(ServerSentEvent<String> event) {
        return Long.parseLong(event.id().split(":")[0]);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("gave up waiting after " + PATIENCE).isBefore(giveUp);
            Thread.sleep(50);
        }
    }
}

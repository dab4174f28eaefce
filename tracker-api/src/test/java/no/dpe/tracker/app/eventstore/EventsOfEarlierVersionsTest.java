package no.dpe.tracker.app.eventstore;

import java.nio.charset.StandardCharsets;

import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageQueuedForSendingEvent;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events as earlier versions stored them still read, through the serializer the event store uses: stored events
 * are never rewritten, so a field an event gains must be one an old event can go without.
 */
class EventsOfEarlierVersionsTest {

    private final JacksonSerializer serializer = EventStoreComponents.serializer();

    /** A MessageReceivedEvent as aee6df1 stored it: files stored one by one, no package, no signer. */
    static final String RECEIVED_BEFORE_PACKAGES = """
            {"conversationId":"c0ffee00-1234-4abc-9def-0123456789ab","messageId":"7d1e2f30-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
             "details":{"process":"INNSYNSKRAV","documentType":"INNSYNSKRAV","sender":"991825827",
                        "receiver":"986252932","deadline":"2026-12-20T09:00:00Z"},
             "sbd":{"standardBusinessDocumentHeader":{"headerVersion":"1.0"}},
             "files":[{"name":"order.xml","filename":"order.xml","mediaType":"application/xml","size":42,
                       "sha256":"abababababababababababababababababababababababababababababababab","title":null}],
             "status":"INNKOMMENDE_MOTTATT","uncorrelatedKvittering":false,"occurredAt":"2026-11-20T09:00:00Z",
             "source":"TRANSPORT"}
            """;

    /** A MessageQueuedForSendingEvent as aee6df1 stored it, which is how it is stored still. */
    static final String QUEUED = """
            {"conversationId":"c0ffee00-1234-4abc-9def-0123456789ab","messageId":"7d1e2f30-4a5b-4c6d-8e9f-0a1b2c3d4e5f",
             "files":[{"name":"journalpost.json","filename":"journalpost.json","mediaType":"application/json",
                       "size":30,"sha256":"cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd","title":null}],
             "occurredAt":"2026-11-20T09:00:00Z","source":"FAGSYSTEM"}
            """;

    @Test
    void a_received_event_stored_before_packages_were_signed_reads_with_no_package() {
        MessageReceivedEvent event = read(RECEIVED_BEFORE_PACKAGES, MessageReceivedEvent.class);

        assertThat(event.receivedPackage()).isNull();
        assertThat(event.files()).singleElement().satisfies(file -> assertThat(file.name()).isEqualTo("order.xml"));
        assertThat(event.status()).isEqualTo(MessageStatus.INNKOMMENDE_MOTTATT);
    }

    @Test
    void a_queued_event_stored_before_uploads_were_events_reads_with_its_files() {
        MessageQueuedForSendingEvent event = read(QUEUED, MessageQueuedForSendingEvent.class);

        assertThat(event.files()).singleElement().satisfies(file -> assertThat(file.size()).isEqualTo(30));
    }

    private <T> T read(String json, Class<T> type) {
        return serializer.deserialize(new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8), byte[].class,
                new SimpleSerializedType(type.getName(), null)));
    }
}

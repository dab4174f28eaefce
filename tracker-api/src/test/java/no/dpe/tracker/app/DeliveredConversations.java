package no.dpe.tracker.app;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.models.SubQueue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.gateway.DpeQueues;
import no.dpe.tracker.gateway.Mode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests that run whole trackers (from the jar, against a shared database) send and check: a publisering to
 * eInnsyn as the fagsystem sends it, and that every conversation went the whole way, each event once.
 */
public final class DeliveredConversations {

    public static final String BOUNDARY = "dpe-tracker-it-boundary";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DeliveredConversations() {
    }

    /** Every DPE queue of the organisations: what an emulator for them declares. */
    public static List<String> dpeQueues(String... organisations) {
        List<String> queues = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            for (String organisation : organisations) {
                queues.add(DpeQueues.queue(organisation, mode));
            }
        }
        return queues;
    }

    /** The multipart body of a publisering of one small journalpost to eInnsyn, due in two hours. */
    public static byte[] publisering(String messageId, String conversationId) {
        ObjectNode sbd = Examples.sbd(Examples.PUBLISERING_JOURNALPOST).json();
        ObjectNode header = (ObjectNode) sbd.path("standardBusinessDocumentHeader");
        header.remove("sender");
        ((ObjectNode) header.path("documentIdentification")).put("instanceIdentifier", messageId);
        ObjectNode scope = (ObjectNode) header.path("businessScope").path("scope").path(0);
        scope.put("instanceIdentifier", conversationId);
        scope.putArray("scopeInformation").addObject().put("expectedResponseDateTime",
                OffsetDateTime.now(ZoneOffset.UTC).plusHours(2).withNano(0).toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"sbd\"\r\nContent-Type: application/json\r\n\r\n"
                + sbd + "\r\n"
                + "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"journalpost.json\"; filename=\"journalpost.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + "{\"journalpost\": \"" + messageId + "\"}\r\n"
                + "--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Until as many publiseringer are LEVERT and as many kvitteringer recorded as there are conversations. */
    public static void awaitAllDelivered(Connection db, int conversations, Duration patience) throws Exception {
        Instant giveUp = Instant.now().plus(patience);
        long delivered = 0;
        long kvitteringer = 0;
        while (Instant.now().isBefore(giveUp)) {
            delivered = count(db, "SELECT COUNT(*) FROM message_index WHERE direction = 'OUTGOING' AND status = 'LEVERT'");
            kvitteringer = count(db, "SELECT COUNT(*) FROM domain_event_entry "
                    + "WHERE payload_type = 'no.dpe.tracker.core.api.KvitteringRecordedEvent'");
            if (delivered >= conversations && kvitteringer >= conversations) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(delivered).as("messages LEVERT").isEqualTo(conversations);
        assertThat(kvitteringer).as("kvitteringer recorded").isEqualTo(conversations);
    }

    /**
     * The event store holds these conversations and no others, each created, its file attached, queued, SENDT,
     * MOTTATT, LEVERT, and the kvittering received and recorded on it: each exactly once, nothing else, and no event
     * stored twice.
     */
    public static void everyConversationHasEachEventOnce(Connection db, Collection<String> conversationIds)
            throws Exception {
        Map<String, List<String>> histories = new HashMap<>();
        try (Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT aggregate_identifier, payload_type, payload "
                     + "FROM domain_event_entry ORDER BY aggregate_identifier, sequence_number")) {
            while (rows.next()) {
                String type = rows.getString(2).substring(rows.getString(2).lastIndexOf('.') + 1);
                if (type.equals("MessageStatusRecordedEvent")) {
                    JsonNode payload = JSON.readTree(rows.getBytes(3));
                    type = payload.path("status").asText();
                }
                histories.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(type);
            }
        }
        assertThat(histories.keySet()).containsExactlyInAnyOrderElementsOf(conversationIds);
        histories.forEach((conversation, history) -> assertThat(history).as("history of " + conversation)
                .containsExactlyInAnyOrder("MessageCreatedEvent", "FileAttachedEvent", "MessageQueuedForSendingEvent",
                        "SENDT", "MOTTATT", "LEVERT", "MessageReceivedEvent", "KvitteringRecordedEvent"));
        assertThat(count(db, "SELECT COUNT(*) - COUNT(DISTINCT event_identifier) FROM domain_event_entry"))
                .as("events stored twice").isZero();
        assertThat(count(db, "SELECT COUNT(*) FROM dead_letter_entry")).as("events parked by a processor").isZero();
    }

    /** No queue has a dead letter, read through the SDK as any client would. */
    public static void deadLetterQueuesAreEmpty(String connectionString, List<String> queues) {
        ServiceBusClientBuilder sdk = new ServiceBusClientBuilder().connectionString(connectionString)
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(10)));
        for (String queue : queues) {
            try (ServiceBusReceiverClient deadLetters = sdk.receiver().queueName(queue)
                    .subQueue(SubQueue.DEAD_LETTER_QUEUE).buildClient()) {
                assertThat(deadLetters.peekMessage()).as("dead letters of " + queue).isNull();
            }
        }
    }

    public static long count(Connection db, String sql, Object... parameters) throws SQLException {
        try (var statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}

package no.dpe.tracker.app.interop;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.sql.DataSource;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.app.DpeNetwork;
import no.dpe.tracker.app.Teardown;
import no.dpe.tracker.app.transport.Tracker;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.emulator.DeadLetteredMessage;
import no.dpe.tracker.emulator.ServiceBusEmulator;
import no.dpe.tracker.gateway.DpeQueues;
import no.dpe.tracker.gateway.Mode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A counterpart that sends a thousand malformed, spoofed and oversized messages among a hundred good innsynskrav, in
 * random order, through the emulator with the real Azure SDK. Every bad one ends in the dead-letter queue with the
 * reason for it; every good one is recorded once; nothing of a bad one is recorded. (The good ones' throughput with
 * and without the flood is a figure of the benchmark, not of this test.)
 */
@Tag("fault")
class HostileCounterpartTest {

    static final String AGENCY = "986252932";
    static final String EINNSYN = "991825827";
    static final String OTHER = "910077473";
    static final int GOOD = 100;

    @TempDir
    static Path dir;
    static ServiceBusEmulator emulator;
    static DpeNetwork network;
    static Tracker agency;
    static ReferenceIntegrationPoint einnsyn;
    static ReferenceIntegrationPoint other;
    static ServiceBusSenderClient sender;

    @BeforeAll
    static void start() throws Exception {
        ServiceBusEmulator.Builder builder = ServiceBusEmulator.builder();
        for (Mode mode : Mode.values()) {
            builder.queue(DpeQueues.queue(AGENCY, mode)).queue(DpeQueues.queue(EINNSYN, mode));
        }
        emulator = builder.maxMessageSize(10 * 1024 * 1024).start();
        network = new DpeNetwork(dir).listensOn(AGENCY, Mode.INNSYN).listensOn(EINNSYN, Mode.DATA, Mode.MEETING);
        agency = new Tracker(AGENCY, "innsyn", dir, emulator.connectionString(),
                network.trackerArguments(AGENCY).toArray(String[]::new)).start();
        ServiceBusClientBuilder sdk = new ServiceBusClientBuilder().connectionString(emulator.connectionString())
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(30)));
        einnsyn = new ReferenceIntegrationPoint(EINNSYN, network.keystore(EINNSYN), DpeNetwork.ALIAS,
                DpeNetwork.PASSWORD, sdk);
        other = new ReferenceIntegrationPoint(OTHER, network.keystore(OTHER), DpeNetwork.ALIAS, DpeNetwork.PASSWORD,
                sdk);
        sender = sdk.sender().queueName(agencyQueue()).buildClient();
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeInOrder(sender, agency, emulator, network);
    }

    static String agencyQueue() {
        return DpeQueues.queue(AGENCY, Mode.INNSYN);
    }

    /** A bad message, and the reason it must be dead-lettered with. */
    record Bad(String reason, byte[] body) {
    }

    @Test
    void every_bad_message_is_dead_lettered_with_its_reason_and_every_good_one_recorded_once() throws Exception {
        Map<String, Integer> planned = new LinkedHashMap<>();
        List<byte[]> bodies = new ArrayList<>();
        List<String> goodIds = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) {
            Sbd innsynskrav = innsynskrav(AGENCY);
            goodIds.add(innsynskrav.messageId().orElseThrow());
            bodies.add(ReferenceIntegrationPoint.body(innsynskrav.json(), sealedByEinnsyn()));
        }
        for (Bad bad : badMessages()) {
            planned.merge(bad.reason(), 1, Integer::sum);
            bodies.add(bad.body());
        }
        int badCount = planned.values().stream().mapToInt(Integer::intValue).sum();
        Collections.shuffle(bodies, new Random(7));

        long start = System.nanoTime();
        send(bodies);

        Tracker.await(() -> emulator.deadLetterCount(agencyQueue()) >= badCount
                        && recordedIncoming() >= GOOD && emulator.activeMessageCount(agencyQueue()) == 0,
                "every message taken: " + badCount + " dead-lettered, " + GOOD + " recorded");
        System.out.printf("HostileCounterpartTest: %d messages (%d bad) sent and taken in %d ms%n", bodies.size(),
                badCount, (System.nanoTime() - start) / 1_000_000);
        Map<String, Long> reasons = emulator.peekDeadLetters(agencyQueue()).stream()
                .collect(Collectors.groupingBy(DeadLetteredMessage::deadLetterReason, Collectors.counting()));
        assertThat(reasons).as("dead letters by reason")
                .containsExactlyInAnyOrderEntriesOf(planned.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, entry -> (long) entry.getValue())));
        assertThat(emulator.peekDeadLetters(agencyQueue())).allSatisfy(dead ->
                assertThat(dead.deadLetterErrorDescription()).as("why " + dead.deadLetterReason()).isNotBlank());
        assertThat(receivedEventsByMessage()).as("each good innsynskrav recorded once, nothing else recorded")
                .hasSize(GOOD).containsOnlyKeys(goodIds).allSatisfy((messageId, count) -> assertThat(count).isOne());
    }

    /** A thousand bad messages: each kind a counterpart can get wrong, or try on purpose. */
    static List<Bad> badMessages() throws Exception {
        List<Bad> bad = new ArrayList<>();
        byte[] forSomeoneElse = ReferenceIntegrationPoint.envelope(einnsyn.asice(EINNSYN, AGENCY, files(), "application/xml"),
                other.certificate());
        byte[] unsigned = ReferenceIntegrationPoint.envelope(unsignedZip(), network.key(AGENCY).certificate());
        byte[] signedByOther = ReferenceIntegrationPoint.envelope(other.asice(EINNSYN, AGENCY, files(),
                "application/xml"), network.key(AGENCY).certificate());
        byte[] bomb = zipBomb();
        byte[] sealed = sealedByEinnsyn();
        Random random = new Random(11);
        String truncated = "{\"sbd\": " + innsynskrav(AGENCY).json();
        add(bad, 60, "NotJson", () -> randomBytes(random));
        add(bad, 60, "NotJson", () -> truncated.substring(0, 1 + random.nextInt(truncated.length() - 1))
                .getBytes(StandardCharsets.UTF_8));
        add(bad, 100, "NotSbd", () -> "{\"asic\": null, \"message\": {\"hello\": 1}}".getBytes(StandardCharsets.UTF_8));
        add(bad, 100, "InvalidAsic", () -> ("{\"sbd\": " + innsynskrav(AGENCY).json() + ", \"asic\": \"%%not base64\"}")
                .getBytes(StandardCharsets.UTF_8));
        add(bad, 120, "ValidationFailed", () -> body(Examples.sbd(Examples.INNSYNSKRAV, root -> ((ObjectNode) root
                .path("standardBusinessDocumentHeader").path("documentIdentification")).remove("instanceIdentifier")),
                sealed));
        // spoofed: for another agency, though on our queue
        add(bad, 100, "WrongReceiver", () -> body(innsynskrav(OTHER), sealed));
        add(bad, 80, "MissingPackage", () -> body(innsynskrav(AGENCY), null));
        add(bad, 100, "UndecryptablePackage", () -> body(innsynskrav(AGENCY), forSomeoneElse));
        add(bad, 100, "InvalidSignature", () -> body(innsynskrav(AGENCY), unsigned));
        // spoofed: says it comes from eInnsyn, signed by another organisation's key
        add(bad, 100, "SignerMismatch", () -> body(innsynskrav(AGENCY), signedByOther));
        // spoofed: statuses for messages we never sent
        add(bad, 70, "UnknownMessage", () -> body(Sbd.status(publiseringWeNeverSent(), "LEVERT",
                OffsetDateTime.now(ZoneOffset.UTC)), null));
        // oversized: a small message whose package unpacks to more than 64 MB
        add(bad, 10, "PackageTooLarge", () -> body(innsynskrav(AGENCY), bomb));
        assertThat(bad).hasSize(1000);
        return bad;
    }

    static void add(List<Bad> bad, int count, String reason, Checked<byte[]> body) throws Exception {
        for (int i = 0; i < count; i++) {
            bad.add(new Bad(reason, body.get()));
        }
    }

    interface Checked<T> {
        T get() throws Exception;
    }

    static byte[] body(Sbd sbd, byte[] cms) throws Exception {
        return ReferenceIntegrationPoint.body(sbd.json(), cms);
    }

    /** Binary noise, which no JSON starts with a zero byte. */
    static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(2000)];
        random.nextBytes(bytes);
        bytes[0] = 0;
        return bytes;
    }

    static Sbd innsynskrav(String receiver) {
        return Examples.sbd(Examples.INNSYNSKRAV, root -> {
            ObjectNode header = (ObjectNode) root.path("standardBusinessDocumentHeader");
            ((ObjectNode) header.path("documentIdentification")).put("instanceIdentifier", UUID.randomUUID().toString());
            ((ObjectNode) header.path("receiver").path(0).path("identifier")).put("value", "0192:" + receiver);
            ObjectNode scope = (ObjectNode) header.path("businessScope").path("scope").path(0);
            scope.put("instanceIdentifier", UUID.randomUUID().toString());
            scope.putArray("scopeInformation").addObject().put("expectedResponseDateTime",
                    OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).withNano(0).toString());
        });
    }

    static Sbd publiseringWeNeverSent() {
        return Examples.sbd(Examples.PUBLISERING_JOURNALPOST, root -> {
            ObjectNode header = (ObjectNode) root.path("standardBusinessDocumentHeader");
            ((ObjectNode) header.path("documentIdentification")).put("instanceIdentifier", UUID.randomUUID().toString());
            ((ObjectNode) header.path("businessScope").path("scope").path(0))
                    .put("instanceIdentifier", UUID.randomUUID().toString());
        });
    }

    static Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("order.xml", "<bestilling><id>1</id></bestilling>".getBytes(StandardCharsets.UTF_8));
        files.put("emailtext", "Innsynskrav fra eInnsyn".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    static byte[] sealedByEinnsyn() throws Exception {
        return ReferenceIntegrationPoint.envelope(einnsyn.asice(EINNSYN, AGENCY, files(), "application/xml"),
                network.key(AGENCY).certificate());
    }

    static byte[] unsignedZip() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("mimetype"));
            out.write("application/vnd.etsi.asic-e+zip".getBytes(StandardCharsets.US_ASCII));
            out.putNextEntry(new ZipEntry("order.xml"));
            out.write("<bestilling/>".getBytes(StandardCharsets.UTF_8));
        }
        return zip.toByteArray();
    }

    /** Signed by eInnsyn, so only its size is wrong: 65 MB of zeros that deflate to a few hundred kB. */
    static byte[] zipBomb() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("order.xml", new byte[65 * 1024 * 1024]);
        return ReferenceIntegrationPoint.envelope(einnsyn.asice(EINNSYN, AGENCY, files, "application/xml"),
                network.key(AGENCY).certificate());
    }

    /** In batches, as a busy counterpart sends. */
    static void send(List<byte[]> bodies) {
        ServiceBusMessageBatch batch = sender.createMessageBatch();
        for (byte[] body : bodies) {
            ServiceBusMessage message = new ServiceBusMessage(body);
            if (!batch.tryAddMessage(message)) {
                sender.sendMessages(batch);
                batch = sender.createMessageBatch();
                if (!batch.tryAddMessage(message)) {
                    throw new AssertionError("a message of " + body.length + " bytes fits no batch");
                }
            }
        }
        if (batch.getCount() > 0) {
            sender.sendMessages(batch);
        }
    }

    static long recordedIncoming() {
        return receivedEventsByMessage().size();
    }

    /** MessageReceivedEvents in the event store, by the messageId in their payload. */
    static Map<String, Integer> receivedEventsByMessage() {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection db = agency.bean(DataSource.class).getConnection();
             Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery("SELECT payload FROM domain_event_entry "
                     + "WHERE payload_type = 'no.dpe.tracker.core.api.MessageReceivedEvent'")) {
            while (rows.next()) {
                String messageId = ReferenceIntegrationPoint.JSON.readTree(rows.getBytes(1)).path("messageId").asText();
                counts.merge(messageId, 1, Integer::sum);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }
}

package no.dpe.tracker.app.interop;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.app.DpeNetwork;
import no.dpe.tracker.app.Teardown;
import no.dpe.tracker.app.message.OutgoingMessages;
import no.dpe.tracker.app.transport.Tracker;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.emulator.DeadLetteredMessage;
import no.dpe.tracker.emulator.ServiceBusEmulator;
import no.dpe.tracker.gateway.DpeQueues;
import no.dpe.tracker.gateway.Mode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracker and a peer that packs and unpacks as the real integration point does ({@link ReferenceIntegrationPoint}),
 * talking through the emulator with the real Azure SDK, both ways: the bytes on the wire, the signed and encrypted
 * package, the service registry's queue and certificate. And each way a package can be refused.
 */
class RealIntegrationPointInteropTest {

    static final String AGENCY = "986252932";
    static final String EINNSYN = "991825827";
    static final String OTHER = "910077473";
    static final byte[] ORDER = "<bestilling><id>1</id></bestilling>".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    static ServiceBusEmulator emulator;
    static DpeNetwork network;
    static Tracker agency;
    static ReferenceIntegrationPoint einnsyn;
    static ReferenceIntegrationPoint other;
    static WebTestClient fagsystem;

    @BeforeAll
    static void start() throws Exception {
        ServiceBusEmulator.Builder builder = ServiceBusEmulator.builder();
        for (Mode mode : Mode.values()) {
            builder.queue(DpeQueues.queue(AGENCY, mode)).queue(DpeQueues.queue(EINNSYN, mode));
        }
        emulator = builder.start();
        network = new DpeNetwork(dir).listensOn(AGENCY, Mode.INNSYN).listensOn(EINNSYN, Mode.DATA, Mode.MEETING);
        agency = new Tracker(AGENCY, "innsyn", dir, emulator.connectionString(),
                network.trackerArguments(AGENCY).toArray(String[]::new)).start();
        ServiceBusClientBuilder sdk = new ServiceBusClientBuilder().connectionString(emulator.connectionString())
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(5)));
        einnsyn = new ReferenceIntegrationPoint(EINNSYN, network.keystore(EINNSYN), DpeNetwork.ALIAS,
                DpeNetwork.PASSWORD, sdk);
        other = new ReferenceIntegrationPoint(OTHER, network.keystore(OTHER), DpeNetwork.ALIAS, DpeNetwork.PASSWORD,
                sdk);
        fagsystem = WebTestClient.bindToServer().baseUrl("http://localhost:" + agency.port())
                .responseTimeout(Duration.ofSeconds(30))
                .defaultHeaders(headers -> headers.setBasicAuth("fagsystem", "fagsystem-password")).build();
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeInOrder(agency, emulator, network);
    }

    static Sbd innsynskrav() {
        return Examples.sbd(Examples.INNSYNSKRAV, root -> {
            ObjectNode header = (ObjectNode) root.path("standardBusinessDocumentHeader");
            ((ObjectNode) header.path("documentIdentification")).put("instanceIdentifier", UUID.randomUUID().toString());
            ObjectNode scope = (ObjectNode) header.path("businessScope").path("scope").path(0);
            scope.put("instanceIdentifier", UUID.randomUUID().toString());
            scope.putArray("scopeInformation").addObject().put("expectedResponseDateTime",
                    OffsetDateTime.now(ZoneOffset.UTC).plusDays(30).withNano(0).toString());
        });
    }

    static Map<String, byte[]> orderFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("order.xml", ORDER);
        files.put("emailtext", "Innsynskrav fra eInnsyn".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    static String agencyQueue() {
        return DpeQueues.queue(AGENCY, Mode.INNSYN);
    }

    @Test
    void an_innsynskrav_the_real_integration_point_seals_is_received_and_popped_as_the_signed_asic_it_made()
            throws Exception {
        Sbd innsynskrav = innsynskrav();
        String messageId = innsynskrav.messageId().orElseThrow();
        byte[] asic = einnsyn.asice(EINNSYN, AGENCY, orderFiles(), "application/xml");

        einnsyn.send(agencyQueue(), ReferenceIntegrationPoint.body(innsynskrav.json(),
                ReferenceIntegrationPoint.envelope(asic, network.key(AGENCY).certificate())));

        agency.awaitStatus(messageId, Direction.INCOMING, MessageStatus.INNKOMMENDE_MOTTATT);
        MessageReceivedEvent received = agency.history(innsynskrav.conversationId().orElseThrow()).stream()
                .filter(MessageReceivedEvent.class::isInstance).map(MessageReceivedEvent.class::cast)
                .findFirst().orElseThrow();
        assertThat(received.receivedPackage().signer().organisationNumber()).isEqualTo(EINNSYN);
        assertThat(received.receivedPackage().signer().serialNumber())
                .isEqualTo(einnsyn.certificate().getSerialNumber().toString(16));
        assertThat(received.files()).extracting(file -> file.name()).containsExactly("order.xml", "emailtext");

        fagsystem.get().uri("/api/messages/in/peek?messageId={id}", messageId).exchange().expectStatus().isOk();
        byte[] popped = fagsystem.get().uri("/api/messages/in/pop/{id}", messageId).exchange()
                .expectStatus().isOk()
                .expectHeader().contentType("application/vnd.etsi.asic-e+zip")
                .expectHeader().valueEquals("Content-Disposition", "attachment; filename=\"asic.zip\"")
                .expectBody(byte[].class).returnResult().getResponseBody();
        assertThat(popped).as("the decrypted package is the ASiC-E eInnsyn signed, byte for byte").isEqualTo(asic);
    }

    @Test
    void the_real_integration_point_reads_mottatt_from_the_tracker_on_its_receipt_queue() throws Exception {
        Sbd innsynskrav = innsynskrav();
        String messageId = innsynskrav.messageId().orElseThrow();
        einnsyn.send(agencyQueue(), ReferenceIntegrationPoint.body(innsynskrav.json(), ReferenceIntegrationPoint
                .envelope(einnsyn.asice(EINNSYN, AGENCY, orderFiles(), "application/xml"),
                        network.key(AGENCY).certificate())));

        JsonNode status = ReferenceIntegrationPoint.read(takeFromEinnsynsDataQueue(messageId, "status")).getKey();

        assertThat(status.path("status").path("status").asText()).isEqualTo("MOTTATT");
        assertThat(status.path("standardBusinessDocumentHeader").path("receiver").path(0).path("identifier")
                .path("value").asText()).isEqualTo("0192:" + EINNSYN);
    }

    @Test
    void a_publisering_from_the_tracker_is_read_and_verified_by_the_real_integration_point_and_its_answers_recorded()
            throws Exception {
        Sbd journalpost = Examples.sbd(Examples.PUBLISERING_JOURNALPOST, root -> {
            ObjectNode header = (ObjectNode) root.path("standardBusinessDocumentHeader");
            ((ObjectNode) header.path("documentIdentification")).put("instanceIdentifier", UUID.randomUUID().toString());
            ((ObjectNode) header.path("businessScope").path("scope").path(0))
                    .put("instanceIdentifier", UUID.randomUUID().toString())
                    .putArray("scopeInformation").addObject().put("expectedResponseDateTime",
                            OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).withNano(0).toString());
        });
        byte[] content = "{\"tittel\": \"Vedtak i sak 1\"}".getBytes(StandardCharsets.UTF_8);
        Sbd sent = Tracker.asFagsystem(() -> agency.outgoing().createAndSend(journalpost.toJson(),
                List.of(new OutgoingMessages.Upload("Journalpost", "journalpost.json", "application/json", null,
                        content))));
        String messageId = sent.messageId().orElseThrow();

        byte[] taken = takeFromEinnsynsDataQueue(messageId, "publisering");
        assertThat(ReferenceIntegrationPoint.JSON.readTree(taken).properties()).extracting(Map.Entry::getKey)
                .containsExactly("sbd", "asic");
        Map.Entry<JsonNode, byte[]> read = ReferenceIntegrationPoint.read(taken);
        ReferenceIntegrationPoint.Unpacked unpacked = ReferenceIntegrationPoint.unpack(einnsyn.decrypt(read.getValue()));
        assertThat(unpacked.files()).containsOnlyKeys("journalpost.json");
        assertThat(unpacked.files().get("journalpost.json")).isEqualTo(content);
        assertThat(unpacked.signer()).contains(AGENCY);
        assertThat(unpacked.manifest()).isEqualTo(new String(ReferenceIntegrationPoint.manifest(EINNSYN, AGENCY,
                "journalpost.json", "application/json"), StandardCharsets.UTF_8));

        String receipts = DpeQueues.queue(AGENCY, Mode.INNSYN);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        einnsyn.send(receipts, ReferenceIntegrationPoint.body(Sbd.status(sent, "MOTTATT", now).json(), null));
        einnsyn.send(receipts, ReferenceIntegrationPoint.body(Sbd.status(sent, "LEVERT", now).json(), null));
        String kvitteringId = UUID.randomUUID().toString();
        einnsyn.send(receipts, ReferenceIntegrationPoint.body(Sbd.einnsynKvittering(sent, kvitteringId,
                "http://data.einnsyn.no/noark5/journalpost/" + messageId, "publisert", "publisering", now).json(),
                null));

        agency.awaitStatus(messageId, Direction.OUTGOING, MessageStatus.LEVERT);
        Tracker.await(() -> agency.history(sent.conversationId().orElseThrow()).stream()
                .anyMatch(KvitteringRecordedEvent.class::isInstance), "the kvittering is recorded");
        JsonNode mottatt = ReferenceIntegrationPoint.read(takeFromEinnsynsDataQueue(kvitteringId, "status")).getKey();
        assertThat(mottatt.path("status").path("status").asText()).as("MOTTATT for the kvittering, as the real one "
                + "answers every message it stores").isEqualTo("MOTTATT");
    }

    @Test
    void a_package_for_another_certificate_is_dead_lettered_as_undecryptable_and_nothing_is_recorded()
            throws Exception {
        Sbd innsynskrav = innsynskrav();
        byte[] asic = einnsyn.asice(EINNSYN, AGENCY, orderFiles(), "application/xml");

        assertRefused(innsynskrav, ReferenceIntegrationPoint.envelope(asic, other.certificate()),
                "UndecryptablePackage");
    }

    @Test
    void an_unsigned_package_is_dead_lettered_as_invalid_signature_and_nothing_is_recorded() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("mimetype"));
            out.write("application/vnd.etsi.asic-e+zip".getBytes(StandardCharsets.US_ASCII));
            out.putNextEntry(new ZipEntry("order.xml"));
            out.write(ORDER);
        }

        assertRefused(innsynskrav(), ReferenceIntegrationPoint.envelope(zip.toByteArray(),
                network.key(AGENCY).certificate()), "InvalidSignature");
    }

    @Test
    void a_package_changed_after_signing_is_dead_lettered_as_invalid_signature_and_nothing_is_recorded()
            throws Exception {
        byte[] asic = einnsyn.asice(EINNSYN, AGENCY, orderFiles(), "application/xml");
        ByteArrayOutputStream changed = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(asic));
             ZipOutputStream out = new ZipOutputStream(changed)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(entry.getName().equals("order.xml") ? "<bestilling>forfalsket</bestilling>"
                        .getBytes(StandardCharsets.UTF_8) : content);
            }
        }

        assertRefused(innsynskrav(), ReferenceIntegrationPoint.envelope(changed.toByteArray(),
                network.key(AGENCY).certificate()), "InvalidSignature");
    }

    @Test
    void a_package_signed_by_another_organisation_than_the_sender_is_dead_lettered_as_signer_mismatch()
            throws Exception {
        byte[] signedByOther = other.asice(EINNSYN, AGENCY, orderFiles(), "application/xml");

        assertRefused(innsynskrav(), ReferenceIntegrationPoint.envelope(signedByOther,
                network.key(AGENCY).certificate()), "SignerMismatch");
    }

    /**
     * The body of the message of that type for that messageId on eInnsyn's data queue, where both the tracker's
     * publiseringer and its statuses for eInnsyn's innsynskrav arrive; the others taken on the way are dropped.
     */
    private static byte[] takeFromEinnsynsDataQueue(String messageId, String type) throws Exception {
        for (int attempt = 0; attempt < 30; attempt++) {
            for (ServiceBusReceivedMessage message : einnsyn.receive(DpeQueues.queue(EINNSYN, Mode.DATA), 10,
                    Duration.ofSeconds(1))) {
                JsonNode identification = ReferenceIntegrationPoint.read(message.getBody().toBytes()).getKey()
                        .path("standardBusinessDocumentHeader").path("documentIdentification");
                if (messageId.equals(identification.path("instanceIdentifier").asText())
                        && type.equals(identification.path("type").asText())) {
                    return message.getBody().toBytes();
                }
            }
        }
        throw new AssertionError("No " + type + " for " + messageId + " on eInnsyn's data queue");
    }

    private static void assertRefused(Sbd innsynskrav, byte[] cms, String reason) throws Exception {
        String messageId = innsynskrav.messageId().orElseThrow();

        einnsyn.send(agencyQueue(), ReferenceIntegrationPoint.body(innsynskrav.json(), cms));

        Tracker.await(() -> emulator.peekDeadLetters(agencyQueue()).stream()
                .anyMatch(dead -> dead.bodyAsString().contains(messageId)), "the message is dead-lettered");
        DeadLetteredMessage dead = emulator.peekDeadLetters(agencyQueue()).stream()
                .filter(message -> message.bodyAsString().contains(messageId)).findFirst().orElseThrow();
        assertThat(dead.deadLetterReason()).isEqualTo(reason);
        assertThat(dead.deadLetterErrorDescription()).isNotBlank();
        assertThat(agency.message(messageId, Direction.INCOMING)).as("nothing of it is recorded").isEmpty();
        assertThat(agency.history(innsynskrav.conversationId().orElseThrow())).isEmpty();
    }
}

package no.dpe.tracker.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.keys.Keys;
import no.dpe.tracker.app.transport.EmbeddedServiceBus;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.emulator.ServiceBusEmulator;
import no.dpe.tracker.gateway.DpeQueues;
import no.dpe.tracker.gateway.Mode;
import no.dpe.tracker.gateway.WireMessage;
import no.dpe.tracker.packaging.DpePackages;
import no.dpe.tracker.packaging.EnterpriseKey;
import no.dpe.tracker.packaging.Keystores;
import no.dpe.tracker.packaging.PackagedFile;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * A counterpart flooding our queue: good innsynskrav from eInnsyn (signed, encrypted to us) taken alone, then the same
 * number among a thousand bad messages (noise, spoofed receivers and signers, packages for another key or unsigned,
 * statuses for messages we never sent, packages that unpack past the limit), in random order. The figure is the good
 * ones' rate within the flood, the baseline their rate alone, in the same tracker; the goal is the same order of
 * magnitude (a ratio of 0.1 or more). HostileCounterpartTest shows each bad one dead-lettered with its reason.
 */
final class Flood {

    private static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final String EINNSYN = Publiserings.EINNSYN;
    private static final String STRANGER = "910077473";

    private Flood() {
    }

    static void run() throws Exception {
        int good = Settings.integer("bench.flood-good", 500);
        int bad = Settings.integer("bench.flood-bad", 1000);
        try (Database.Store store = Database.H2.fresh("flood");
             Tracker tracker = Tracker.start(store)) {
            ServiceBusEmulator emulator = tracker.bean(EmbeddedServiceBus.class).emulator().orElseThrow(
                    () -> new IllegalStateException("the tracker did not start its embedded emulator"));
            Keys keys = tracker.bean(Keys.class);
            EnterpriseKey stranger = Keystores.loadOrGenerate(Files.createTempDirectory("flood").resolve("s.p12"),
                    "changeit", "stranger", STRANGER, "Stranger", Instant.now());
            Messages messages = new Messages(new DpePackages(keys.standIn().orElseThrow()), new DpePackages(stranger),
                    keys.ours().certificate(), stranger.certificate());
            Set<String> recorded = ConcurrentHashMap.newKeySet();
            tracker.bean(EventStore.class).subscribe(events -> {
                for (EventMessage<?> event : events) {
                    if (event.getPayload() instanceof MessageReceivedEvent received) {
                        recorded.add(received.messageId());
                    }
                }
            });
            String queue = DpeQueues.queue(Tracker.ORGANISATION, Mode.INNSYN);
            try (ServiceBusSenderClient sender = new ServiceBusClientBuilder()
                    .connectionString(emulator.connectionString()).sender().queueName(queue).buildClient()) {
                // warm-up: the first packages pay for class loading and the JIT
                timeUntilRecorded(sender, messages.good(100), List.of(), recorded);
                double alone = timeUntilRecorded(sender, messages.good(good), List.of(), recorded);
                List<byte[]> flood = messages.bad(bad);
                double amongBad = timeUntilRecorded(sender, messages.good(good), flood, recorded);
                long deadlineForBad = System.nanoTime() + PATIENCE.toNanos();
                while (emulator.deadLetterCount(queue) < bad && System.nanoTime() < deadlineForBad) {
                    Thread.sleep(20);
                }
                Report.progress("flood: %d good alone in %.1f s; among %d bad in %.1f s; %d dead-lettered", good,
                        alone, bad, amongBad, emulator.deadLetterCount(queue));
                Report.row("good innsynskrav (signed, encrypted) among " + bad + " bad messages (malformed, spoofed, "
                                + "oversized) on our queue, " + good + " good",
                        Report.rate(good / amongBad) + " good messages/s recorded",
                        "the same number alone, same tracker: " + Report.rate(good / alone) + " messages/s",
                        Report.ratio(good / amongBad, good / alone),
                        Report.Goal.ratioAtLeast(alone / amongBad, 0.1, "vs alone (the same order)"));
            }
        }
    }

    /** Sends the good ones mixed with the others, and returns the seconds until every good one is recorded. */
    private static double timeUntilRecorded(ServiceBusSenderClient sender, List<Good> good, List<byte[]> others,
                                            Set<String> recorded) throws InterruptedException {
        List<byte[]> bodies = new ArrayList<>(others);
        good.forEach(message -> bodies.add(message.body()));
        Collections.shuffle(bodies, new Random(13));
        long start = System.nanoTime();
        send(sender, bodies);
        long giveUp = start + PATIENCE.toNanos();
        while (!good.stream().allMatch(message -> recorded.contains(message.messageId()))) {
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("good messages not recorded within " + PATIENCE);
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void send(ServiceBusSenderClient sender, List<byte[]> bodies) {
        ServiceBusMessageBatch batch = sender.createMessageBatch();
        for (byte[] body : bodies) {
            ServiceBusMessage message = new ServiceBusMessage(body);
            if (!batch.tryAddMessage(message)) {
                sender.sendMessages(batch);
                batch = sender.createMessageBatch();
                batch.tryAddMessage(message);
            }
        }
        if (batch.getCount() > 0) {
            sender.sendMessages(batch);
        }
    }

    private record Good(String messageId, byte[] body) {
    }

    /** The counterpart's messages: eInnsyn's good ones, and bad ones of every kind. */
    private record Messages(DpePackages einnsyn, DpePackages stranger,
                            java.security.cert.X509Certificate ours,
                            java.security.cert.X509Certificate strangers) {

        private static final ObjectMapper JSON = new ObjectMapper();
        private static final List<PackagedFile> ORDER = List.of(
                new PackagedFile("order.xml", "application/xml",
                        "<bestilling><id>1</id></bestilling>".getBytes(StandardCharsets.UTF_8)),
                new PackagedFile("emailtext", "text/plain", "Innsynskrav".getBytes(StandardCharsets.UTF_8)));

        List<Good> good(int count) {
            List<Good> good = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String messageId = UUID.randomUUID().toString();
                good.add(new Good(messageId, body(innsynskrav(messageId, Tracker.ORGANISATION),
                        einnsyn.seal(EINNSYN, Tracker.ORGANISATION, ORDER, ours))));
            }
            return good;
        }

        List<byte[]> bad(int count) {
            byte[] forSomeoneElse = einnsyn.seal(EINNSYN, Tracker.ORGANISATION, ORDER, strangers);
            byte[] signedByStranger = stranger.seal(EINNSYN, Tracker.ORGANISATION, ORDER, ours);
            byte[] unsigned = DpePackages.encrypt(unsignedZip(), ours);
            byte[] bomb = einnsyn.seal(EINNSYN, Tracker.ORGANISATION, List.of(new PackagedFile("order.xml",
                    "application/xml", new byte[65 * 1024 * 1024])), ours);
            byte[] sealed = einnsyn.seal(EINNSYN, Tracker.ORGANISATION, ORDER, ours);
            Random random = new Random(17);
            List<byte[]> bad = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                bad.add(switch (i % 10) {
                    case 0 -> noise(random);
                    case 1 -> "{\"sbd\": {\"standardBusinessDocumentHeader\": {".getBytes(StandardCharsets.UTF_8);
                    case 2 -> body(innsynskrav(id, STRANGER), sealed);
                    case 3 -> body(innsynskrav(id, Tracker.ORGANISATION), forSomeoneElse);
                    case 4 -> body(innsynskrav(id, Tracker.ORGANISATION), unsigned);
                    case 5 -> body(innsynskrav(id, Tracker.ORGANISATION), signedByStranger);
                    case 6 -> body(innsynskrav(id, Tracker.ORGANISATION), null);
                    case 7 -> body(status(id), null);
                    case 8 -> i % 100 == 8 ? body(innsynskrav(id, Tracker.ORGANISATION), bomb)
                            : body(innsynskrav("", Tracker.ORGANISATION), sealed);
                    default -> "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);
                });
            }
            return bad;
        }

        private static byte[] noise(Random random) {
            byte[] bytes = new byte[1 + random.nextInt(2000)];
            random.nextBytes(bytes);
            bytes[0] = 0;
            return bytes;
        }

        private static byte[] body(String sbd, byte[] cms) {
            try {
                return new WireMessage(Sbd.of(JSON.readTree(sbd)), cms).toBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A status from eInnsyn for a publisering of ours that never existed. */
        private static String status(String messageId) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
            return """
                    {"standardBusinessDocumentHeader": {"headerVersion": "1.0",
                      "sender": [{"identifier": {"authority": "iso6523-actorid-upis", "value": "0192:%s"}}],
                      "receiver": [{"identifier": {"authority": "iso6523-actorid-upis", "value": "0192:%s"}}],
                      "documentIdentification": {"standard": "urn:no:difi:eformidling:xsd::status", "typeVersion": "2.0",
                        "instanceIdentifier": "%s", "type": "status", "creationDateAndTime": "%s"},
                      "businessScope": {"scope": [{"type": "ConversationId", "instanceIdentifier": "%s",
                        "identifier": "urn:no:difi:profile:einnsyn:response:ver1.0"}]}},
                     "status": {"status": "LEVERT"}}
                    """.formatted(EINNSYN, Tracker.ORGANISATION, messageId, now, UUID.randomUUID());
        }

        private static String innsynskrav(String messageId, String receiver) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
            return """
                    {"standardBusinessDocumentHeader": {"headerVersion": "1.0",
                      "sender": [{"identifier": {"authority": "iso6523-actorid-upis", "value": "0192:%s"}}],
                      "receiver": [{"identifier": {"authority": "iso6523-actorid-upis", "value": "0192:%s"}}],
                      "documentIdentification": {"standard": "urn:no:difi:einnsyn:xsd::innsynskrav", "typeVersion": "1.0",
                        "instanceIdentifier": "%s", "type": "innsynskrav", "creationDateAndTime": "%s"},
                      "businessScope": {"scope": [{"type": "ConversationId", "instanceIdentifier": "%s",
                        "identifier": "urn:no:difi:profile:einnsyn:innsynskrav:ver1.0",
                        "scopeInformation": [{"expectedResponseDateTime": "%s"}]}]}},
                     "innsynskrav": {"orgnr": "%s", "epost": "innbygger@example.no"}}
                    """.formatted(EINNSYN, receiver, messageId, now, UUID.randomUUID(), now.plusDays(30), receiver);
        }

        private static byte[] unsignedZip() {
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(zip)) {
                out.putNextEntry(new ZipEntry("mimetype"));
                out.write("application/vnd.etsi.asic-e+zip".getBytes(StandardCharsets.US_ASCII));
                out.putNextEntry(new ZipEntry("order.xml"));
                out.write("<bestilling/>".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return zip.toByteArray();
        }
    }
}

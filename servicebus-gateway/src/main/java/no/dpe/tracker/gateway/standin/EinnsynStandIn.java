package no.dpe.tracker.gateway.standin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessageContext;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.gateway.DpeQueues;
import no.dpe.tracker.gateway.InvalidWireMessageException;
import no.dpe.tracker.gateway.Mode;
import no.dpe.tracker.gateway.ServiceBusConnection;
import no.dpe.tracker.gateway.WireMessage;
import no.dpe.tracker.gateway.outbound.ServiceBusPublisher;
import no.dpe.tracker.gateway.registry.ServiceRecord;
import no.dpe.tracker.gateway.registry.ServiceRegistry;
import no.dpe.tracker.packaging.DpePackages;
import no.dpe.tracker.packaging.OpenedPackage;
import no.dpe.tracker.packaging.PackageException;
import no.dpe.tracker.packaging.PackagedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays eInnsyn's integration point (991825827) on the embedded transport, so a newcomer sees a whole
 * flow with nothing else running: every publisering it receives (on its data and meeting queues) is opened with
 * eInnsyn's own key, its signature checked, and answered with MOTTATT, LEVERT and an einnsyn_kvittering saying it
 * was published; a package it cannot open is dead-lettered with the reason, as a real counterpart would refuse it.
 * On request it sends an innsynskrav, sealed for the agency as its service record says. It keeps no state and
 * records nothing: it is a counterpart, not a tracker.
 */
public class EinnsynStandIn implements AutoCloseable {

    public static final String EINNSYN = "991825827";
    /** eInnsyn receives publishing on its data queue, so its receipts go to the agencies' innsyn queues. */
    public static final Mode MODE = Mode.DATA;
    /** Where eInnsyn takes journalposts and meetings (the service records of its stand-in say the same). */
    public static final List<Mode> QUEUES = List.of(Mode.DATA, Mode.MEETING);
    private static final Logger log = LoggerFactory.getLogger(EinnsynStandIn.class);

    private final ServiceBusPublisher publisher;
    private final DpeQueues queues = new DpeQueues(DpeQueues.receiptModeFor(MODE), false);
    private final DpePackages packages;
    private final ServiceRegistry registry;
    private final List<ServiceBusProcessorClient> processors = new ArrayList<>();
    private final Clock clock;
    private final Duration answerPause;
    /** Publiserings answered at once, as eInnsyn's integration point handles many. */
    private static final int CONCURRENT_ANSWERS = 16;

    private final AtomicInteger answerThreads = new AtomicInteger();
    /**
     * Where the later answers are sent from: as many threads as publiserings are taken at once, so that one
     * slow send does not hold the others up (with a single thread the stand-in answered at most some 35
     * publiserings a second, the end-to-end bench's whole throughput).
     */
    private final ScheduledExecutorService later = Executors.newScheduledThreadPool(CONCURRENT_ANSWERS, runnable -> {
        Thread thread = new Thread(runnable, "einnsyn-stand-in-" + answerThreads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param answerPause how long after MOTTATT eInnsyn answers with LEVERT and the kvittering: long enough
     *                    for the answers to arrive in the order a real counterpart sends them
     */
    /**
     * @param packages    sealed and opened with eInnsyn's own key
     * @param registry    where the agencies' certificates and queues are found
     */
    public EinnsynStandIn(ServiceBusConnection connection, ServiceBusPublisher publisher, DpePackages packages,
                          ServiceRegistry registry, Clock clock, Duration answerPause) {
        this.publisher = publisher;
        this.packages = packages;
        this.registry = registry;
        this.clock = clock;
        this.answerPause = answerPause;
        for (Mode mode : QUEUES) {
            processors.add(connection.builder().processor()
                    .queueName(DpeQueues.queue(EINNSYN, mode))
                    .receiveMode(ServiceBusReceiveMode.PEEK_LOCK)
                    .disableAutoComplete()
                    .maxConcurrentCalls(CONCURRENT_ANSWERS)
                    .processMessage(this::handle)
                    .processError(context -> log.warn("eInnsyn stand-in receive error: {}",
                            context.getException().toString()))
                    .buildProcessorClient());
        }
    }

    public void start() {
        processors.forEach(ServiceBusProcessorClient::start);
    }

    public void stop() {
        processors.forEach(ServiceBusProcessorClient::stop);
    }

    /**
     * Sends an innsynskrav from eInnsyn to an agency, as a citizen's request would arrive.
     *
     * @return the SBD that was sent
     */
    public Sbd sendInnsynskrav(String agency, String email) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        String messageId = UUID.randomUUID().toString();
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode header = root.putObject("standardBusinessDocumentHeader").put("headerVersion", "1.0");
        header.putArray("sender").addObject().putObject("identifier")
                .put("authority", "iso6523-actorid-upis").put("value", "0192:" + EINNSYN);
        header.putArray("receiver").addObject().putObject("identifier")
                .put("authority", "iso6523-actorid-upis").put("value", "0192:" + agency);
        header.putObject("documentIdentification")
                .put("standard", DocumentType.INNSYNSKRAV.standard())
                .put("typeVersion", "1.0")
                .put("instanceIdentifier", messageId)
                .put("type", DocumentType.INNSYNSKRAV.type())
                .put("creationDateAndTime", now.toString());
        ObjectNode scope = header.putObject("businessScope").putArray("scope").addObject()
                .put("type", "ConversationId")
                .put("instanceIdentifier", UUID.randomUUID().toString())
                .put("identifier", DpeProcess.INNSYNSKRAV.identifier());
        // eInnsyn gives agencies 30 days to answer an innsynskrav
        scope.putArray("scopeInformation").addObject().put("expectedResponseDateTime", now.plusDays(30).toString());
        root.putObject("innsynskrav").put("orgnr", agency).put("epost", email);
        Sbd sbd = Sbd.of(root);
        ServiceRecord record = registry.dpeRecord(agency, DpeProcess.INNSYNSKRAV.identifier(),
                DocumentType.INNSYNSKRAV.standard());
        byte[] sealed = packages.seal(EINNSYN, agency, List.of(
                new PackagedFile("order.xml", "application/xml", ("<bestilling><id>" + messageId
                        + "</id><bestillingsdato>" + now.toLocalDate() + "</bestillingsdato></bestilling>")
                        .getBytes(StandardCharsets.UTF_8)),
                new PackagedFile("emailtext", "text/plain",
                        "Innsynskrav fra eInnsyn (stand-in)".getBytes(StandardCharsets.UTF_8))),
                record.certificate());
        publisher.publish(DpeQueues.queue(agency, record.queueSuffix()), messageId,
                new WireMessage(sbd, sealed).toBytes());
        return sbd;
    }

    private void handle(ServiceBusReceivedMessageContext context) {
        WireMessage wire;
        try {
            wire = WireMessage.parse(context.getMessage().getBody().toBytes());
        } catch (InvalidWireMessageException e) {
            context.deadLetter(new DeadLetterOptions().setDeadLetterReason(e.reason())
                    .setDeadLetterErrorDescription(e.getMessage()));
            return;
        }
        Sbd sbd = wire.sbd();
        if (sbd.documentType().orElse(null) != DocumentType.PUBLISERING) {
            log.debug("eInnsyn stand-in took {} {}", sbd.documentType().orElse(null), sbd.messageId().orElse(""));
            context.complete();
            return;
        }
        String agency = sbd.sender().orElseThrow().value();
        Refusal refused = refusal(wire, agency);
        if (refused != null) {
            context.deadLetter(new DeadLetterOptions().setDeadLetterReason(refused.reason())
                    .setDeadLetterErrorDescription(refused.description()));
            return;
        }
        String statusQueue = queues.receiptQueueFor(agency, DocumentType.STATUS, null);
        publisher.publish(statusQueue, sbd.messageId().orElseThrow() + ":MOTTATT", new WireMessage(
                Sbd.status(sbd, "MOTTATT", clock.instant().atOffset(ZoneOffset.UTC)), null).toBytes());
        // eInnsyn itself answers a moment later; the publisering is completed only once every answer is out,
        // so a stand-in that dies in between answers it again (the agency takes the repeats as duplicates)
        Runnable answer = () -> {
            try {
                deliverAndPublish(sbd, agency, statusQueue);
                context.complete();
            } catch (RuntimeException e) {
                log.warn("eInnsyn stand-in could not answer {}; abandoning it for another try: {}",
                        sbd.messageId().orElse(""), e.toString());
                context.abandon();
            }
        };
        if (answerPause.isZero()) {
            answer.run();
        } else {
            later.schedule(answer, answerPause.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private record Refusal(String reason, String description) {
    }

    /** Why the publisering's package cannot be taken, or null when it opens and is signed by the agency. */
    private Refusal refusal(WireMessage wire, String agency) {
        if (wire.files().isEmpty()) {
            return new Refusal("MissingPackage", "A publisering comes with its files in a package");
        }
        try {
            OpenedPackage opened = packages.open(wire.files().get());
            if (!agency.equals(opened.signer().organisationNumber())) {
                return new Refusal("SignerMismatch", "Signed by " + opened.signer().subject() + ", not by " + agency);
            }
            return null;
        } catch (PackageException e) {
            return new Refusal(e.reason(), e.getMessage());
        }
    }

    /** LEVERT once eInnsyn has taken the publisering in, and the kvittering saying it is published. */
    private void deliverAndPublish(Sbd publisering, String agency, String statusQueue) {
        String messageId = publisering.messageId().orElseThrow();
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        publisher.publish(statusQueue, messageId + ":LEVERT",
                new WireMessage(Sbd.status(publisering, "LEVERT", now), null).toBytes());
        String dokumentId = "http://data.einnsyn.no/noark5/journalpost/" + messageId;
        ObjectNode status = JsonNodeFactory.instance.objectNode()
                .put("publisert", true)
                .put("publisertDatotid", now.toString())
                .put("arkivskaperOrgnummer", agency)
                .put("publisertAvOrgnummer", agency)
                .put("dokumentId", dokumentId);
        String kvitteringId = UUID.nameUUIDFromBytes(("kvittering:" + messageId).getBytes(StandardCharsets.UTF_8))
                .toString();
        Sbd kvittering = Sbd.einnsynKvittering(publisering, kvitteringId, dokumentId, status.toString(),
                "publisering", now);
        publisher.publish(queues.receiptQueueFor(agency, DocumentType.EINNSYN_KVITTERING,
                "publisering"), kvitteringId, new WireMessage(kvittering, null).toBytes());
    }

    @Override
    public void close() {
        processors.forEach(ServiceBusProcessorClient::close);
        later.shutdownNow();
    }
}

package no.dpe.tracker.app.transport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import no.dpe.tracker.app.DpeNetwork;
import no.dpe.tracker.app.Teardown;
import no.dpe.tracker.app.message.OutgoingMessages;
import no.dpe.tracker.app.processing.DeadLetters;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.RecordStatusCommand;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.emulator.QueueOptions;
import no.dpe.tracker.emulator.ServiceBusEmulator;
import no.dpe.tracker.gateway.DpeQueues;
import no.dpe.tracker.gateway.Mode;
import no.dpe.tracker.gateway.outbound.OutboundMessages;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.Registration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import static no.dpe.tracker.app.transport.DpeFlowsEndToEndTest.document;
import static no.dpe.tracker.app.transport.DpeFlowsEndToEndTest.statuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbound processor publishes a processor batch as SDK batches (ADR 0007): messages queued while it was stopped
 * are taken several to a batch when it starts, travel several to a transfer, and each arrives once with SENDT
 * recorded once, also when the batch fails after publishing and is published again; a message Service Bus refuses
 * fails alone. A real agency tracker, the real Azure SDK, the emulator over a socket, H2.
 */
class BatchedPublishingTest {

    static final String AGENCY = "986252932";
    static final String EINNSYN = "991825827";
    /** In the service registry, but with no queue: Service Bus refuses what is sent to it. */
    static final String UNREACHABLE = "921999992";
    static final String EINNSYN_QUEUE = DpeQueues.queue(EINNSYN, Mode.DATA);
    /** Small enough that one publisering with a large file does not fit, large enough for many small ones. */
    static final int MAX_MESSAGE_SIZE = 256 * 1024;

    @TempDir
    static Path dataDir;
    static ServiceBusEmulator emulator;
    static DpeNetwork network;
    static Tracker agency;
    /** Each transfer to eInnsyn's queue: the MessageIds it carried. */
    static final List<List<String>> transfers = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        ServiceBusEmulator.Builder builder = ServiceBusEmulator.builder()
                .maxMessageSize(MAX_MESSAGE_SIZE)
                .defaultQueueOptions(QueueOptions.defaults().withDuplicateDetection(Duration.ofMinutes(10)))
                .onSend((entity, messageIds) -> {
                    if (entity.equals(EINNSYN_QUEUE)) {
                        transfers.add(List.copyOf(messageIds));
                    }
                });
        for (Mode mode : Mode.values()) {
            builder.queue(DpeQueues.queue(AGENCY, mode)).queue(DpeQueues.queue(EINNSYN, mode));
        }
        emulator = builder.start();
        network = new DpeNetwork(dataDir)
                .listensOn(AGENCY, Mode.INNSYN)
                .listensOn(EINNSYN, Mode.DATA)
                .listensOn(UNREACHABLE, Mode.DATA);
        agency = new Tracker(AGENCY, "innsyn", dataDir, emulator.connectionString(),
                network.trackerArguments(AGENCY).toArray(String[]::new)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeInOrder(agency, emulator, network);
    }

    @Test
    void a_batch_published_again_after_a_failure_before_sendt_is_on_the_queue_once_and_sendt_recorded_once() {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        // the database goes away as the first SENDT of a batch is recorded: its messages are on the queue already
        Registration fault = agency.bean(CommandBus.class).registerHandlerInterceptor((unitOfWork, chain) -> {
            if (unitOfWork.getMessage().getPayload() instanceof RecordStatusCommand command
                    && command.status() == MessageStatus.SENDT && failOnce.compareAndSet(true, false)) {
                throw new SQLTransientConnectionException("injected: the database went away after publishing");
            }
            return chain.proceed();
        });
        List<Sbd> sent;
        try {
            sent = whileOutboundStopped(() -> {
                List<Sbd> queued = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    queued.add(send(EINNSYN, DpeFlowsEndToEndTest.FILE));
                }
                return queued;
            });
            for (Sbd message : sent) {
                agency.awaitStatus(message.messageId().orElseThrow(), Direction.OUTGOING, MessageStatus.SENDT);
            }
        } finally {
            fault.cancel();
        }

        assertThat(failOnce).as("the failure was injected").isFalse();
        List<String> ids = sent.stream().map(message -> message.messageId().orElseThrow()).toList();
        assertThat(transfers).as("several messages to a transfer").anyMatch(transfer -> transfer.size() > 1);
        assertThat(timesTransferred(ids).values()).as("the failed batch was published again")
                .anyMatch(times -> times > 1);
        assertThat(receiveAll(EINNSYN_QUEUE)).as("each on the queue once").containsExactlyInAnyOrderElementsOf(ids);
        for (Sbd message : sent) {
            assertThat(statuses(agency.history(message.conversationId().orElseThrow())))
                    .as("SENDT once").containsExactly(MessageStatus.SENDT);
        }
    }

    @Test
    void a_message_service_bus_refuses_is_feil_and_the_others_of_its_batch_are_sent() {
        byte[] noise = new byte[MAX_MESSAGE_SIZE];
        new Random(1).nextBytes(noise);
        byte[] large = ("{\"journalpost\": \"" + Base64.getEncoder().encodeToString(noise) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
        Map<String, Sbd> sent = whileOutboundStopped(() -> {
            Map<String, Sbd> queued = new HashMap<>();
            queued.put("before", send(EINNSYN, DpeFlowsEndToEndTest.FILE));
            queued.put("too large", send(EINNSYN, large));
            queued.put("no queue", send(UNREACHABLE, DpeFlowsEndToEndTest.FILE));
            queued.put("after", send(EINNSYN, DpeFlowsEndToEndTest.FILE));
            return queued;
        });

        String tooLarge = sent.get("too large").messageId().orElseThrow();
        String noQueue = sent.get("no queue").messageId().orElseThrow();
        assertThat(agency.awaitStatus(tooLarge, Direction.OUTGOING, MessageStatus.FEIL).status())
                .isEqualTo(MessageStatus.FEIL);
        agency.awaitStatus(noQueue, Direction.OUTGOING, MessageStatus.FEIL);
        agency.awaitStatus(sent.get("before").messageId().orElseThrow(), Direction.OUTGOING, MessageStatus.SENDT);
        agency.awaitStatus(sent.get("after").messageId().orElseThrow(), Direction.OUTGOING, MessageStatus.SENDT);

        assertThat(statuses(agency.history(sent.get("too large").conversationId().orElseThrow())))
                .containsExactly(MessageStatus.FEIL);
        assertThat(statuses(agency.history(sent.get("no queue").conversationId().orElseThrow())))
                .containsExactly(MessageStatus.FEIL);
        assertThat(receiveAll(EINNSYN_QUEUE)).containsExactlyInAnyOrder(
                sent.get("before").messageId().orElseThrow(), sent.get("after").messageId().orElseThrow());
    }

    @Test
    void a_batch_that_fails_when_committed_parks_only_the_conversation_at_fault_and_sends_the_others() {
        JdbcTemplate jdbc = agency.bean(JdbcTemplate.class);
        DeadLetters deadLetters = agency.bean(DeadLetters.class);
        List<Sbd> sent = whileOutboundStopped(() -> {
            List<Sbd> queued = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                queued.add(send(inOneSegment(EINNSYN), DpeFlowsEndToEndTest.FILE));
            }
            // the SENDT of the third fails in the database when the batch commits, which names no event
            jdbc.execute("ALTER TABLE message_index ADD CONSTRAINT refuse_one_sendt CHECK (NOT (message_id = '"
                    + queued.get(2).messageId().orElseThrow() + "' AND status = 'SENDT'))");
            return queued;
        });
        Sbd atFault = sent.get(2);
        String conversation = atFault.conversationId().orElseThrow();
        try {
            for (Sbd message : sent) {
                if (message != atFault) {
                    agency.awaitStatus(message.messageId().orElseThrow(), Direction.OUTGOING, MessageStatus.SENDT);
                }
            }
            Tracker.await(() -> deadLetters.counts().getOrDefault(OutboundMessages.PROCESSING_GROUP, 0L) == 1,
                    "the conversation at fault is parked, alone");
            assertThat(deadLetters.sequence(OutboundMessages.PROCESSING_GROUP, conversation).letters())
                    .extracting(DeadLetters.Letter::eventType).containsExactly("MessageQueuedForSendingEvent");
            // retried while the fault is still there: it fails again, is said to, and stays parked
            DeadLetters.Retried again = deadLetters.retry(OutboundMessages.PROCESSING_GROUP, conversation);
            assertThat(again.succeeded()).isFalse();
            assertThat(deadLetters.counts().get(OutboundMessages.PROCESSING_GROUP)).isEqualTo(1);
        } finally {
            jdbc.execute("ALTER TABLE message_index DROP CONSTRAINT IF EXISTS refuse_one_sendt");
        }

        assertThat(deadLetters.retry(OutboundMessages.PROCESSING_GROUP, conversation).succeeded()).isTrue();
        agency.awaitStatus(atFault.messageId().orElseThrow(), Direction.OUTGOING, MessageStatus.SENDT);
        List<String> ids = sent.stream().map(message -> message.messageId().orElseThrow()).toList();
        assertThat(receiveAll(EINNSYN_QUEUE)).as("each on the queue once").containsExactlyInAnyOrderElementsOf(ids);
        for (Sbd message : sent) {
            assertThat(statuses(agency.history(message.conversationId().orElseThrow())))
                    .as("SENDT once").containsExactly(MessageStatus.SENDT);
        }
    }

    /** Queues messages while the outbound processor is stopped, so that it takes them several to a batch. */
    static <T> T whileOutboundStopped(Supplier<T> queue) {
        EventProcessor outbound = agency.bean(EventProcessingConfiguration.class)
                .eventProcessor(OutboundMessages.PROCESSING_GROUP).orElseThrow();
        outbound.shutDown();
        try {
            return queue.get();
        } finally {
            outbound.start();
        }
    }

    static Sbd send(String receiver, byte[] file) {
        return send(document(Examples.PUBLISERING_JOURNALPOST, AGENCY, receiver, Duration.ofDays(1)), file);
    }

    /**
     * A publisering whose conversation falls in the processor's first of four segments (Axon matches a segment by the
     * conversationId's hash code), so that publiseringer made this way are handled in one batch.
     */
    static Sbd inOneSegment(String receiver) {
        Sbd sbd;
        do {
            sbd = document(Examples.PUBLISERING_JOURNALPOST, AGENCY, receiver, Duration.ofDays(1));
        } while ((sbd.conversationId().orElseThrow().hashCode() & 3) != 0);
        return sbd;
    }

    static Sbd send(Sbd sbd, byte[] file) {
        return Tracker.asFagsystem(() -> agency.outgoing().createAndSend(sbd.toJson(), List.of(
                new OutgoingMessages.Upload("journalpost.json", "journalpost.json", "application/json", null,
                        file))));
    }

    static Map<String, Integer> timesTransferred(List<String> ids) {
        Map<String, Integer> times = new HashMap<>();
        synchronized (transfers) {
            transfers.stream().flatMap(List::stream).filter(ids::contains)
                    .forEach(id -> times.merge(id, 1, Integer::sum));
        }
        return times;
    }

    /** Takes everything on the queue: its MessageIds, as many times as each is there. */
    static List<String> receiveAll(String queue) {
        List<String> ids = new ArrayList<>();
        try (ServiceBusReceiverClient receiver = new ServiceBusClientBuilder()
                .connectionString(emulator.connectionString()).receiver().queueName(queue)
                .receiveMode(ServiceBusReceiveMode.RECEIVE_AND_DELETE).buildClient()) {
            while (emulator.activeMessageCount(queue) > 0) {
                for (ServiceBusReceivedMessage message : receiver.receiveMessages(100, Duration.ofSeconds(5))) {
                    ids.add(message.getMessageId());
                }
            }
        }
        return ids;
    }
}

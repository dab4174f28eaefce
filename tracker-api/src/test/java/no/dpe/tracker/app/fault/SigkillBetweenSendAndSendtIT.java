package no.dpe.tracker.app.fault;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import no.dpe.tracker.app.ChildProcess;
import no.dpe.tracker.app.DpeNetwork;
import no.dpe.tracker.app.Teardown;
import no.dpe.tracker.app.eventstore.TestPostgres;
import no.dpe.tracker.emulator.QueueOptions;
import no.dpe.tracker.emulator.ServiceBusEmulator;
import no.dpe.tracker.gateway.DpeQueues;
import no.dpe.tracker.gateway.Mode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static no.dpe.tracker.app.fault.FaultSuite.AGENCY;
import static no.dpe.tracker.app.fault.FaultSuite.EINNSYN;
import static no.dpe.tracker.app.fault.FaultSuite.await;
import static no.dpe.tracker.app.fault.FaultSuite.statusEvents;
import static no.dpe.tracker.app.fault.FaultSuite.unchecked;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracker killed with SIGKILL in the worst moment of sending: a publisering is on eInnsyn's queue and the tracker
 * has not been told so, let alone recorded SENDT. The emulator, in this JVM, kills the tracker's process from its own
 * thread as the message arrives, before it answers the tracker's transfer. Started again, the tracker publishes the
 * message again under the same Service Bus MessageId; duplicate detection drops the copy, and SENDT is recorded once.
 */
@Tag("fault")
class SigkillBetweenSendAndSendtIT {

    static final int MESSAGES = 20;
    /** The tracker dies as the tenth publisering reaches the queue: the others are before, around and after it. */
    static final int KILLED_AT = 10;
    static final String EINNSYN_QUEUE = DpeQueues.queue(EINNSYN, Mode.DATA);

    @TempDir
    static Path dir;
    static String database;
    static DpeNetwork network;
    static ServiceBusEmulator emulator;
    static ChildProcess tracker;
    static int port;

    /** Every transfer to eInnsyn's queue, by MessageId, duplicates included. */
    static final Map<String, Integer> transfers = new ConcurrentHashMap<>();
    static final List<String> arrivals = new CopyOnWriteArrayList<>();
    static final AtomicBoolean killed = new AtomicBoolean();

    @BeforeAll
    static void start() throws Exception {
        database = TestPostgres.createDatabase();
        network = new DpeNetwork(dir).listensOn(AGENCY, Mode.INNSYN).listensOn(EINNSYN, Mode.DATA, Mode.MEETING);
        ServiceBusEmulator.Builder builder = ServiceBusEmulator.builder()
                .defaultQueueOptions(QueueOptions.defaults().withDuplicateDetection(Duration.ofMinutes(10)))
                .onSend(SigkillBetweenSendAndSendtIT::sent);
        FaultSuite.queues().forEach(builder::queue);
        emulator = builder.start();
        port = ChildProcess.freePort();
        List<String> settings = new ArrayList<>(network.trackerArguments(AGENCY));
        settings.add("--dpe.tracker.servicebus.connection-string=" + emulator.connectionString());
        settings.add("--dpe.tracker.servicebus.einnsyn-stand-in.enabled=false");
        tracker = FaultSuite.tracker("sigkill-tracker", TestPostgres.url(database), port, dir.resolve("data"), settings);
        tracker.start();
        tracker.awaitHealthy(port, FaultSuite.PATIENCE);
    }

    /** On the emulator's thread: the message is on the queue, the tracker's transfer not yet answered. */
    static void sent(String entity, List<String> messageIds) {
        if (!entity.equalsIgnoreCase(EINNSYN_QUEUE)) {
            return;
        }
        for (String messageId : messageIds) {
            if (transfers.merge(messageId, 1, Integer::sum) == 1) {
                arrivals.add(messageId);
            }
        }
        if (arrivals.size() >= KILLED_AT && killed.compareAndSet(false, true)) {
            unchecked(() -> {
                tracker.kill();
                return null;
            });
        }
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeInOrder(tracker, emulator, network, FaultSuite.dropping(database));
    }

    @Test
    void a_message_on_the_bus_when_the_tracker_is_killed_is_on_it_once_and_sendt_is_recorded_once() throws Exception {
        Map<String, String> conversations = new LinkedHashMap<>();
        for (int i = 0; i < MESSAGES; i++) {
            conversations.put(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        }
        List<String> unanswered = new ArrayList<>(conversations.keySet());
        while (!unanswered.isEmpty() && !killed.get()) {
            try {
                FaultSuite.sendPublisering(port, unanswered.get(0), conversations.get(unanswered.get(0)));
                unanswered.remove(0);
            } catch (IOException killedMeanwhile) {
                break;
            }
        }
        await(killed::get, "the tracker killed as the " + KILLED_AT + "th publisering reaches the queue");
        String caught = arrivals.get(KILLED_AT - 1);
        try (Connection db = FaultSuite.connect(TestPostgres.url(database))) {
            assertThat(statusEvents(db, conversations.get(caught), "SENDT"))
                    .as("killed on the bus but before SENDT: no SENDT for " + caught).isZero();
        }

        tracker.start();
        tracker.awaitHealthy(port, FaultSuite.PATIENCE);
        // as a fagsystem retries what it got no answer for: 409 if the tracker had recorded it before it died
        for (String messageId : unanswered) {
            FaultSuite.sendPublisering(port, messageId, conversations.get(messageId));
        }

        try (Connection db = FaultSuite.connect(TestPostgres.url(database))) {
            await(() -> conversations.values().stream()
                    .allMatch(conversation -> unchecked(() -> statusEvents(db, conversation, "SENDT")) > 0),
                    "SENDT for all " + MESSAGES + " publiseringer");
            for (Map.Entry<String, String> message : conversations.entrySet()) {
                assertThat(statusEvents(db, message.getValue(), "SENDT")).as("SENDT of " + message.getKey())
                        .isEqualTo(1);
            }
            assertThat(FaultSuite.parkedEvents(db)).as("events parked").isZero();
        }
        assertThat(transfers.get(caught)).as("the caught message was published again after the restart")
                .isGreaterThanOrEqualTo(2);
        assertThat(onEinnsynsQueue()).as("each publisering on eInnsyn's queue once")
                .hasSize(MESSAGES).containsExactlyInAnyOrderElementsOf(conversations.keySet());
    }

    static List<String> onEinnsynsQueue() {
        List<String> messageIds = new ArrayList<>();
        try (ServiceBusReceiverClient receiver = new ServiceBusClientBuilder()
                .connectionString(emulator.connectionString())
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(10)))
                .receiver().queueName(EINNSYN_QUEUE).buildClient()) {
            for (ServiceBusReceivedMessage message : receiver.peekMessages(MESSAGES * 2)) {
                messageIds.add(message.getMessageId());
            }
        }
        return messageIds;
    }
}

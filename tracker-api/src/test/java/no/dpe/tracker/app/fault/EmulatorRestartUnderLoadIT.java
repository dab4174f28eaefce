package no.dpe.tracker.app.fault;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import no.dpe.tracker.app.ChildProcess;
import no.dpe.tracker.app.DeliveredConversations;
import no.dpe.tracker.app.Teardown;
import no.dpe.tracker.app.eventstore.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static no.dpe.tracker.app.fault.FaultSuite.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone emulator stopped (SIGTERM) and started again on the same port while publiseringer flow both ways:
 * the tracker's outbound publisher, its inbound receivers and eInnsyn's stand-in (on the tracker) all lose their
 * connections, reconnect, and every conversation ends LEVERT with its kvittering, each event once. The emulator keeps
 * its queues in its data directory across the stop, as Service Bus keeps them across a gateway's restart; messages
 * the tracker held locked come back as if their locks had expired.
 */
@Tag("fault")
class EmulatorRestartUnderLoadIT {

    static final int CONVERSATIONS = Integer.getInteger("it.restart-conversations", 300);
    static final Duration DOWN_FOR = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    static String database;
    static int emulatorPort;
    static ChildProcess emulator;
    static String connectionString;
    static ChildProcess tracker;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        database = TestPostgres.createDatabase();
        emulatorPort = ChildProcess.freePort();
        emulator = emulator();
        connectionString = emulator.startAndAwait(line -> line.startsWith("Endpoint="), Duration.ofSeconds(60));
        port = ChildProcess.freePort();
        tracker = FaultSuite.tracker("restart-tracker", TestPostgres.url(database), port, dir.resolve("data"), List.of(
                "--dpe.tracker.servicebus.connection-string=" + connectionString,
                "--dpe.tracker.servicebus.einnsyn-stand-in.enabled=true",
                "--dpe.tracker.servicebus.try-timeout=PT5S"));
        tracker.start();
        tracker.awaitHealthy(port, FaultSuite.PATIENCE);
    }

    static ChildProcess emulator() {
        List<String> command = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx256m", "-jar",
                FaultSuite.TARGET.resolve("../../servicebus-emulator/target/servicebus-emulator.jar").normalize()
                        .toString(),
                "--port", String.valueOf(emulatorPort), "--key-name", "RootManageSharedAccessKey", "--key", "it-key",
                "--duplicate-detection", "PT10M", "--data-dir", dir.resolve("emulator").toString()));
        for (String queue : FaultSuite.queues()) {
            command.add("--queue");
            command.add(queue);
        }
        return new ChildProcess("restart-emulator", command, FaultSuite.LOGS.resolve("restart-emulator.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeInOrder(tracker, emulator, FaultSuite.dropping(database));
    }

    @Test
    void every_conversation_is_delivered_once_across_a_restart_of_the_emulator() throws Exception {
        Map<String, String> conversations = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            work.add(clients.submit(() -> {
                String messageId = UUID.randomUUID().toString();
                String conversationId = UUID.randomUUID().toString();
                FaultSuite.sendPublisering(port, messageId, conversationId);
                conversations.put(messageId, conversationId);
                return null;
            }));
        }
        try (Connection db = FaultSuite.connect(TestPostgres.url(database))) {
            FaultSuite.await(() -> FaultSuite.unchecked(() -> count(db, "SELECT COUNT(*) FROM message_index "
                    + "WHERE direction = 'OUTGOING' AND status = 'LEVERT'")) >= CONVERSATIONS / 4,
                    "a quarter of the conversations delivered before the restart");
            long deliveredBefore = count(db, "SELECT COUNT(*) FROM message_index "
                    + "WHERE direction = 'OUTGOING' AND status = 'LEVERT'");

            emulator.stop();
            String saved = emulator.awaitLine(line -> line.startsWith("Service Bus emulator stopped"), Duration.ofSeconds(5));
            Thread.sleep(DOWN_FOR.toMillis());
            emulator = emulator();
            emulator.startAndAwait(line -> line.startsWith("Endpoint="), Duration.ofSeconds(60));
            for (Future<?> future : work) {
                future.get();
            }
            clients.shutdown();

            assertThat(deliveredBefore).as("the restart came while conversations were in flight")
                    .isLessThan(CONVERSATIONS);
            assertThat(savedMessages(saved)).as("messages on the bus across the restart: " + saved).isPositive();
            DeliveredConversations.awaitAllDelivered(db, CONVERSATIONS, FaultSuite.PATIENCE);
            DeliveredConversations.everyConversationHasEachEventOnce(db, conversations.values());
        }
        DeliveredConversations.deadLetterQueuesAreEmpty(connectionString, FaultSuite.queues());
    }

    /** From "Service Bus emulator stopped; its state (12 messages) is saved in ...". */
    static int savedMessages(String line) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\((\\d+) messages\\)").matcher(line);
        if (!matcher.find()) {
            throw new AssertionError("the emulator did not say what it saved: " + line);
        }
        return Integer.parseInt(matcher.group(1));
    }
}

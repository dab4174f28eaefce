package no.dpe.tracker.app.fault;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import no.dpe.tracker.app.ChildProcess;
import no.dpe.tracker.app.DeliveredConversations;
import no.dpe.tracker.app.Teardown;
import no.dpe.tracker.emulator.QueueOptions;
import no.dpe.tracker.emulator.ServiceBusEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static no.dpe.tracker.app.fault.FaultSuite.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL itself restarted under load: a server of the test's own is shut down (fast: every session ended, as for
 * an upgrade) and started again 20 s later, while the fagsystem keeps sending publiseringer and eInnsyn's stand-in
 * keeps answering. Requests that meet the outage are answered 503 with Retry-After, never 500, and the client sends
 * them again; received messages are held, not dead-lettered; every conversation ends LEVERT with its kvittering,
 * each event once. ({@code DatabaseOutageOnPostgresTest} cuts the network to the machine's server for 60 s instead.)
 */
@Tag("fault")
class PostgresRestartUnderLoadIT {

    static final int CONVERSATIONS = 200;
    static final Duration DOWN_FOR = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static PrivatePostgres postgres;
    static ServiceBusEmulator emulator;
    static ChildProcess tracker;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        postgres = PrivatePostgres.create();
        ServiceBusEmulator.Builder builder = ServiceBusEmulator.builder()
                .defaultQueueOptions(QueueOptions.defaults().withDuplicateDetection(Duration.ofMinutes(10)));
        FaultSuite.queues().forEach(builder::queue);
        emulator = builder.start();
        port = ChildProcess.freePort();
        tracker = FaultSuite.tracker("pg-restart-tracker", postgres.url(), port, dir.resolve("data"), List.of(
                "--dpe.tracker.servicebus.connection-string=" + emulator.connectionString(),
                "--dpe.tracker.servicebus.einnsyn-stand-in.enabled=true",
                "--spring.datasource.hikari.connection-timeout=2000"));
        tracker.start();
        tracker.awaitHealthy(port, FaultSuite.PATIENCE);
    }

    @AfterAll
    static void stop() throws Exception {
        Teardown.closeInOrder(tracker, emulator, postgres);
    }

    @Test
    void every_conversation_is_delivered_once_across_a_restart_of_postgresql() throws Exception {
        Map<String, String> conversations = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            work.add(clients.submit(() -> {
                // about ten a second in all, so that sending spans the outage
                for (int n = next.getAndIncrement(); n < CONVERSATIONS; n = next.getAndIncrement()) {
                    String messageId = UUID.randomUUID().toString();
                    String conversationId = UUID.randomUUID().toString();
                    sendUntilTaken(messageId, conversationId, answers);
                    conversations.put(messageId, conversationId);
                    Thread.sleep(400);
                }
                return null;
            }));
        }
        try (Connection before = FaultSuite.connect(postgres.url())) {
            FaultSuite.await(() -> FaultSuite.unchecked(() -> count(before, "SELECT COUNT(*) FROM message_index "
                    + "WHERE direction = 'OUTGOING' AND status = 'LEVERT'")) >= CONVERSATIONS / 5,
                    "a fifth of the conversations delivered before the restart");
        }
        postgres.stop();
        Thread.sleep(DOWN_FOR.toMillis());
        postgres.start();
        for (Future<?> future : work) {
            future.get();
        }
        clients.shutdown();

        System.out.println("PostgresRestartUnderLoadIT: answers by status " + answers);
        assertThat(answers.getOrDefault(500, new AtomicInteger()).get()).as("answers of 500").isZero();
        assertThat(answers.getOrDefault(503, new AtomicInteger()).get()).as("requests that met the outage, "
                + "answered 503").isPositive();
        try (Connection db = FaultSuite.connect(postgres.url())) {
            DeliveredConversations.awaitAllDelivered(db, CONVERSATIONS, FaultSuite.PATIENCE);
            DeliveredConversations.everyConversationHasEachEventOnce(db, conversations.values());
        }
        DeliveredConversations.deadLetterQueuesAreEmpty(emulator.connectionString(), FaultSuite.queues());
    }

    /** As a fagsystem does: 503 or no answer, it waits and sends the same message again; 409 means it was taken. */
    static void sendUntilTaken(String messageId, String conversationId, Map<Integer, AtomicInteger> answers)
            throws Exception {
        Instant giveUp = Instant.now().plus(FaultSuite.PATIENCE);
        while (Instant.now().isBefore(giveUp)) {
            try {
                int status = FaultSuite.send(port, messageId, conversationId);
                answers.computeIfAbsent(status, code -> new AtomicInteger()).incrementAndGet();
                if (status == 200 || status == 409) {
                    return;
                }
                if (status != 503) {
                    throw new AssertionError("message " + messageId + " answered " + status + "; the tracker logged:\n"
                            + tracker.errorsLogged("500 Server Error", 120));
                }
            } catch (IOException noAnswer) {
                // try again
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("message " + messageId + " never taken");
    }
}

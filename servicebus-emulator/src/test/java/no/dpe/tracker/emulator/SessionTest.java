package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;

class SessionTest {

    private static ServiceBusEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = ServiceBusEmulator.builder().keyName("tests").key("secret").start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String sessionQueue(Duration lockDuration) {
        String queue = Sdk.queueName("sessions");
        emulator.declareQueue(queue, QueueOptions.defaults().withRequiresSession(true).withLockDuration(lockDuration));
        return queue;
    }

    private static void send(String queue, String sessionId, String body) {
        try (ServiceBusSenderClient sender = Sdk.clients(emulator).sender().queueName(queue).buildClient()) {
            sender.sendMessage(new ServiceBusMessage(body).setSessionId(sessionId));
        }
    }

    private static ServiceBusSessionReceiverClient sessionReceiver(String queue) {
        return Sdk.clients(emulator).sessionReceiver().queueName(queue).disableAutoComplete().buildClient();
    }

    private static List<ServiceBusReceivedMessage> receive(ServiceBusReceiverClient receiver, int count) {
        List<ServiceBusReceivedMessage> received = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && received.size() < count; attempt++) {
            receiver.receiveMessages(count - received.size(), Duration.ofSeconds(1)).forEach(received::add);
        }
        return received;
    }

    @Test
    void messages_of_a_session_arrive_in_order_while_sessions_interleave() {
        String queue = sessionQueue(Duration.ofSeconds(30));
        List<String> sessions = List.of("alpha", "beta", "gamma");
        int perSession = 10;
        try (ServiceBusSenderClient sender = Sdk.clients(emulator).sender().queueName(queue).buildClient()) {
            List<ServiceBusMessage> interleaved = new ArrayList<>();
            for (int i = 0; i < perSession; i++) {
                for (String session : sessions) {
                    interleaved.add(new ServiceBusMessage(session + "-" + i).setSessionId(session));
                }
            }
            sender.sendMessages(interleaved);
        }

        Map<String, List<String>> receivedBySession = new ConcurrentHashMap<>();
        AtomicInteger received = new AtomicInteger();
        ServiceBusProcessorClient processor = Sdk.clients(emulator).sessionProcessor().queueName(queue)
                .maxConcurrentSessions(3)
                .processMessage(context -> {
                    ServiceBusReceivedMessage message = context.getMessage();
                    receivedBySession.computeIfAbsent(message.getSessionId(),
                            id -> Collections.synchronizedList(new ArrayList<>())).add(message.getBody().toString());
                    received.incrementAndGet();
                })
                .processError(context -> { })
                .buildProcessorClient();
        processor.start();
        try {
            Await.until("all messages are processed", () -> received.get() == sessions.size() * perSession);
        } finally {
            processor.close();
        }

        assertThat(receivedBySession).containsOnlyKeys(sessions);
        for (String session : sessions) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < perSession; i++) {
                expected.add(session + "-" + i);
            }
            assertThat(receivedBySession.get(session)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void accepting_the_next_session_gives_one_with_messages() {
        String queue = sessionQueue(Duration.ofSeconds(30));
        send(queue, "only", "hello");

        try (ServiceBusSessionReceiverClient sessions = sessionReceiver(queue);
                ServiceBusReceiverClient receiver = sessions.acceptNextSession()) {
            assertThat(receiver.getSessionId()).isEqualTo("only");
            List<ServiceBusReceivedMessage> messages = receive(receiver, 1);
            assertThat(messages).singleElement()
                    .satisfies(message -> assertThat(message.getSessionId()).isEqualTo("only"));
            receiver.complete(messages.get(0));
        }
        assertThat(emulator.activeMessageCount(queue)).isZero();
    }

    @Test
    void a_locked_session_cannot_be_accepted_by_a_second_receiver() {
        String queue = sessionQueue(Duration.ofSeconds(30));
        send(queue, "exclusive", "mine");

        try (ServiceBusSessionReceiverClient first = sessionReceiver(queue);
                ServiceBusReceiverClient holder = first.acceptSession("exclusive");
                ServiceBusSessionReceiverClient second = sessionReceiver(queue)) {
            assertThat(holder.getSessionId()).isEqualTo("exclusive");
            assertThatThrownBy(() -> second.acceptSession("exclusive")).isInstanceOf(RuntimeException.class);
        }
    }

    // Each acceptance uses a client of its own: one client reusing a session's link name right after closing it
    // races inside the SDK, against Azure as much as against the emulator.

    @Test
    void a_session_is_free_again_once_its_receiver_closes() {
        String queue = sessionQueue(Duration.ofSeconds(30));
        send(queue, "handover", "first");

        try (ServiceBusSessionReceiverClient sessions = sessionReceiver(queue);
                ServiceBusReceiverClient first = sessions.acceptSession("handover")) {
            assertThat(first.getSessionId()).isEqualTo("handover");
        }
        try (ServiceBusSessionReceiverClient sessions = sessionReceiver(queue);
                ServiceBusReceiverClient second = sessions.acceptSession("handover")) {
            List<ServiceBusReceivedMessage> messages = receive(second, 1);
            assertThat(messages).hasSize(1);
            second.complete(messages.get(0));
        }
    }

    @Test
    void session_state_is_kept_between_receivers() {
        String queue = sessionQueue(Duration.ofSeconds(30));
        send(queue, "stateful", "x");

        try (ServiceBusSessionReceiverClient sessions = sessionReceiver(queue);
                ServiceBusReceiverClient receiver = sessions.acceptSession("stateful")) {
            assertThat(receiver.getSessionState()).isNull();
            receiver.setSessionState("step-2".getBytes(StandardCharsets.UTF_8));
        }
        try (ServiceBusSessionReceiverClient sessions = sessionReceiver(queue);
                ServiceBusReceiverClient receiver = sessions.acceptSession("stateful")) {
            assertThat(new String(receiver.getSessionState(), StandardCharsets.UTF_8)).isEqualTo("step-2");
        }
    }

    @Test
    void a_renewed_session_lock_outlives_the_lock_duration() {
        String queue = sessionQueue(Duration.ofSeconds(1));
        send(queue, "long", "work");

        try (ServiceBusSessionReceiverClient sessions = Sdk.clients(emulator).sessionReceiver().queueName(queue)
                .disableAutoComplete().maxAutoLockRenewDuration(Duration.ZERO).buildClient();
                ServiceBusReceiverClient receiver = sessions.acceptSession("long")) {
            List<ServiceBusReceivedMessage> messages = receive(receiver, 1);
            assertThat(messages).hasSize(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(receiver.renewSessionLock()).isNotNull();
                sleep(Duration.ofMillis(300));
            }
            receiver.complete(messages.get(0));
        }
        assertThat(emulator.activeMessageCount(queue)).isZero();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

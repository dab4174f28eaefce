package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import com.azure.messaging.servicebus.models.SubQueue;

/** An emulator with a data directory, stopped and started again on it, through the real SDK. */
class DataDirectoryTest {

    private static final String SUBSCRIPTION = "events/subscriptions/audit";

    @TempDir
    Path dataDirectory;

    private ServiceBusEmulator start(Consumer<ServiceBusEmulator.Builder> entities) {
        ServiceBusEmulator.Builder builder = ServiceBusEmulator.builder().keyName("tests").key("secret")
                .dataDirectory(dataDirectory);
        entities.accept(builder);
        return builder.start();
    }

    private ServiceBusEmulator startWithOrdersStepsAndEvents() {
        return start(builder -> builder
                .queue("orders", QueueOptions.defaults().withDuplicateDetection(Duration.ofMinutes(10)))
                .queue("steps", QueueOptions.defaults().withRequiresSession(true))
                .subscription("events", "audit"));
    }

    @Test
    void everything_the_emulator_held_when_it_stopped_is_back_when_it_starts_again_on_the_same_directory() {
        List<String> ordersBefore;
        List<String> deadLettersBefore;
        List<String> auditBefore;
        long deferred;
        long lastBefore;
        try (ServiceBusEmulator first = startWithOrdersStepsAndEvents()) {
            ServiceBusClientBuilder clients = Sdk.clients(first);
            try (ServiceBusSenderClient sender = clients.sender().queueName("orders").buildClient()) {
                sender.sendMessage(new ServiceBusMessage("poison").setMessageId("poison"));
                sender.sendMessage(new ServiceBusMessage("later").setMessageId("later"));
                sender.sendMessage(new ServiceBusMessage("held").setMessageId("held"));
                sender.scheduleMessage(new ServiceBusMessage("tomorrow").setMessageId("tomorrow"),
                        OffsetDateTime.now().plusDays(1));
            }
            try (ServiceBusReceiverClient receiver = peekLockReceiver(clients, "orders")) {
                receiver.deadLetter(receiveOne(receiver), new DeadLetterOptions().setDeadLetterReason("Unparseable")
                        .setDeadLetterErrorDescription("not JSON")
                        .setPropertiesToModify(Map.of("attempt", 3, "parser", "json")));
                ServiceBusReceivedMessage later = receiveOne(receiver);
                deferred = later.getSequenceNumber();
                receiver.defer(later);
                assertThat(receiveOne(receiver).getBody().toString()).isEqualTo("held"); // and left locked
            }
            try (ServiceBusSenderClient sender = clients.sender().queueName("orders").buildClient()) {
                sender.sendMessage(new ServiceBusMessage("active").setMessageId("active"));
            }
            try (ServiceBusSenderClient sender = clients.sender().topicName("events").buildClient()) {
                sender.sendMessage(new ServiceBusMessage("event").setMessageId("event"));
            }
            try (ServiceBusSenderClient sender = clients.sender().queueName("steps").buildClient()) {
                sender.sendMessage(new ServiceBusMessage("step").setSessionId("s-1"));
            }
            try (ServiceBusSessionReceiverClient sessions = clients.sessionReceiver().queueName("steps")
                    .disableAutoComplete().buildClient();
                    ServiceBusReceiverClient session = sessions.acceptSession("s-1")) {
                session.setSessionState("state-2".getBytes(StandardCharsets.UTF_8));
            }
            ordersBefore = peekAll(clients.receiver().queueName("orders"));
            deadLettersBefore = peekAll(clients.receiver().queueName("orders").subQueue(SubQueue.DEAD_LETTER_QUEUE));
            auditBefore = peekAll(clients.receiver().topicName("events").subscriptionName("audit"));
            lastBefore = highestSequenceNumber(ordersBefore, deadLettersBefore, auditBefore);
            assertThat(first.activeMessageCount("orders")).isEqualTo(2);
        }

        try (ServiceBusEmulator second = startWithOrdersStepsAndEvents()) {
            ServiceBusClientBuilder clients = Sdk.clients(second);
            assertThat(peekAll(clients.receiver().queueName("orders"))).isEqualTo(ordersBefore)
                    .anySatisfy(line -> assertThat(line).contains("tomorrow SCHEDULED"));
            assertThat(peekAll(clients.receiver().queueName("orders").subQueue(SubQueue.DEAD_LETTER_QUEUE)))
                    .isEqualTo(deadLettersBefore).singleElement()
                    .satisfies(line -> assertThat(line).contains("poison", "Unparseable", "not JSON",
                            "attempt=3", "parser=json"));
            assertThat(peekAll(clients.receiver().topicName("events").subscriptionName("audit")))
                    .isEqualTo(auditBefore).hasSize(1);
            assertThat(second.scheduledMessageCount("orders")).isOne();
            assertThat(second.deferredMessageCount("orders")).isOne();

            try (ServiceBusReceiverClient receiver = peekLockReceiver(clients, "orders")) {
                ServiceBusReceivedMessage held = receiveOne(receiver);
                assertThat(held.getBody().toString()).isEqualTo("held");
                assertThat(held.getDeliveryCount()).isOne();
                receiver.complete(held);
                ServiceBusReceivedMessage active = receiveOne(receiver);
                assertThat(active.getBody().toString()).isEqualTo("active");
                assertThat(active.getDeliveryCount()).isZero();
                receiver.complete(active);
                ServiceBusReceivedMessage later = receiver.receiveDeferredMessage(deferred);
                assertThat(later.getBody().toString()).isEqualTo("later");
                receiver.complete(later);
            }
            try (ServiceBusReceiverClient receiver = clients.receiver().topicName("events")
                    .subscriptionName("audit").disableAutoComplete().buildClient()) {
                ServiceBusReceivedMessage event = receiveOne(receiver);
                assertThat(event.getBody().toString()).isEqualTo("event");
                receiver.complete(event);
            }
            try (ServiceBusSessionReceiverClient sessions = clients.sessionReceiver().queueName("steps")
                    .disableAutoComplete().buildClient();
                    ServiceBusReceiverClient session = sessions.acceptSession("s-1")) {
                assertThat(new String(session.getSessionState(), StandardCharsets.UTF_8)).isEqualTo("state-2");
                ServiceBusReceivedMessage step = receiveOne(session);
                assertThat(step.getBody().toString()).isEqualTo("step");
                session.complete(step);
            }

            try (ServiceBusSenderClient sender = clients.sender().queueName("orders").buildClient()) {
                sender.sendMessage(new ServiceBusMessage("active, sent again").setMessageId("active"));
                sender.sendMessage(new ServiceBusMessage("after").setMessageId("after"));
            }
            assertThat(second.activeMessageCount("orders")).isOne();
            try (ServiceBusReceiverClient receiver = peekLockReceiver(clients, "orders")) {
                ServiceBusReceivedMessage after = receiveOne(receiver);
                assertThat(after.getBody().toString()).isEqualTo("after");
                assertThat(after.getSequenceNumber()).isGreaterThan(lastBefore);
                receiver.complete(after);
            }
            assertThat(second.activeMessageCount(SUBSCRIPTION)).isZero();
        }
    }

    @Test
    void a_message_locked_at_the_stop_on_its_last_delivery_comes_back_dead_lettered() {
        QueueOptions oneDelivery = QueueOptions.defaults().withMaxDeliveryCount(1);
        try (ServiceBusEmulator first = start(builder -> builder.queue("fragile", oneDelivery))) {
            ServiceBusClientBuilder clients = Sdk.clients(first);
            try (ServiceBusSenderClient sender = clients.sender().queueName("fragile").buildClient()) {
                sender.sendMessage(new ServiceBusMessage("last chance").setMessageId("last-chance"));
            }
            try (ServiceBusReceiverClient receiver = peekLockReceiver(clients, "fragile")) {
                assertThat(receiveOne(receiver).getDeliveryCount()).isZero();
            }
        }

        try (ServiceBusEmulator second = start(builder -> builder.queue("fragile", oneDelivery))) {
            assertThat(second.activeMessageCount("fragile")).isZero();
            assertThat(second.peekDeadLetters("fragile")).singleElement().satisfies(dead -> {
                assertThat(dead.bodyAsString()).isEqualTo("last chance");
                assertThat(dead.deadLetterReason()).isEqualTo("MaxDeliveryCountExceeded");
                assertThat(dead.deliveryCount()).isOne();
            });
        }
    }

    @Test
    void the_state_is_one_file_in_the_directory_with_no_temporary_file_left_beside_it() throws Exception {
        try (ServiceBusEmulator emulator = start(builder -> builder.queue("orders"))) {
            assertThat(emulator.stateFile()).contains(dataDirectory.resolve("servicebus-emulator.state"));
        }
        try (var files = Files.list(dataDirectory)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactly("servicebus-emulator.state");
        }
    }

    @SafeVarargs
    private static long highestSequenceNumber(List<String>... peeks) {
        return Stream.of(peeks).flatMap(List::stream)
                .mapToLong(line -> Long.parseLong(line.substring(0, line.indexOf(' '))))
                .max().orElseThrow();
    }

    private static ServiceBusReceiverClient peekLockReceiver(ServiceBusClientBuilder clients, String queue) {
        return clients.receiver().queueName(queue).disableAutoComplete().maxAutoLockRenewDuration(Duration.ZERO)
                .buildClient();
    }

    private static ServiceBusReceivedMessage receiveOne(ServiceBusReceiverClient receiver) {
        for (int attempt = 0; attempt < 10; attempt++) {
            for (ServiceBusReceivedMessage message : receiver.receiveMessages(1, Duration.ofSeconds(2))) {
                return message;
            }
        }
        throw new AssertionError("no message received");
    }

    /** What a peek shows of each message, delivery count aside: a lock lost in the restart counts one more. */
    private static List<String> peekAll(ServiceBusClientBuilder.ServiceBusReceiverClientBuilder builder) {
        List<String> lines = new ArrayList<>();
        try (ServiceBusReceiverClient receiver = builder.buildClient()) {
            for (ServiceBusReceivedMessage message : receiver.peekMessages(50)) {
                lines.add(message.getSequenceNumber() + " " + message.getBody() + " " + message.getState()
                        + " " + message.getMessageId() + " " + message.getEnqueuedTime() + " "
                        + message.getDeadLetterReason() + " " + message.getDeadLetterErrorDescription() + " "
                        + message.getApplicationProperties());
            }
        }
        return lines;
    }
}

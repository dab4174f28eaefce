package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

class SendingTest {

    private static ServiceBusEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = ServiceBusEmulator.builder().keyName("tests").key("secret").maxMessageSize(64 * 1024).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String queue(QueueOptions options) {
        String queue = Sdk.queueName("sending");
        emulator.declareQueue(queue, options);
        return queue;
    }

    private static ServiceBusSenderClient sender(String queue) {
        return Sdk.clients(emulator).sender().queueName(queue).buildClient();
    }

    private static List<String> receiveBodies(String queue, int count) {
        List<String> bodies = new ArrayList<>();
        try (ServiceBusReceiverClient receiver = Sdk.clients(emulator).receiver().queueName(queue).buildClient()) {
            for (int attempt = 0; attempt < 20 && bodies.size() < count; attempt++) {
                for (ServiceBusReceivedMessage message : receiver.receiveMessages(count - bodies.size(),
                        Duration.ofSeconds(1))) {
                    bodies.add(message.getBody().toString());
                    receiver.complete(message);
                }
            }
        }
        return bodies;
    }

    @Test
    void a_batch_arrives_as_separate_messages_in_order() {
        String queue = queue(QueueOptions.defaults());
        try (ServiceBusSenderClient sender = sender(queue)) {
            ServiceBusMessageBatch batch = sender.createMessageBatch();
            for (int i = 0; i < 10; i++) {
                assertThat(batch.tryAddMessage(new ServiceBusMessage("item-" + i))).isTrue();
            }
            sender.sendMessages(batch);
        }
        assertThat(emulator.activeMessageCount(queue)).isEqualTo(10);
        assertThat(receiveBodies(queue, 10)).containsExactly("item-0", "item-1", "item-2", "item-3", "item-4",
                "item-5", "item-6", "item-7", "item-8", "item-9");
    }

    @Test
    void a_list_of_messages_is_sent_as_one_batch() {
        String queue = queue(QueueOptions.defaults());
        try (ServiceBusSenderClient sender = sender(queue)) {
            sender.sendMessages(List.of(new ServiceBusMessage("a"), new ServiceBusMessage("b")));
        }
        assertThat(receiveBodies(queue, 2)).containsExactly("a", "b");
    }

    @Test
    void a_second_message_with_the_same_message_id_is_dropped_when_duplicate_detection_is_on() {
        String queue = queue(QueueOptions.defaults().withDuplicateDetection(Duration.ofMinutes(10)));
        try (ServiceBusSenderClient sender = sender(queue)) {
            sender.sendMessage(new ServiceBusMessage("first").setMessageId("same-id"));
            sender.sendMessage(new ServiceBusMessage("retry").setMessageId("same-id"));
            sender.sendMessage(new ServiceBusMessage("other").setMessageId("other-id"));
        }
        assertThat(emulator.activeMessageCount(queue)).isEqualTo(2);
        assertThat(receiveBodies(queue, 2)).containsExactly("first", "other");
    }

    @Test
    void messages_with_the_same_message_id_are_all_kept_without_duplicate_detection() {
        String queue = queue(QueueOptions.defaults());
        try (ServiceBusSenderClient sender = sender(queue)) {
            sender.sendMessage(new ServiceBusMessage("first").setMessageId("same-id"));
            sender.sendMessage(new ServiceBusMessage("retry").setMessageId("same-id"));
        }
        assertThat(emulator.activeMessageCount(queue)).isEqualTo(2);
    }

    @Test
    void sending_to_an_undeclared_queue_fails_with_not_found() {
        try (ServiceBusSenderClient sender = sender("nosuchqueue")) {
            assertThatThrownBy(() -> sender.sendMessage(new ServiceBusMessage("lost")))
                    .isInstanceOf(ServiceBusException.class)
                    .hasMessageContaining("nosuchqueue")
                    .hasMessageContaining("could not be found");
        }
    }

    @Test
    void a_message_larger_than_the_maximum_message_size_is_refused() {
        String queue = queue(QueueOptions.defaults());
        try (ServiceBusSenderClient sender = sender(queue)) {
            assertThatThrownBy(() -> sender.sendMessage(new ServiceBusMessage(new byte[100 * 1024])))
                    .isInstanceOf(ServiceBusException.class)
                    .hasMessageContaining("64");
            sender.sendMessage(new ServiceBusMessage("small enough"));
        }
        assertThat(emulator.activeMessageCount(queue)).isOne();
    }

    @Test
    void a_message_without_a_session_id_is_refused_by_a_queue_that_requires_sessions() {
        String queue = queue(QueueOptions.defaults().withRequiresSession(true));
        try (ServiceBusSenderClient sender = sender(queue)) {
            assertThatThrownBy(() -> sender.sendMessage(new ServiceBusMessage("no session")))
                    .isInstanceOf(ServiceBusException.class)
                    .hasMessageContaining("SessionId");
        }
        assertThat(emulator.activeMessageCount(queue)).isZero();
    }

    @Test
    void transactions_are_refused_as_not_implemented() {
        String queue = queue(QueueOptions.defaults());
        try (ServiceBusSenderClient sender = sender(queue)) {
            assertThatThrownBy(sender::createTransaction).hasMessageContaining("transactions");
        }
    }

    @Test
    void a_queue_is_created_on_first_use_when_auto_create_is_on() {
        try (ServiceBusEmulator autoCreating = ServiceBusEmulator.builder().autoCreate(true).start();
                ServiceBusSenderClient sender = Sdk.clients(autoCreating).sender().queueName("createdonuse")
                        .buildClient()) {
            sender.sendMessage(new ServiceBusMessage("first"));
            assertThat(autoCreating.activeMessageCount("createdonuse")).isOne();
        }
    }
}

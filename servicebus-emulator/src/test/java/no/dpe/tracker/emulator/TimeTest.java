package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

/** Time-to-live, scheduled messages and peeking. */
class TimeTest {

    private static ServiceBusEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = ServiceBusEmulator.builder().keyName("tests").key("secret").start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String queue(QueueOptions options) {
        String queue = Sdk.queueName("time");
        emulator.declareQueue(queue, options);
        return queue;
    }

    private static ServiceBusSenderClient sender(String queue) {
        return Sdk.clients(emulator).sender().queueName(queue).buildClient();
    }

    @Test
    void an_expired_message_is_dropped() {
        String queue = queue(QueueOptions.defaults());
        try (ServiceBusSenderClient sender = sender(queue)) {
            sender.sendMessage(new ServiceBusMessage("short-lived").setTimeToLive(Duration.ofMillis(300)));
        }
        Await.until("the message expires", () -> emulator.activeMessageCount(queue) == 0);
        assertThat(emulator.deadLetterCount(queue)).isZero();
    }

    @Test
    void an_expired_message_is_dead_lettered_when_the_queue_dead_letters_on_expiry() {
        String queue = queue(QueueOptions.defaults().withDeadLetteringOnExpiration(true));
        try (ServiceBusSenderClient sender = sender(queue)) {
            sender.sendMessage(new ServiceBusMessage("short-lived").setTimeToLive(Duration.ofMillis(300)));
        }
        Await.until("the message is dead-lettered", () -> emulator.deadLetterCount(queue) == 1);
        assertThat(emulator.peekDeadLetters(queue)).singleElement()
                .satisfies(dead -> assertThat(dead.deadLetterReason()).isEqualTo("TTLExpiredException"));
        assertThat(emulator.activeMessageCount(queue)).isZero();
    }

    @Test
    void the_queue_default_time_to_live_applies_to_messages_without_their_own() {
        String queue = queue(QueueOptions.defaults().withDefaultTimeToLive(Duration.ofMillis(300)));
        try (ServiceBusSenderClient sender = sender(queue)) {
            sender.sendMessage(new ServiceBusMessage("no ttl of its own"));
        }
        Await.until("the message expires", () -> emulator.activeMessageCount(queue) == 0);
    }

    @Test
    void a_scheduled_message_appears_at_its_time() {
        String queue = queue(QueueOptions.defaults());
        try (ServiceBusSenderClient sender = sender(queue)) {
            sender.scheduleMessage(new ServiceBusMessage("on time"), OffsetDateTime.now().plusSeconds(1));
        }
        assertThat(emulator.scheduledMessageCount(queue)).isOne();
        assertThat(emulator.activeMessageCount(queue)).isZero();

        try (ServiceBusReceiverClient receiver = Sdk.clients(emulator).receiver().queueName(queue).buildClient()) {
            List<ServiceBusReceivedMessage> received = List.of();
            for (int attempt = 0; attempt < 10 && received.isEmpty(); attempt++) {
                received = receiver.receiveMessages(1, Duration.ofSeconds(2)).stream().toList();
            }
            assertThat(received).singleElement()
                    .satisfies(message -> assertThat(message.getBody().toString()).isEqualTo("on time"));
        }
    }

    @Test
    void a_cancelled_scheduled_message_never_appears() {
        String queue = queue(QueueOptions.defaults());
        try (ServiceBusSenderClient sender = sender(queue)) {
            long sequenceNumber = sender.scheduleMessage(new ServiceBusMessage("never"),
                    OffsetDateTime.now().plusHours(1));
            assertThat(emulator.scheduledMessageCount(queue)).isOne();

            sender.cancelScheduledMessage(sequenceNumber);
        }
        assertThat(emulator.scheduledMessageCount(queue)).isZero();
        assertThat(emulator.activeMessageCount(queue)).isZero();
    }

    @Test
    void peeking_shows_messages_in_order_without_taking_them() {
        String queue = queue(QueueOptions.defaults());
        try (ServiceBusSenderClient sender = sender(queue)) {
            sender.sendMessage(new ServiceBusMessage("one"));
            sender.sendMessage(new ServiceBusMessage("two"));
            sender.sendMessage(new ServiceBusMessage("three"));
        }
        try (ServiceBusReceiverClient receiver = Sdk.clients(emulator).receiver().queueName(queue).buildClient()) {
            List<ServiceBusReceivedMessage> peeked = receiver.peekMessages(10).stream().toList();

            assertThat(peeked).extracting(message -> message.getBody().toString())
                    .containsExactly("one", "two", "three");
            assertThat(peeked).extracting(ServiceBusReceivedMessage::getSequenceNumber).isSorted();
            assertThat(receiver.peekMessages(10).stream().toList()).isEmpty();
        }
        assertThat(emulator.activeMessageCount(queue)).isEqualTo(3);
    }
}

package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import com.azure.messaging.servicebus.models.SubQueue;

class PeekLockTest {

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
        String queue = Sdk.queueName("peeklock");
        emulator.declareQueue(queue, options);
        return queue;
    }

    private static void send(String queue, ServiceBusMessage... messages) {
        try (ServiceBusSenderClient sender = Sdk.clients(emulator).sender().queueName(queue).buildClient()) {
            for (ServiceBusMessage message : messages) {
                sender.sendMessage(message);
            }
        }
    }

    private static ServiceBusReceiverClient receiver(String queue) {
        return Sdk.clients(emulator).receiver().queueName(queue).disableAutoComplete()
                .maxAutoLockRenewDuration(Duration.ZERO).buildClient();
    }

    private static ServiceBusReceivedMessage receiveOne(ServiceBusReceiverClient receiver) {
        for (int attempt = 0; attempt < 10; attempt++) {
            List<ServiceBusReceivedMessage> received =
                    receiver.receiveMessages(1, Duration.ofSeconds(2)).stream().toList();
            if (!received.isEmpty()) {
                return received.get(0);
            }
        }
        throw new AssertionError("no message received");
    }

    @Test
    void a_sent_message_is_received_under_a_lock_and_completed() {
        String queue = queue(QueueOptions.defaults());
        send(queue, new ServiceBusMessage("hello").setMessageId("m-1"));

        try (ServiceBusReceiverClient receiver = receiver(queue)) {
            ServiceBusReceivedMessage message = receiveOne(receiver);
            assertThat(message.getBody().toString()).isEqualTo("hello");
            assertThat(message.getMessageId()).isEqualTo("m-1");
            assertThat(message.getDeliveryCount()).isZero();
            assertThat(message.getLockedUntil()).isNotNull();
            assertThat(message.getSequenceNumber()).isPositive();
            receiver.complete(message);
        }
        assertThat(emulator.activeMessageCount(queue)).isZero();
    }

    @Test
    void an_abandoned_message_is_delivered_again_with_a_higher_delivery_count() {
        String queue = queue(QueueOptions.defaults());
        send(queue, new ServiceBusMessage("again"));

        try (ServiceBusReceiverClient receiver = receiver(queue)) {
            ServiceBusReceivedMessage first = receiveOne(receiver);
            receiver.abandon(first);
            ServiceBusReceivedMessage second = receiveOne(receiver);

            assertThat(second.getSequenceNumber()).isEqualTo(first.getSequenceNumber());
            assertThat(second.getDeliveryCount()).isEqualTo(first.getDeliveryCount() + 1);
            receiver.complete(second);
        }
    }

    @Test
    void a_dead_lettered_message_lands_in_the_dead_letter_queue_with_reason_and_description() {
        String queue = queue(QueueOptions.defaults());
        send(queue, new ServiceBusMessage("poison").setMessageId("poison-1"));

        try (ServiceBusReceiverClient receiver = receiver(queue)) {
            receiver.deadLetter(receiveOne(receiver), new DeadLetterOptions().setDeadLetterReason("Unparseable")
                    .setDeadLetterErrorDescription("not valid JSON"));
        }

        assertThat(emulator.activeMessageCount(queue)).isZero();
        assertThat(emulator.peekDeadLetters(queue)).singleElement().satisfies(dead -> {
            assertThat(dead.bodyAsString()).isEqualTo("poison");
            assertThat(dead.messageId()).isEqualTo("poison-1");
            assertThat(dead.deadLetterReason()).isEqualTo("Unparseable");
            assertThat(dead.deadLetterErrorDescription()).isEqualTo("not valid JSON");
        });
        try (ServiceBusReceiverClient deadLetters = Sdk.clients(emulator).receiver().queueName(queue)
                .subQueue(SubQueue.DEAD_LETTER_QUEUE).buildClient()) {
            ServiceBusReceivedMessage dead = receiveOne(deadLetters);
            assertThat(dead.getDeadLetterReason()).isEqualTo("Unparseable");
            assertThat(dead.getDeadLetterErrorDescription()).isEqualTo("not valid JSON");
        }
    }

    @Test
    void a_deferred_message_is_received_again_by_its_sequence_number() {
        String queue = queue(QueueOptions.defaults());
        send(queue, new ServiceBusMessage("later"));

        try (ServiceBusReceiverClient receiver = receiver(queue)) {
            ServiceBusReceivedMessage message = receiveOne(receiver);
            receiver.defer(message);
            assertThat(emulator.deferredMessageCount(queue)).isOne();

            ServiceBusReceivedMessage deferred = receiver.receiveDeferredMessage(message.getSequenceNumber());
            assertThat(deferred.getBody().toString()).isEqualTo("later");
            receiver.complete(deferred);
        }
        assertThat(emulator.deferredMessageCount(queue)).isZero();
        assertThat(emulator.activeMessageCount(queue)).isZero();
    }

    @Test
    void a_message_whose_lock_expires_is_delivered_again_with_a_higher_delivery_count() {
        String queue = queue(QueueOptions.defaults().withLockDuration(Duration.ofSeconds(1)));
        send(queue, new ServiceBusMessage("slow"));

        try (ServiceBusReceiverClient receiver = receiver(queue)) {
            ServiceBusReceivedMessage first = receiveOne(receiver);
            ServiceBusReceivedMessage second = receiveOne(receiver);

            assertThat(second.getSequenceNumber()).isEqualTo(first.getSequenceNumber());
            assertThat(second.getDeliveryCount()).isEqualTo(1);
            assertThatThrownBy(() -> receiver.complete(first)).isInstanceOf(ServiceBusException.class);
            receiver.complete(second);
        }
    }

    @Test
    void a_message_past_its_max_delivery_count_is_dead_lettered_as_max_delivery_count_exceeded() {
        String queue = queue(QueueOptions.defaults().withLockDuration(Duration.ofSeconds(1)).withMaxDeliveryCount(2));
        send(queue, new ServiceBusMessage("never done"));

        try (ServiceBusReceiverClient receiver = receiver(queue)) {
            assertThat(receiveOne(receiver).getDeliveryCount()).isZero();
            assertThat(receiveOne(receiver).getDeliveryCount()).isOne();
            Await.until("the message is dead-lettered", () -> emulator.deadLetterCount(queue) == 1);
        }
        assertThat(emulator.peekDeadLetters(queue)).singleElement()
                .satisfies(dead -> assertThat(dead.deadLetterReason()).isEqualTo("MaxDeliveryCountExceeded"));
        assertThat(emulator.activeMessageCount(queue)).isZero();
    }

    @Test
    void a_renewed_lock_outlives_the_lock_duration() {
        String queue = queue(QueueOptions.defaults().withLockDuration(Duration.ofSeconds(1)));
        send(queue, new ServiceBusMessage("long job"));

        try (ServiceBusReceiverClient receiver = receiver(queue)) {
            ServiceBusReceivedMessage message = receiveOne(receiver);
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(receiver.renewMessageLock(message)).isAfter(message.getEnqueuedTime());
                sleep(Duration.ofMillis(300));
            }
            receiver.complete(message);
        }
        assertThat(emulator.activeMessageCount(queue)).isZero();
        assertThat(emulator.deadLetterCount(queue)).isZero();
    }

    @Test
    void receive_and_delete_removes_the_message_as_it_is_delivered() {
        String queue = queue(QueueOptions.defaults());
        send(queue, new ServiceBusMessage("gone"));

        try (ServiceBusReceiverClient receiver = Sdk.clients(emulator).receiver().queueName(queue)
                .receiveMode(ServiceBusReceiveMode.RECEIVE_AND_DELETE).buildClient()) {
            assertThat(receiveOne(receiver).getBody().toString()).isEqualTo("gone");
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

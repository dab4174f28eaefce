package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

class TopicTest {

    private static ServiceBusEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = ServiceBusEmulator.builder().keyName("tests").key("secret")
                .subscription("events", "audit")
                .subscription("events", "billing")
                .start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static List<String> receiveAll(String subscription, int count) {
        List<String> bodies = new ArrayList<>();
        try (ServiceBusReceiverClient receiver = Sdk.clients(emulator).receiver().topicName("events")
                .subscriptionName(subscription).buildClient()) {
            for (int attempt = 0; attempt < 20 && bodies.size() < count; attempt++) {
                for (ServiceBusReceivedMessage message : receiver.receiveMessages(count, Duration.ofSeconds(1))) {
                    bodies.add(message.getBody().toString());
                    receiver.complete(message);
                }
            }
        }
        return bodies;
    }

    @Test
    void every_subscription_gets_its_own_copy_of_each_message() {
        try (ServiceBusSenderClient sender = Sdk.clients(emulator).sender().topicName("events").buildClient()) {
            sender.sendMessage(new ServiceBusMessage("created"));
            sender.sendMessages(List.of(new ServiceBusMessage("updated"), new ServiceBusMessage("deleted")));
        }

        assertThat(receiveAll("audit", 3)).containsExactly("created", "updated", "deleted");
        assertThat(receiveAll("billing", 3)).containsExactly("created", "updated", "deleted");
        assertThat(emulator.activeMessageCount("events/subscriptions/audit")).isZero();
    }
}

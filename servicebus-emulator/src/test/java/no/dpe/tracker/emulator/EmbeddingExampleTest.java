package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.DeadLetterOptions;

/** The README's embedding example, compiled and run, so the README cannot drift from the code. */
class EmbeddingExampleTest {

    @Test
    void the_readme_example_works_as_written() {
        // README: embed
        try (ServiceBusEmulator emulator = ServiceBusEmulator.builder()
                .keyName("gateway").key("local-secret")
                .queue("innsyn", QueueOptions.defaults()
                        .withLockDuration(Duration.ofSeconds(5))
                        .withMaxDeliveryCount(3)
                        .withDuplicateDetection(Duration.ofMinutes(10)))
                .start()) {

            ServiceBusClientBuilder clients = new ServiceBusClientBuilder()
                    .connectionString(emulator.connectionString());

            try (ServiceBusSenderClient sender = clients.sender().queueName("innsyn").buildClient();
                    ServiceBusReceiverClient receiver = clients.receiver().queueName("innsyn")
                            .disableAutoComplete().buildClient()) {
                sender.sendMessage(new ServiceBusMessage("{\"status\":\"MOTTATT\"}").setMessageId("42"));
                for (ServiceBusReceivedMessage message : receiver.receiveMessages(1, Duration.ofSeconds(10))) {
                    receiver.deadLetter(message, new DeadLetterOptions().setDeadLetterReason("Unreadable"));
                }
            }

            assertThat(emulator.deadLetterCount("innsyn")).isEqualTo(1);
            assertThat(emulator.peekDeadLetters("innsyn").get(0).deadLetterReason()).isEqualTo("Unreadable");
            assertThat(emulator.activeMessageCount("innsyn")).isZero();
        }
        // README: end
    }
}

package no.dpe.tracker.gateway.outbound;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import no.dpe.tracker.emulator.ServiceBusEmulator;
import no.dpe.tracker.gateway.ServiceBusConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publisher against the project's emulator, through the real SDK. */
class ServiceBusPublisherTest {

    ServiceBusEmulator emulator;
    ServiceBusConnection connection;
    ServiceBusPublisher publisher;

    @BeforeEach
    void start() {
        emulator = ServiceBusEmulator.builder().queue("nextbestqueue991825827data").maxMessageSize(64 * 1024).start();
        connection = ServiceBusConnection.connectionString(emulator.connectionString(), Duration.ofSeconds(5));
        publisher = new ServiceBusPublisher(connection);
    }

    @AfterEach
    void stop() {
        publisher.close();
        emulator.close();
    }

    @Test
    void a_published_message_arrives_with_its_message_id_and_body() {
        publisher.publish("nextbestqueue991825827data", "m-1", "{\"sbd\":{}}".getBytes(StandardCharsets.UTF_8));

        try (ServiceBusReceiverClient receiver = connection.builder().receiver()
                .queueName("nextbestqueue991825827data").receiveMode(ServiceBusReceiveMode.RECEIVE_AND_DELETE)
                .buildClient()) {
            ServiceBusReceivedMessage message = receiver.receiveMessages(1, Duration.ofSeconds(10)).stream()
                    .findFirst().orElseThrow();
            assertThat(message.getMessageId()).isEqualTo("m-1");
            assertThat(message.getBody().toString()).isEqualTo("{\"sbd\":{}}");
        }
    }

    @Test
    void a_queue_that_does_not_exist_is_a_permanent_failure() {
        assertThatThrownBy(() -> publisher.publish("nextbestqueue921999992data", "m-2", new byte[] {1}))
                .isInstanceOfSatisfying(PublishException.class, e -> {
                    assertThat(e.isPermanent()).isTrue();
                    assertThat(e.getMessage()).contains("nextbestqueue921999992data");
                });
    }

    @Test
    void a_message_over_the_size_limit_is_a_permanent_failure() {
        assertThatThrownBy(() -> publisher.publish("nextbestqueue991825827data", "m-3", new byte[128 * 1024]))
                .isInstanceOfSatisfying(PublishException.class, e -> assertThat(e.isPermanent()).isTrue());
    }

    @Test
    void a_broker_that_is_gone_is_a_transient_failure() {
        emulator.close();

        assertThatThrownBy(() -> publisher.publish("nextbestqueue991825827data", "m-4", new byte[] {1}))
                .isInstanceOfSatisfying(PublishException.class, e -> assertThat(e.isPermanent()).isFalse());
    }
}

package no.dpe.tracker.gateway.outbound;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
    /** Each transfer's MessageIds. */
    final List<List<String>> transfers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        emulator = ServiceBusEmulator.builder().queue("nextbestqueue991825827data").maxMessageSize(64 * 1024)
                .onSend((queue, messageIds) -> transfers.add(List.copyOf(messageIds))).start();
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
    void messages_for_one_queue_go_several_to_a_transfer_split_where_the_largest_message_is_full() {
        List<ServiceBusPublisher.Outgoing> messages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            messages.add(new ServiceBusPublisher.Outgoing("b-" + i, new byte[10 * 1024]));
        }

        assertThat(publisher.publishAll("nextbestqueue991825827data", messages)).isEmpty();

        assertThat(transfers).hasSizeBetween(2, 11).allMatch(transfer -> transfer.size() > 0);
        assertThat(transfers.stream().flatMap(List::stream).toList())
                .containsExactlyElementsOf(messages.stream().map(ServiceBusPublisher.Outgoing::serviceBusMessageId)
                        .toList());
        assertThat(emulator.activeMessageCount("nextbestqueue991825827data")).isEqualTo(12);
    }

    @Test
    void a_message_too_large_for_any_batch_is_refused_alone_and_the_others_are_sent() {
        List<ServiceBusPublisher.Outgoing> messages = List.of(
                new ServiceBusPublisher.Outgoing("before", new byte[] {1}),
                new ServiceBusPublisher.Outgoing("too-large", new byte[128 * 1024]),
                new ServiceBusPublisher.Outgoing("after", new byte[] {2}));

        List<ServiceBusPublisher.Refused> refused = publisher.publishAll("nextbestqueue991825827data", messages);

        assertThat(refused).singleElement().satisfies(one -> {
            assertThat(one.message().serviceBusMessageId()).isEqualTo("too-large");
            assertThat(one.reason().isPermanent()).isTrue();
        });
        assertThat(emulator.activeMessageCount("nextbestqueue991825827data")).isEqualTo(2);
    }

    @Test
    void every_message_for_a_queue_that_does_not_exist_is_refused() {
        List<ServiceBusPublisher.Refused> refused = publisher.publishAll("nextbestqueue921999992data", List.of(
                new ServiceBusPublisher.Outgoing("x-1", new byte[] {1}),
                new ServiceBusPublisher.Outgoing("x-2", new byte[] {2})));

        assertThat(refused).extracting(one -> one.message().serviceBusMessageId()).containsExactly("x-1", "x-2");
        assertThat(refused).allMatch(one -> one.reason().isPermanent());
    }

    @Test
    void a_batch_that_cannot_be_sent_for_now_is_a_transient_failure() {
        emulator.close();

        assertThatThrownBy(() -> publisher.publishAll("nextbestqueue991825827data",
                List.of(new ServiceBusPublisher.Outgoing("t-1", new byte[] {1}))))
                .isInstanceOfSatisfying(PublishException.class, e -> assertThat(e.isPermanent()).isFalse());
    }

    @Test
    void a_broker_that_is_gone_is_a_transient_failure() {
        emulator.close();

        assertThatThrownBy(() -> publisher.publish("nextbestqueue991825827data", "m-4", new byte[] {1}))
                .isInstanceOfSatisfying(PublishException.class, e -> assertThat(e.isPermanent()).isFalse());
    }
}

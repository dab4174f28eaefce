package no.dpe.tracker.emulator.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import no.dpe.tracker.emulator.QueueOptions;

/** The broker saved and restored, with a clock the test moves. */
class BrokerStateTest {

    private final MutableClock clock = new MutableClock();

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve(BrokerState.FILE_NAME);
    }

    private static IncomingMessage message(String body, String messageId) {
        return new IncomingMessage(body.getBytes(StandardCharsets.UTF_8), messageId, null, null, null);
    }

    @Test
    void entities_declared_again_keep_their_new_options_and_the_others_come_back_with_their_saved_ones() {
        QueueOptions autoCreated = QueueOptions.defaults().withLockDuration(Duration.ofSeconds(30));
        QueueOptions audit = QueueOptions.defaults().withMaxDeliveryCount(2);
        Broker before = new Broker(clock, autoCreated, true);
        before.declareQueue("orders", QueueOptions.defaults().withMaxDeliveryCount(3));
        before.sendTarget("CreatedOnUse").send(List.of(message("first", null)));
        before.declareSubscription("events", "Audit", audit);
        BrokerState.save(before, file());

        Broker after = new Broker(clock, QueueOptions.defaults(), false);
        after.declareQueue("orders", QueueOptions.defaults().withMaxDeliveryCount(7));
        BrokerState.restore(after, file());

        assertThat(after.findQueue("orders").orElseThrow().options().maxDeliveryCount()).isEqualTo(7);
        BrokerQueue createdOnUse = after.findQueue("createdonuse").orElseThrow();
        assertThat(createdOnUse.path()).isEqualTo("CreatedOnUse");
        assertThat(createdOnUse.options()).isEqualTo(autoCreated);
        assertThat(createdOnUse.activeMessageCount()).isOne();
        assertThat(after.findQueue("events/subscriptions/Audit").orElseThrow().options()).isEqualTo(audit);
    }

    @Test
    void a_resent_message_id_is_dropped_after_a_restart_until_the_window_it_was_first_seen_in_has_passed() {
        QueueOptions tenMinutes = QueueOptions.defaults().withDuplicateDetection(Duration.ofMinutes(10));
        Broker before = new Broker(clock, QueueOptions.defaults(), false);
        before.declareQueue("orders", tenMinutes).send(List.of(message("first", "a")));
        clock.advance(Duration.ofMinutes(4));
        BrokerState.save(before, file());

        Broker after = new Broker(clock, QueueOptions.defaults(), false);
        BrokerQueue orders = after.declareQueue("orders", tenMinutes);
        BrokerState.restore(after, file());
        orders.send(List.of(message("resent", "a")));
        assertThat(orders.activeMessageCount()).isOne();

        clock.advance(Duration.ofMinutes(7));
        orders.send(List.of(message("resent later", "a")));
        assertThat(orders.activeMessageCount()).isEqualTo(2);
    }

    @Test
    void sequence_numbers_continue_above_the_last_one_handed_out_even_when_its_message_is_gone() {
        Broker before = new Broker(clock, QueueOptions.defaults(), false);
        BrokerQueue queue = before.declareQueue("orders", QueueOptions.defaults());
        RecordingConsumer consumer = new RecordingConsumer(10);
        queue.attach(consumer);
        queue.send(List.of(message("one", null), message("two", null), message("three", null)));
        consumer.received.forEach(received -> queue.complete(received.lockToken()));
        BrokerState.save(before, file());

        Broker after = new Broker(clock, QueueOptions.defaults(), false);
        BrokerState.restore(after, file());

        assertThat(after.findQueue("orders").orElseThrow().schedule(List.of(message("four", null))))
                .containsExactly(4);
    }

    @Test
    void modified_properties_keep_their_types_and_those_of_types_it_cannot_keep_are_dropped() {
        UUID uuid = UUID.randomUUID();
        Date timestamp = new Date(1_767_225_600_000L);
        Map<String, Object> kept = Map.of("text", "x", "int", 3, "long", 4L, "double", 1.5, "flag", true,
                "uuid", uuid, "timestamp", timestamp);
        Broker before = new Broker(clock, QueueOptions.defaults(), false);
        BrokerQueue queue = before.declareQueue("orders", QueueOptions.defaults());
        RecordingConsumer consumer = new RecordingConsumer(1);
        queue.attach(consumer);
        queue.send(List.of(message("abandoned", "m")));
        Map<String, Object> modified = new HashMap<>(kept);
        modified.put("list", List.of(1, 2));
        queue.abandon(consumer.received.get(0).lockToken(), modified);
        BrokerState.save(before, file());

        Broker after = new Broker(clock, QueueOptions.defaults(), false);
        BrokerState.restore(after, file());

        assertThat(after.findQueue("orders").orElseThrow().messages()).singleElement().satisfies(message -> {
            assertThat(message.propertiesToModify()).isEqualTo(kept);
            assertThat(message.deliveryCount()).isOne();
        });
    }
}

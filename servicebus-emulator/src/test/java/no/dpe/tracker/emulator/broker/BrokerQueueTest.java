package no.dpe.tracker.emulator.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import no.dpe.tracker.emulator.QueueOptions;

/** The broker model on its own, with a clock the test moves: no sockets, no waiting. */
class BrokerQueueTest {

    private final MutableClock clock = new MutableClock();
    private final Broker broker = new Broker(clock, QueueOptions.defaults(), false);

    private static IncomingMessage message(String body, String messageId) {
        return new IncomingMessage(body.getBytes(StandardCharsets.UTF_8), messageId, null, null, null);
    }

    private static String body(MessageSnapshot snapshot) {
        return new String(snapshot.payload(), StandardCharsets.UTF_8);
    }

    @Test
    void competing_consumers_take_turns_and_never_share_a_message() {
        BrokerQueue queue = broker.declareQueue("work", QueueOptions.defaults());
        RecordingConsumer first = new RecordingConsumer(100);
        RecordingConsumer second = new RecordingConsumer(100);
        queue.attach(first);
        queue.attach(second);

        for (int i = 0; i < 10; i++) {
            queue.send(List.of(message("m" + i, "m" + i)));
        }

        assertThat(first.received).hasSize(5);
        assertThat(second.received).hasSize(5);
        assertThat(first.received).extracting(MessageSnapshot::sequenceNumber)
                .doesNotContainAnyElementsOf(second.received.stream().map(MessageSnapshot::sequenceNumber).toList());
    }

    @Test
    void a_consumer_without_credit_gets_nothing_until_it_grants_some() {
        BrokerQueue queue = broker.declareQueue("work", QueueOptions.defaults());
        RecordingConsumer consumer = new RecordingConsumer(0);
        queue.attach(consumer);
        queue.send(List.of(message("waiting", null)));
        assertThat(consumer.received).isEmpty();

        consumer.credit = 1;
        queue.dispatch();

        assertThat(consumer.received).extracting(BrokerQueueTest::body).containsExactly("waiting");
    }

    @Test
    void an_expired_lock_redelivers_with_a_higher_count_and_dead_letters_past_the_maximum() {
        BrokerQueue queue = broker.declareQueue("work", QueueOptions.defaults()
                .withLockDuration(Duration.ofSeconds(10)).withMaxDeliveryCount(2));
        RecordingConsumer consumer = new RecordingConsumer(10);
        queue.attach(consumer);
        queue.send(List.of(message("stuck", "s")));

        clock.advance(Duration.ofSeconds(10));
        broker.tick();
        clock.advance(Duration.ofSeconds(10));
        broker.tick();

        assertThat(consumer.received).extracting(MessageSnapshot::deliveryCount).containsExactly(0, 1);
        assertThat(queue.activeMessageCount()).isZero();
        assertThat(queue.deadLetterQueue().orElseThrow().messages()).singleElement()
                .satisfies(dead -> assertThat(dead.deadLetterReason()).isEqualTo("MaxDeliveryCountExceeded"));
    }

    @Test
    void settling_with_an_expired_lock_fails_with_lock_lost() {
        BrokerQueue queue = broker.declareQueue("work",
                QueueOptions.defaults().withLockDuration(Duration.ofSeconds(5)));
        RecordingConsumer consumer = new RecordingConsumer(1);
        queue.attach(consumer);
        queue.send(List.of(message("late", null)));

        clock.advance(Duration.ofSeconds(6));

        assertThatThrownBy(() -> queue.complete(consumer.received.get(0).lockToken()))
                .isInstanceOf(BrokerException.class)
                .satisfies(e -> assertThat(((BrokerException) e).condition())
                        .isEqualTo(BrokerException.MESSAGE_LOCK_LOST));
    }

    @Test
    void a_released_message_comes_back_without_counting_a_delivery() {
        BrokerQueue queue = broker.declareQueue("work", QueueOptions.defaults());
        RecordingConsumer consumer = new RecordingConsumer(2);
        queue.attach(consumer);
        queue.send(List.of(message("unread", null)));

        queue.release(consumer.received.get(0).lockToken());

        assertThat(consumer.received).extracting(MessageSnapshot::deliveryCount).containsExactly(0, 0);
    }

    @Test
    void a_duplicate_is_remembered_only_for_the_window() {
        BrokerQueue queue = broker.declareQueue("work", QueueOptions.defaults()
                .withDuplicateDetection(Duration.ofMinutes(1)));
        queue.send(List.of(message("first", "id")));
        queue.send(List.of(message("duplicate", "id")));
        clock.advance(Duration.ofMinutes(2));
        queue.send(List.of(message("after the window", "id")));

        assertThat(queue.messages()).extracting(BrokerQueueTest::body).containsExactly("first", "after the window");
    }

    @Test
    void a_scheduled_message_becomes_visible_at_its_time_only() {
        BrokerQueue queue = broker.declareQueue("work", QueueOptions.defaults());
        Instant at = clock.instant().plus(Duration.ofMinutes(5));
        queue.send(List.of(new IncomingMessage(new byte[0], null, null, null, at)));

        broker.tick();
        assertThat(queue.activeMessageCount()).isZero();
        clock.advance(Duration.ofMinutes(5));
        broker.tick();

        assertThat(queue.activeMessageCount()).isOne();
        assertThat(queue.scheduledMessageCount()).isZero();
    }

    @Test
    void a_session_is_locked_to_one_consumer_and_its_messages_go_only_to_it() {
        BrokerQueue queue = broker.declareQueue("work", QueueOptions.defaults().withRequiresSession(true));
        queue.send(List.of(new IncomingMessage("a1".getBytes(StandardCharsets.UTF_8), null, "a", null, null),
                new IncomingMessage("b1".getBytes(StandardCharsets.UTF_8), null, "b", null, null),
                new IncomingMessage("a2".getBytes(StandardCharsets.UTF_8), null, "a", null, null)));
        RecordingConsumer forA = new RecordingConsumer(10);
        RecordingConsumer other = new RecordingConsumer(10);

        assertThat(queue.acceptSession(forA, null)).contains("a");
        assertThatThrownBy(() -> queue.acceptSession(other, "a")).isInstanceOf(BrokerException.class);
        assertThat(queue.acceptSession(other, null)).contains("b");

        assertThat(forA.received).extracting(BrokerQueueTest::body).containsExactly("a1", "a2");
        assertThat(other.received).extracting(BrokerQueueTest::body).containsExactly("b1");
    }

    @Test
    void a_session_whose_lock_expires_is_taken_from_its_consumer() {
        BrokerQueue queue = broker.declareQueue("work", QueueOptions.defaults().withRequiresSession(true)
                .withLockDuration(Duration.ofSeconds(30)));
        queue.send(List.of(new IncomingMessage(new byte[0], null, "s", null, null)));
        RecordingConsumer consumer = new RecordingConsumer(10);
        queue.acceptSession(consumer, "s");

        clock.advance(Duration.ofSeconds(30));
        broker.tick();

        assertThat(consumer.lostSessions).containsExactly("s");
        assertThat(queue.acceptSession(new RecordingConsumer(10), "s")).contains("s");
    }

    @Test
    void an_expired_message_is_never_delivered() {
        BrokerQueue queue = broker.declareQueue("work", QueueOptions.defaults()
                .withDefaultTimeToLive(Duration.ofSeconds(1)));
        queue.send(List.of(message("stale", null)));
        clock.advance(Duration.ofSeconds(2));
        RecordingConsumer consumer = new RecordingConsumer(10);

        queue.attach(consumer);

        assertThat(consumer.received).isEmpty();
        assertThat(queue.activeMessageCount()).isZero();
    }
}

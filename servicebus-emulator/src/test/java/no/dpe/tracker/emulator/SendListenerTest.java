package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

class SendListenerTest {

    @Test
    void the_listener_sees_a_message_on_its_queue_before_the_sender_is_told_it_was_accepted() throws Exception {
        CountDownLatch answerTheSender = new CountDownLatch(1);
        CompletableFuture<List<String>> seen = new CompletableFuture<>();
        CompletableFuture<Integer> onTheQueueMeanwhile = new CompletableFuture<>();
        ServiceBusEmulator[] holder = new ServiceBusEmulator[1];
        try (ServiceBusEmulator emulator = ServiceBusEmulator.builder().queue("orders")
                .onSend((entity, messageIds) -> {
                    if (!seen.isDone()) {
                        seen.complete(List.of(entity, messageIds.get(0)));
                        onTheQueueMeanwhile.complete(holder[0] == null ? -1 : activeOnLoop(holder[0]));
                        await(answerTheSender);
                    }
                }).start()) {
            holder[0] = emulator;
            try (ServiceBusSenderClient sender = Sdk.clients(emulator).sender().queueName("orders").buildClient()) {
                CompletableFuture<Void> sent = CompletableFuture.runAsync(
                        () -> sender.sendMessage(new ServiceBusMessage("order").setMessageId("order-1")));

                assertThat(seen.get(30, TimeUnit.SECONDS)).containsExactly("orders", "order-1");
                assertThat(onTheQueueMeanwhile.get(5, TimeUnit.SECONDS)).isEqualTo(1);
                Thread.sleep(Duration.ofMillis(300).toMillis());
                assertThat(sent).as("the sender waits for its answer").isNotDone();

                answerTheSender.countDown();
                sent.get(30, TimeUnit.SECONDS);
                assertThat(emulator.activeMessageCount("orders")).isEqualTo(1);
            }
        }
    }

    /** The listener runs on the emulator's own thread; asking the emulator from there is answered directly. */
    private static int activeOnLoop(ServiceBusEmulator emulator) {
        return emulator.activeMessageCount("orders");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

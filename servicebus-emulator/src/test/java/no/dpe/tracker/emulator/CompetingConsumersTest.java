package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessageContext;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

class CompetingConsumersTest {

    private static ServiceBusEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = ServiceBusEmulator.builder().keyName("tests").key("secret").start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static void sendNumbered(String queue, int count) {
        try (ServiceBusSenderClient sender = Sdk.clients(emulator).sender().queueName(queue).buildClient()) {
            ServiceBusMessageBatch batch = sender.createMessageBatch();
            for (int i = 0; i < count; i++) {
                if (!batch.tryAddMessage(new ServiceBusMessage("m" + i).setMessageId("m" + i))) {
                    sender.sendMessages(batch);
                    batch = sender.createMessageBatch();
                    batch.tryAddMessage(new ServiceBusMessage("m" + i).setMessageId("m" + i));
                }
            }
            sender.sendMessages(batch);
        }
    }

    private static ServiceBusProcessorClient processor(String queue, Consumer<ServiceBusReceivedMessageContext> work) {
        // Each processor builds its own client: a connection of its own, like two gateway nodes.
        return Sdk.clients(emulator).processor().queueName(queue).maxConcurrentCalls(2).prefetchCount(5)
                .processMessage(work).processError(context -> { }).buildProcessorClient();
    }

    @Test
    void two_processors_receive_disjoint_shares_whose_union_is_everything_sent() {
        String queue = Sdk.queueName("competing");
        emulator.declareQueue(queue);
        int count = 200;
        Set<String> first = ConcurrentHashMap.newKeySet();
        Set<String> second = ConcurrentHashMap.newKeySet();
        List<String> deliveries = new ArrayList<>();
        ServiceBusProcessorClient one = processor(queue, context -> {
            first.add(context.getMessage().getMessageId());
            synchronized (deliveries) {
                deliveries.add(context.getMessage().getMessageId());
            }
        });
        ServiceBusProcessorClient two = processor(queue, context -> {
            second.add(context.getMessage().getMessageId());
            synchronized (deliveries) {
                deliveries.add(context.getMessage().getMessageId());
            }
        });
        one.start();
        two.start();
        try {
            sendNumbered(queue, count);
            Await.until("every message is processed", () -> first.size() + second.size() >= count
                    && emulator.activeMessageCount(queue) == 0);
        } finally {
            one.close();
            two.close();
        }

        Set<String> union = new HashSet<>(first);
        union.addAll(second);
        assertThat(union).hasSize(count);
        assertThat(first).doesNotContainAnyElementsOf(second);
        assertThat(first).isNotEmpty();
        assertThat(second).isNotEmpty();
        synchronized (deliveries) {
            assertThat(deliveries).doesNotHaveDuplicates();
        }
    }

    @Test
    void a_locked_message_is_not_given_to_another_receiver() {
        String queue = Sdk.queueName("competing");
        emulator.declareQueue(queue);
        sendNumbered(queue, 1);

        try (ServiceBusReceiverClient holder = Sdk.clients(emulator).receiver().queueName(queue)
                .disableAutoComplete().buildClient();
                ServiceBusReceiverClient other = Sdk.clients(emulator).receiver().queueName(queue)
                        .disableAutoComplete().buildClient()) {
            List<ServiceBusReceivedMessage> held = new ArrayList<>();
            for (int attempt = 0; attempt < 10 && held.isEmpty(); attempt++) {
                holder.receiveMessages(1, Duration.ofSeconds(1)).forEach(held::add);
            }
            assertThat(held).hasSize(1);

            assertThat(other.receiveMessages(1, Duration.ofSeconds(2)).stream().toList()).isEmpty();
            holder.complete(held.get(0));
        }
    }
}

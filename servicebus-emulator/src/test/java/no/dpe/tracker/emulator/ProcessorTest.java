package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessageContext;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

/** The processor client with manual settlement, as the gateway uses it. */
class ProcessorTest {

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
        String queue = Sdk.queueName("nextbestqueue986252932innsyn");
        emulator.declareQueue(queue, options);
        try (ServiceBusSenderClient sender = Sdk.clients(emulator).sender().queueName(queue).buildClient()) {
            sender.sendMessage(new ServiceBusMessage("{\"status\":\"MOTTATT\"}").setMessageId("innsyn-1"));
        }
        return queue;
    }

    private static ServiceBusProcessorClient processor(String queue, Consumer<ServiceBusReceivedMessageContext> work) {
        return Sdk.clients(emulator).processor().queueName(queue).disableAutoComplete()
                .maxAutoLockRenewDuration(Duration.ZERO)
                .processMessage(work).processError(context -> { }).buildProcessorClient();
    }

    @Test
    void a_message_the_processor_keeps_abandoning_ends_in_the_dead_letter_queue() {
        String queue = queue(QueueOptions.defaults().withMaxDeliveryCount(3));
        List<Long> deliveryCounts = new CopyOnWriteArrayList<>();
        ServiceBusProcessorClient processor = processor(queue, context -> {
            deliveryCounts.add(context.getMessage().getDeliveryCount());
            context.abandon();
        });
        processor.start();
        try {
            Await.until("the message is dead-lettered", () -> emulator.deadLetterCount(queue) == 1);
        } finally {
            processor.close();
        }

        assertThat(deliveryCounts).containsExactly(0L, 1L, 2L);
        assertThat(emulator.peekDeadLetters(queue)).singleElement().satisfies(dead -> {
            assertThat(dead.messageId()).isEqualTo("innsyn-1");
            assertThat(dead.deadLetterReason()).isEqualTo("MaxDeliveryCountExceeded");
        });
    }

    @Test
    void a_message_whose_processing_outlives_its_lock_is_redelivered_to_the_processor() {
        String queue = queue(QueueOptions.defaults().withLockDuration(Duration.ofSeconds(1)));
        List<Long> deliveryCounts = new CopyOnWriteArrayList<>();
        ServiceBusProcessorClient processor = processor(queue, context -> {
            deliveryCounts.add(context.getMessage().getDeliveryCount());
            if (context.getMessage().getDeliveryCount() > 0) {
                context.complete();
            }
            // the first delivery is left unsettled, like a consumer that crashed mid-way
        });
        processor.start();
        try {
            Await.until("the redelivered message is completed", () -> deliveryCounts.size() >= 2
                    && emulator.activeMessageCount(queue) == 0);
        } finally {
            processor.close();
        }

        assertThat(deliveryCounts).startsWith(0L, 1L);
        assertThat(emulator.deadLetterCount(queue)).isZero();
    }

    @Test
    void a_processor_renewing_locks_automatically_keeps_a_message_longer_than_the_lock_duration() {
        String queue = queue(QueueOptions.defaults().withLockDuration(Duration.ofSeconds(3)));
        List<Long> deliveryCounts = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        ServiceBusProcessorClient processor = Sdk.clients(emulator).processor().queueName(queue)
                .disableAutoComplete().maxAutoLockRenewDuration(Duration.ofMinutes(1))
                .processMessage(context -> {
                    deliveryCounts.add(context.getMessage().getDeliveryCount());
                    sleep(Duration.ofSeconds(7));
                    context.complete();
                })
                .processError(context -> errors.add(context.getException()))
                .buildProcessorClient();
        processor.start();
        try {
            Await.until("the message is completed", () -> !deliveryCounts.isEmpty()
                    && emulator.activeMessageCount(queue) == 0);
        } finally {
            processor.close();
        }

        assertThat(deliveryCounts).containsExactly(0L);
        assertThat(errors).isEmpty();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void a_message_the_processor_dead_letters_carries_its_reason() {
        String queue = queue(QueueOptions.defaults());
        ServiceBusProcessorClient processor = processor(queue, context -> context.deadLetter(
                new com.azure.messaging.servicebus.models.DeadLetterOptions()
                        .setDeadLetterReason("UgyldigInnsynskrav").setDeadLetterErrorDescription("mangler orgnr")));
        processor.start();
        try {
            Await.until("the message is dead-lettered", () -> emulator.deadLetterCount(queue) == 1);
        } finally {
            processor.close();
        }

        assertThat(emulator.peekDeadLetters(queue)).singleElement().satisfies(dead -> {
            assertThat(dead.deadLetterReason()).isEqualTo("UgyldigInnsynskrav");
            assertThat(dead.deadLetterErrorDescription()).isEqualTo("mangler orgnr");
            assertThat(dead.bodyAsString()).isEqualTo("{\"status\":\"MOTTATT\"}");
        });
    }
}

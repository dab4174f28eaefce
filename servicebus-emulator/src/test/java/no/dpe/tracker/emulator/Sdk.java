package no.dpe.tracker.emulator;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;

/** The real SDK's clients, configured for tests against an emulator: short timeouts, few retries. */
final class Sdk {

    private static final AtomicInteger QUEUES = new AtomicInteger();

    private Sdk() {
    }

    static ServiceBusClientBuilder clients(ServiceBusEmulator emulator) {
        return clients(emulator.connectionString());
    }

    static ServiceBusClientBuilder clients(String connectionString) {
        return new ServiceBusClientBuilder()
                .connectionString(connectionString)
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(5)).setMaxRetries(1)
                        .setDelay(Duration.ofMillis(200)));
    }

    /** A fresh queue name, so tests sharing an emulator do not see each other's messages. */
    static String queueName(String prefix) {
        return prefix + QUEUES.incrementAndGet();
    }
}

package no.dpe.tracker.emulator;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

/**
 * How many messages a second go through the emulator with the real SDK, so end-to-end measurements know
 * whether it is their bottleneck. Not a test. Run it as the README says:
 * <pre>
 * ./mvnw -q -pl servicebus-emulator test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=no.dpe.tracker.emulator.Benchmark
 * </pre>
 * Client and emulator share one JVM and the machine's cores, as they do in the project's tests.
 */
public final class Benchmark {

    private static final int SINGLE_SENDS = 2_000;
    private static final int BATCHED_MESSAGES = 50_000;
    private static final int BATCH_SIZE = 100;
    private static final int PREFETCH = 100;
    private static final String BODY = "{\"id\":\"0123456789\",\"status\":\"MOTTATT\",\"note\":\"a small JSON body\"}";

    private Benchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        try (ServiceBusEmulator emulator = ServiceBusEmulator.builder().keyName("bench").key("bench").start()) {
            emulator.declareQueue("single");
            emulator.declareQueue("batched");
            ServiceBusClientBuilder clients = new ServiceBusClientBuilder()
                    .connectionString(emulator.connectionString())
                    .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(30)));

            warmUp(clients, emulator);
            System.out.printf("Service Bus emulator benchmark (%d cores, Java %s)%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.printf("%-44s %10s %12s %14s%n", "scenario", "messages", "messages/s", "emulator busy");
            EmulatorThread emulatorThread = new EmulatorThread(emulator.port());
            measure("single sends (sendMessage, one at a time)", SINGLE_SENDS, emulatorThread,
                    () -> sendSingly(clients, "single", SINGLE_SENDS));
            measure("batched sends (" + BATCH_SIZE + " per batch)", BATCHED_MESSAGES, emulatorThread,
                    () -> sendBatched(clients, "batched", BATCHED_MESSAGES));
            measure("processor, prefetch " + PREFETCH + ", peek-lock + complete", BATCHED_MESSAGES, emulatorThread,
                    () -> process(clients, "batched", BATCHED_MESSAGES));
        }
    }

    private static void warmUp(ServiceBusClientBuilder clients, ServiceBusEmulator emulator)
            throws InterruptedException {
        emulator.declareQueue("warmup");
        sendBatched(clients, "warmup", 2_000);
        process(clients, "warmup", 2_000);
    }

    private static void sendSingly(ServiceBusClientBuilder clients, String queue, int count) {
        try (ServiceBusSenderClient sender = clients.sender().queueName(queue).buildClient()) {
            for (int i = 0; i < count; i++) {
                sender.sendMessage(new ServiceBusMessage(BODY));
            }
        }
    }

    private static void sendBatched(ServiceBusClientBuilder clients, String queue, int count) {
        try (ServiceBusSenderClient sender = clients.sender().queueName(queue).buildClient()) {
            int sent = 0;
            while (sent < count) {
                ServiceBusMessageBatch batch = sender.createMessageBatch();
                for (int i = 0; i < BATCH_SIZE && sent < count; i++, sent++) {
                    batch.tryAddMessage(new ServiceBusMessage(BODY));
                }
                sender.sendMessages(batch);
            }
        }
    }

    private static void process(ServiceBusClientBuilder clients, String queue, int count)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(count);
        ServiceBusProcessorClient processor = clients.processor().queueName(queue).prefetchCount(PREFETCH)
                .maxConcurrentCalls(4)
                .processMessage(context -> done.countDown())
                .processError(context -> System.err.println("processor error: " + context.getException()))
                .buildProcessorClient();
        processor.start();
        try {
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException(done.getCount() + " messages were not received");
            }
        } finally {
            processor.close();
        }
    }

    /** Prints throughput, and how much of the time the emulator's event loop was busy: near 100 % means it limits. */
    private static void measure(String scenario, int messages, EmulatorThread emulatorThread, Work work)
            throws InterruptedException {
        long cpuBefore = emulatorThread.cpuNanos();
        long start = System.nanoTime();
        work.run();
        long wall = System.nanoTime() - start;
        long cpu = emulatorThread.cpuNanos() - cpuBefore;
        System.out.printf("%-44s %10d %12.0f %13.0f%%%n", scenario, messages, messages / (wall / 1e9),
                100.0 * cpu / wall);
    }

    /** The emulator's one event-loop thread, found by name. */
    private record EmulatorThread(long id) {
        EmulatorThread(int port) {
            this(Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("servicebus-emulator-" + port))
                    .findFirst().orElseThrow().getId());
        }

        long cpuNanos() {
            return ManagementFactory.getThreadMXBean().getThreadCpuTime(id);
        }
    }

    private interface Work {
        void run() throws InterruptedException;
    }
}

package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

/** The emulator as its own process, started the way the README tells developers to. */
class StandaloneTest {

    @Test
    void the_standalone_emulator_prints_its_connection_string_serves_it_and_stops_cleanly_on_sigterm()
            throws IOException, InterruptedException {
        try (Standalone emulator = Standalone.start("--port", "0", "--key-name", "dev", "--key", "s3cret",
                "--queue", "orders")) {
            assertThat(emulator.firstLine).contains("listening on 127.0.0.1:").contains("in memory only");
            assertThat(emulator.connectionString).startsWith("Endpoint=sb://127.0.0.1:")
                    .endsWith(";SharedAccessKeyName=dev;SharedAccessKey=s3cret;UseDevelopmentEmulator=true");

            try (ServiceBusSenderClient sender = Sdk.clients(emulator.connectionString).sender().queueName("orders")
                    .buildClient()) {
                sender.sendMessage(new ServiceBusMessage("to the standalone emulator"));
            }

            assertThat(emulator.stop()).anySatisfy(line -> assertThat(line).contains("stopped"));
        }
    }

    @Test
    void the_standalone_emulator_with_a_data_directory_keeps_its_messages_across_a_sigterm_and_a_restart(
            @TempDir Path dataDirectory) throws IOException, InterruptedException {
        String port = String.valueOf(freePort());
        String[] arguments = {"--port", port, "--key-name", "dev", "--key", "s3cret", "--queue", "orders",
            "--data-dir", dataDirectory.toString()};
        List<String> sent = Stream.iterate(1, i -> i + 1).limit(25).map(i -> "order-" + i).toList();

        String connectionString;
        try (Standalone first = Standalone.start(arguments)) {
            assertThat(first.firstLine).contains("listening on 127.0.0.1:" + port)
                    .contains(dataDirectory.toString());
            connectionString = first.connectionString;
            try (ServiceBusSenderClient sender = Sdk.clients(connectionString).sender().queueName("orders")
                    .buildClient()) {
                sender.sendMessages(sent.subList(0, 5).stream().map(ServiceBusMessage::new).toList());
                for (String body : sent.subList(5, sent.size())) {
                    sender.sendMessage(new ServiceBusMessage(body).setMessageId(body));
                }
            }
            assertThat(first.stop()).anySatisfy(line -> assertThat(line).contains("saved"));
        }

        try (Standalone second = Standalone.start(arguments)) {
            assertThat(second.connectionString).isEqualTo(connectionString);
            assertThat(receive(connectionString, sent.size())).containsExactlyElementsOf(sent);
            second.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> receive(String connectionString, int count) {
        List<String> bodies = new ArrayList<>();
        try (ServiceBusReceiverClient receiver = Sdk.clients(connectionString).receiver().queueName("orders")
                .buildClient()) {
            for (int attempt = 0; attempt < 20 && bodies.size() < count; attempt++) {
                for (ServiceBusReceivedMessage message : receiver.receiveMessages(count - bodies.size(),
                        Duration.ofSeconds(1))) {
                    bodies.add(message.getBody().toString());
                }
            }
        }
        return bodies;
    }

    /** A running standalone emulator: what it printed as it started, and how to stop it as a service manager. */
    private static final class Standalone implements AutoCloseable {

        private final Process process;
        private final BufferedReader output;
        final String firstLine;
        final String connectionString;

        private Standalone(Process process) throws IOException {
            this.process = process;
            this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.firstLine = output.readLine();
            this.connectionString = output.readLine();
        }

        static Standalone start(String... arguments) throws IOException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            List<String> command = new ArrayList<>(List.of(java.toString(), "-cp",
                    System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(List.of(arguments));
            return new Standalone(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        /** Sends SIGTERM and returns what the emulator printed until it exited. */
        List<String> stop() throws IOException, InterruptedException {
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of stdout
            List<String> rest = new ArrayList<>();
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                rest.add(line);
            }
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            return rest;
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            output.close();
        }
    }
}

package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

/** The emulator as its own process, started the way the README tells developers to. */
class StandaloneTest {

    @Test
    void the_standalone_emulator_prints_its_connection_string_serves_it_and_stops_cleanly_on_sigterm()
            throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--port", "0", "--key-name", "dev", "--key", "s3cret", "--queue", "orders")
                .redirectErrorStream(true)
                .start();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(output.readLine()).contains("listening on 127.0.0.1:").contains("in memory only");
            String connectionString = output.readLine();
            assertThat(connectionString).startsWith("Endpoint=sb://127.0.0.1:")
                    .endsWith(";SharedAccessKeyName=dev;SharedAccessKey=s3cret;UseDevelopmentEmulator=true");

            try (ServiceBusSenderClient sender = Sdk.clients(connectionString).sender().queueName("orders")
                    .buildClient()) {
                sender.sendMessage(new ServiceBusMessage("to the standalone emulator"));
            }

            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of stdout
            List<String> rest = new ArrayList<>();
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                rest.add(line);
            }
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(rest).anySatisfy(line -> assertThat(line).contains("stopped"));
        } finally {
            process.destroyForcibly();
        }
    }
}

package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

/** A saved state the emulator cannot trust stops the start, rather than the emulator starting empty. */
class DamagedStateFileTest {

    @TempDir
    Path dataDirectory;

    private Path stateFile;

    private ServiceBusEmulator.Builder emulator() {
        return ServiceBusEmulator.builder().queue("orders").dataDirectory(dataDirectory);
    }

    @BeforeEach
    void saveAStateWithAMessage() {
        try (ServiceBusEmulator emulator = emulator().start();
                ServiceBusSenderClient sender = Sdk.clients(emulator).sender().queueName("orders").buildClient()) {
            sender.sendMessage(new ServiceBusMessage("kept"));
            stateFile = emulator.stateFile().orElseThrow();
        }
        assertThat(stateFile).isRegularFile();
    }

    @Test
    void the_saved_state_of_an_undamaged_file_is_read_back() {
        try (ServiceBusEmulator emulator = emulator().start()) {
            assertThat(emulator.activeMessageCount("orders")).isOne();
        }
    }

    @Test
    void a_file_that_is_no_saved_state_stops_the_start_with_a_message_naming_it() throws IOException {
        Files.writeString(stateFile, "queue orders: 1 message", StandardCharsets.UTF_8);

        assertThatThrownBy(() -> emulator().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(stateFile.toAbsolutePath().toString())
                .hasMessageContaining("not a state file");
    }

    @Test
    void a_state_file_of_another_format_version_stops_the_start_with_a_message_naming_it() throws IOException {
        byte[] content = Files.readAllBytes(stateFile);
        ByteBuffer.wrap(content).putInt(4, 2);
        Files.write(stateFile, content);

        assertThatThrownBy(() -> emulator().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(stateFile.toAbsolutePath().toString())
                .hasMessageContaining("format version 2");
    }

    @Test
    void a_state_file_with_a_changed_byte_stops_the_start_with_a_message_naming_it() throws IOException {
        byte[] content = Files.readAllBytes(stateFile);
        content[content.length / 2] ^= 0x01;
        Files.write(stateFile, content);

        assertThatThrownBy(() -> emulator().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(stateFile.toAbsolutePath().toString())
                .hasMessageContaining("damaged");
    }

    @Test
    void a_truncated_state_file_stops_the_start_with_a_message_naming_it() throws IOException {
        byte[] content = Files.readAllBytes(stateFile);
        Files.write(stateFile, Arrays.copyOf(content, content.length - 20));

        assertThatThrownBy(() -> emulator().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(stateFile.toAbsolutePath().toString())
                .hasMessageContaining("damaged");
    }
}

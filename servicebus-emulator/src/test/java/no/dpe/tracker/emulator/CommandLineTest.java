package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    @Test
    void the_documented_options_configure_the_emulator() {
        CommandLine commandLine = CommandLine.parse("--port", "5673", "--key-name", "dev", "--key", "s3cret",
                "--queue", "orders", "--queue", "receipts", "--lock-duration", "PT30S", "--max-delivery-count", "5",
                "--duplicate-detection", "PT10M", "--auto-create");

        assertThat(commandLine.port()).isEqualTo(5673);
        assertThat(commandLine.keyName()).isEqualTo("dev");
        assertThat(commandLine.key()).isEqualTo("s3cret");
        assertThat(commandLine.queues()).containsExactly("orders", "receipts");
        assertThat(commandLine.queueOptions().lockDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(commandLine.queueOptions().maxDeliveryCount()).isEqualTo(5);
        assertThat(commandLine.queueOptions().duplicateDetectionWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(commandLine.autoCreate()).isTrue();
    }

    @Test
    void without_options_the_queue_defaults_are_azures() {
        CommandLine commandLine = CommandLine.parse("--key-name", "dev", "--key", "s3cret");

        assertThat(commandLine.port()).isEqualTo(5672);
        assertThat(commandLine.queueOptions()).isEqualTo(QueueOptions.defaults());
        assertThat(commandLine.queueOptions().lockDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(commandLine.queueOptions().maxDeliveryCount()).isEqualTo(10);
        assertThat(commandLine.queueOptions().duplicateDetectionWindow()).isNull();
    }

    @Test
    void the_key_name_and_key_are_required() {
        assertThatThrownBy(() -> CommandLine.parse("--queue", "orders"))
                .hasMessageContaining("--key-name and --key are required");
    }

    @Test
    void a_malformed_duration_is_explained() {
        assertThatThrownBy(() -> CommandLine.parse("--key-name", "a", "--key", "b", "--lock-duration", "60s"))
                .hasMessageContaining("ISO-8601");
    }

    @Test
    void an_unknown_option_is_named() {
        assertThatThrownBy(() -> CommandLine.parse("--kye", "b")).hasMessageContaining("'--kye'");
    }

    @Test
    void the_help_says_that_messages_live_in_memory_only() {
        assertThat(CommandLine.parse("--help").help()).isTrue();
        assertThat(CommandLine.USAGE).contains("IN MEMORY ONLY");
    }

    @Test
    void the_data_directory_option_names_where_the_emulator_keeps_its_state(@TempDir Path dataDirectory) {
        CommandLine commandLine = CommandLine.parse("--port", "0", "--key-name", "dev", "--key", "s3cret",
                "--data-dir", dataDirectory.toString());

        assertThat(commandLine.dataDirectory()).isEqualTo(dataDirectory);
        try (ServiceBusEmulator emulator = commandLine.toBuilder().start()) {
            assertThat(emulator.stateFile()).contains(dataDirectory.resolve("servicebus-emulator.state"));
        }
    }

    @Test
    void without_a_data_directory_the_state_is_kept_in_memory_only() {
        assertThat(CommandLine.parse("--key-name", "dev", "--key", "s3cret").dataDirectory()).isNull();
    }

    @Test
    void the_data_directory_option_needs_a_value() {
        assertThatThrownBy(() -> CommandLine.parse("--key-name", "dev", "--key", "s3cret", "--data-dir"))
                .hasMessageContaining("--data-dir needs a value");
    }

    @Test
    void the_help_says_what_a_data_directory_keeps_and_what_a_kill_loses() {
        assertThat(CommandLine.USAGE).contains("--data-dir <path>")
                .contains("kept across a clean stop (SIGTERM")
                .contains("A kill (SIGKILL) or a crash loses what arrived since the last clean");
    }
}

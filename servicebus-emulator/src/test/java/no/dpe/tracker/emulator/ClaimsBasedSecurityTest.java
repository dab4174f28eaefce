package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

class ClaimsBasedSecurityTest {

    private static final String KEY_NAME = "gateway";
    private static final String KEY = "the-right-key";
    private static ServiceBusEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = ServiceBusEmulator.builder().keyName(KEY_NAME).key(KEY).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String queue() {
        String queue = Sdk.queueName("secured");
        emulator.declareQueue(queue);
        return queue;
    }

    private static String connectionString(String keyName, String key) {
        return "Endpoint=sb://127.0.0.1:" + emulator.port() + ";SharedAccessKeyName=" + keyName
                + ";SharedAccessKey=" + key + ";UseDevelopmentEmulator=true";
    }

    private static void assertRefused(String connectionString, String queue) {
        try (ServiceBusSenderClient sender = Sdk.clients(connectionString).sender().queueName(queue)
                .buildClient()) {
            assertThatThrownBy(() -> sender.sendMessage(new ServiceBusMessage("intruder")))
                    .isInstanceOf(ServiceBusException.class)
                    .satisfies(e -> assertThat(((ServiceBusException) e).getReason())
                            .isEqualTo(ServiceBusFailureReason.UNAUTHORIZED));
        }
        assertThat(emulator.activeMessageCount(queue)).isZero();
    }

    @Test
    void a_client_with_the_configured_key_name_and_key_may_send() {
        String queue = queue();
        try (ServiceBusSenderClient sender = Sdk.clients(connectionString(KEY_NAME, KEY)).sender().queueName(queue)
                .buildClient()) {
            sender.sendMessage(new ServiceBusMessage("welcome"));
        }
        assertThat(emulator.activeMessageCount(queue)).isOne();
    }

    @Test
    void a_token_signed_with_another_key_is_refused() {
        String queue = queue();
        assertRefused(connectionString(KEY_NAME, "a-wrong-key"), queue);
    }

    @Test
    void a_token_for_an_unknown_key_name_is_refused() {
        String queue = queue();
        assertRefused(connectionString("someone-else", KEY), queue);
    }

    @Test
    void an_expired_token_is_refused() {
        String queue = queue();
        String expired = Sas.token("amqp://127.0.0.1:" + emulator.port() + "/" + queue, KEY_NAME, KEY,
                Instant.now().minus(Duration.ofMinutes(5)));
        assertRefused(Sas.connectionString(emulator, expired), queue);
    }

    @Test
    void a_token_for_another_entity_is_refused() {
        String queue = queue();
        String forAnotherQueue = Sas.token("amqp://127.0.0.1:" + emulator.port() + "/another-queue", KEY_NAME,
                KEY, Instant.now().plus(Duration.ofHours(1)));
        assertRefused(Sas.connectionString(emulator, forAnotherQueue), queue);
    }

    @Test
    void a_valid_token_for_the_entity_is_accepted() {
        String queue = queue();
        String token = Sas.token("amqp://127.0.0.1:" + emulator.port() + "/" + queue, KEY_NAME, KEY,
                Instant.now().plus(Duration.ofHours(1)));
        try (ServiceBusSenderClient sender = Sdk.clients(Sas.connectionString(emulator, token)).sender()
                .queueName(queue).buildClient()) {
            sender.sendMessage(new ServiceBusMessage("signed by hand"));
        }
        assertThat(emulator.activeMessageCount(queue)).isOne();
    }
}

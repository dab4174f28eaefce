package no.dpe.tracker.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.engine.Sender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

class ProtocolErrorsTest {

    private static final String KEY_NAME = "tests";
    private static final String KEY = "secret";
    private static final int MAX_MESSAGE_SIZE = 64 * 1024;
    private static ServiceBusEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = ServiceBusEmulator.builder().keyName(KEY_NAME).key(KEY).queue("inbox")
                .maxMessageSize(MAX_MESSAGE_SIZE).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String audience(String entity) {
        return "amqp://127.0.0.1:" + emulator.port() + "/" + entity;
    }

    private static String token(String entity) {
        return Sas.token(audience(entity), KEY_NAME, KEY, Instant.now().plus(Duration.ofHours(1)));
    }

    private static void assertStillServing() {
        try (ServiceBusSenderClient sender = Sdk.clients(emulator).sender().queueName("inbox").buildClient()) {
            int before = emulator.activeMessageCount("inbox");
            sender.sendMessage(new ServiceBusMessage("still here"));
            assertThat(emulator.activeMessageCount("inbox")).isEqualTo(before + 1);
        }
    }

    @Test
    void a_malformed_frame_is_answered_with_a_decode_error_and_the_broker_keeps_serving() throws IOException {
        try (RawAmqpClient client = new RawAmqpClient(emulator.port())) {
            byte[] frameWithGarbageBody = {0, 0, 0, 16, 2, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1};

            String answer = new String(client.writeRawAndReadUntilClosed(frameWithGarbageBody),
                    StandardCharsets.ISO_8859_1);

            assertThat(answer).contains("amqp:decode-error");
        }
        assertStillServing();
    }

    @Test
    void a_malformed_sasl_frame_closes_the_connection_and_the_broker_keeps_serving() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 3, 1, 0, 0});
            socket.getOutputStream().write(new byte[] {0, 0, 0, 16, 2, 1, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1});
            socket.getOutputStream().flush();

            assertThat(readUntilClosed(socket.getInputStream())).startsWith("AMQP");
        }
        assertStillServing();
    }

    @Test
    void a_connection_that_sends_garbage_instead_of_a_protocol_header_is_closed_and_the_broker_keeps_serving()
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            assertThat(readUntilClosed(socket.getInputStream())).startsWith("AMQP");
        }
        assertStillServing();
    }

    @Test
    void a_link_to_an_unknown_address_is_refused_with_not_found() throws IOException {
        try (RawAmqpClient client = new RawAmqpClient(emulator.port())) {
            assertThat(client.putToken(audience("nowhere"), token("nowhere"))).isEqualTo(200);

            Sender sender = client.attachSender("nowhere");

            assertThat(RawAmqpClient.refusal(sender)).isNotNull();
            assertThat(RawAmqpClient.refusal(sender).getCondition().toString()).isEqualTo("amqp:not-found");
            assertThat(RawAmqpClient.refusal(sender).getDescription()).contains("'nowhere' could not be found");
        }
    }

    @Test
    void a_link_without_a_token_is_refused_as_unauthorized() throws IOException {
        try (RawAmqpClient client = new RawAmqpClient(emulator.port())) {
            Sender sender = client.attachSender("inbox");

            assertThat(RawAmqpClient.refusal(sender).getCondition().toString())
                    .isEqualTo("amqp:unauthorized-access");
        }
    }

    @Test
    void a_put_token_with_a_bad_signature_is_answered_401() throws IOException {
        try (RawAmqpClient client = new RawAmqpClient(emulator.port())) {
            String forged = Sas.token(audience("inbox"), KEY_NAME, "not-the-key", Instant.now().plusSeconds(60));

            assertThat(client.putToken(audience("inbox"), forged)).isEqualTo(401);
            assertThat(RawAmqpClient.refusal(client.attachSender("inbox")).getCondition().toString())
                    .isEqualTo("amqp:unauthorized-access");
        }
    }

    @Test
    void a_message_larger_than_the_maximum_size_is_rejected_with_a_clear_description() throws IOException {
        try (RawAmqpClient client = new RawAmqpClient(emulator.port())) {
            client.putToken(audience("inbox"), token("inbox"));
            Sender sender = client.attachSender("inbox");

            DeliveryState outcome = client.sendBytes(sender, MAX_MESSAGE_SIZE * 2);

            assertThat(outcome).isInstanceOf(Rejected.class);
            assertThat(((Rejected) outcome).getError().getCondition().toString())
                    .isEqualTo("amqp:link:message-size-exceeded");
            assertThat(((Rejected) outcome).getError().getDescription()).contains("maximum message size");
            assertThat(client.sendBytes(sender, 100)).isInstanceOf(Accepted.class);
        }
        assertStillServing();
    }

    @Test
    void the_broker_sends_heartbeats_so_an_idle_client_keeps_its_connection() throws IOException {
        try (RawAmqpClient client = new RawAmqpClient(emulator.port(), 1_000)) {
            assertThat(client.staysOpenFor(Duration.ofSeconds(3))).isTrue();
        }
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                received.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException notClosed) {
            throw new AssertionError("the broker did not close the connection; it sent: "
                    + received.toString(StandardCharsets.ISO_8859_1));
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }
}

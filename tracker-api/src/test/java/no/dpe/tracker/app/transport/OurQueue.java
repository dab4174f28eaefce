package no.dpe.tracker.app.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.emulator.ServiceBusEmulator;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;

/**
 * The embedded default's queue for our innsyn messages, as a counterpart sends to it with the real SDK, and the
 * dead letters the tracker leaves there, as an administrator lists them over the API.
 */
public final class OurQueue {

    public static final String NAME = "nextbestqueue986252932innsyn";

    private final ServiceBusEmulator emulator;
    private final WebTestClient admin;

    public OurQueue(EmbeddedServiceBus serviceBus, WebTestClient admin) {
        this.emulator = serviceBus.emulator().orElseThrow();
        this.admin = admin;
    }

    public ServiceBusEmulator emulator() {
        return emulator;
    }

    /** Sends {@code body} as a counterpart would, waits until the tracker dead-letters it, and gives its number. */
    public long deadLettered(byte[] body, String reason) {
        int before = emulator.deadLetterCount(NAME);
        try (ServiceBusSenderClient sender = new ServiceBusClientBuilder()
                .connectionString(emulator.connectionString())
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(10)))
                .sender().queueName(NAME).buildClient()) {
            sender.sendMessage(new ServiceBusMessage(body));
        }
        Tracker.await(() -> emulator.deadLetterCount(NAME) > before, "the message is dead-lettered");
        Map<String, Object> letter = letters().stream().filter(candidate -> reason.equals(candidate.get("reason")))
                .reduce((first, second) -> second).orElseThrow();
        return ((Number) letter.get("sequenceNumber")).longValue();
    }

    /** {@code GET /api/admin/servicebus/dead-letters}. */
    public List<Map<String, Object>> letters() {
        return admin.get().uri("/api/admin/servicebus/dead-letters").exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { })
                .returnResult().getResponseBody();
    }

    /** A multipart send of a publisering with one small journalpost file. */
    public static MultiValueMap<String, HttpEntity<?>> publisering(Sbd sbd) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("sbd", sbd.json().toString()).contentType(MediaType.APPLICATION_JSON);
        parts.part("journalpost.json", "{\"tittel\": \"Vedtak\"}".getBytes(StandardCharsets.UTF_8))
                .filename("journalpost.json").contentType(MediaType.APPLICATION_JSON);
        return parts.build();
    }
}

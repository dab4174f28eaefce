package no.dpe.tracker.app.registry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.CreateAndSendMessageCommand;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.OrganisationNumber;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.core.sbd.SbdDefaults;
import no.dpe.tracker.gateway.standin.EinnsynStandIn;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry outage while sending leaves the message queued and tries again; SENDT is recorded only once the message
 * is on the bus, and nothing is parked or lost. The registry is the embedded default's own, on loopback, made to
 * answer 503. Its answers are not cached here ({@code cache-ttl=0}), and this class has an application and a
 * database of its own (the other test applications share theirs, and their outbound publishers, with registries of
 * their own that answer, would take the message), so no earlier answer for eInnsyn stands in for the registry.
 */
@TestPropertySource(properties = "dpe.tracker.service-registry.cache-ttl=PT0S")
class SendingThroughARegistryOutageTest extends TrackerTest {

    private static final Path OWN_DATABASE = DATA_DIR.resolveSibling(UUID.randomUUID().toString()).resolve("tracker");

    /** The data directory is the one every test application shares; the database is this class's own. */
    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:async:" + OWN_DATABASE + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EINNSYN_JOURNALPOST = "/identifier/" + EinnsynStandIn.EINNSYN + "/process/"
            + DpeProcess.JOURNALPOST.identifier();

    @Autowired
    RegistryConfiguration.StandIn standIn;

    @Autowired
    CommandGateway commands;

    @Autowired
    FileStore files;

    @Autowired
    SbdDefaults defaults;

    @Autowired
    OrganisationNumber us;

    @Autowired
    Clock clock;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void onItsOwnDatabase() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getURL()).contains(OWN_DATABASE.toString());
        }
    }

    @AfterEach
    void registryBack() {
        standIn.registry().answering(true);
    }

    @Test
    void a_message_is_refused_at_create_while_the_registry_cannot_be_asked_and_nothing_is_recorded() {
        standIn.registry().answering(false);
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);

        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("nothing was recorded").contains("HTTP 503"));

        http.get().uri("/api/tracker/messages/out/{id}", sbd.messageId().orElseThrow()).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void a_queued_message_waits_out_the_outage_and_is_sent_once_the_registry_answers() throws Exception {
        // created where the registry had answered (another node, or this one before a restart); this node has no
        // answer of its own for eInnsyn when the registry goes down
        standIn.registry().answering(false);
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST).withDefaults(defaults, us);
        String messageId = sbd.messageId().orElseThrow();
        byte[] content = ("{\"journalpost\": \"" + messageId + "\"}").getBytes(StandardCharsets.UTF_8);
        FileReference file = new FileReference("journalpost.json", "journalpost.json", "application/json",
                content.length, files.store(content), null);
        int askedBefore = standIn.registry().requests(EINNSYN_JOURNALPOST);
        commands.sendAndWait(new CreateAndSendMessageCommand(sbd.conversationId().orElseThrow(), messageId,
                MessageDetails.of(sbd, clock.instant().plus(Duration.ofDays(1))), sbd.json(), List.of(file),
                2 * 1024 * 1024, clock.instant()), Actor.tracker("test").metaData());

        awaitRegistryAsked(askedBefore + 2);
        assertThat(status(messageId)).as("queued, not sent, while the registry is down").isEqualTo("OPPRETTET");
        assertThat(statuses(messageId)).doesNotContain("SENDT", "FEIL");
        assertThat(deadLetters()).as("an outage parks nothing").isEmpty();
        as(User.ADMIN).get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.serviceRegistry.status").isEqualTo("WARNING")
                .jsonPath("$.components.serviceRegistry.details.lastFailure").isNotEmpty();

        standIn.registry().answering(true);

        awaitStatus(messageId, "LEVERT"::equals);
        as(User.ADMIN).get().uri("/actuator/health").exchange().expectBody()
                .jsonPath("$.components.serviceRegistry.status").isEqualTo("UP");
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!statuses(messageId).contains("LEVERT") && Instant.now().isBefore(giveUp)) {
            // the status feed follows the events in its own time
            Thread.sleep(100);
        }
        assertThat(statuses(messageId)).as("SENDT once, when the message went on the bus, then eInnsyn's answers")
                .containsExactly("OPPRETTET", "SENDT", "MOTTATT", "LEVERT");
        assertThat(deadLetters()).isEmpty();
    }

    private void awaitRegistryAsked(int times) throws InterruptedException {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(giveUp) && standIn.registry().requests(EINNSYN_JOURNALPOST) < times) {
            Thread.sleep(100);
        }
        assertThat(standIn.registry().requests(EINNSYN_JOURNALPOST))
                .as("the outbound publisher asks the registry again after the outage").isGreaterThanOrEqualTo(times);
    }

    private String status(String messageId) throws Exception {
        return JSON.readTree(http.get().uri("/api/tracker/messages/out/{id}", messageId).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .path("status").asText();
    }

    private void awaitStatus(String messageId, Predicate<String> reached) throws Exception {
        Instant giveUp = Instant.now().plus(PATIENCE);
        String status = null;
        while (Instant.now().isBefore(giveUp)) {
            status = status(messageId);
            if (reached.test(status)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(status).as("the status of %s", messageId).matches(reached);
    }

    /** The message's statuses in the order they were recorded, as next-move lists them. */
    private List<String> statuses(String messageId) throws Exception {
        JsonNode page = JSON.readTree(http.get().uri("/api/statuses/{id}?size=100", messageId).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        List<String> statuses = new ArrayList<>();
        // the kvittering is listed too, without a status
        page.path("content").forEach(status -> {
            if (status.path("status").isTextual()) {
                statuses.add(status.path("status").asText());
            }
        });
        return statuses;
    }

    private List<String> deadLetters() throws Exception {
        List<String> sequences = new ArrayList<>();
        JSON.readTree(as(User.ADMIN).get().uri("/api/admin/dead-letters").exchange()
                        .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .forEach(sequence -> sequences.add(sequence.path("processor").asText() + "/"
                        + sequence.path("sequence").asText()));
        return sequences;
    }
}

package no.dpe.tracker.app.fault;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.ChildProcess;
import no.dpe.tracker.app.DeliveredConversations;
import no.dpe.tracker.app.Teardown;
import no.dpe.tracker.app.eventstore.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fault suite's tests share: a tracker started from the built jar on a PostgreSQL database (so it can be
 * killed and started again), and the fagsystem's sends to it.
 */
final class FaultSuite {

    static final String AGENCY = "986252932";
    static final String EINNSYN = "991825827";
    static final Path TARGET = Path.of("target").toAbsolutePath();
    static final Path LOGS = TARGET.resolve("it-logs");
    static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final String FAGSYSTEM = "Basic " + Base64.getEncoder()
            .encodeToString("fagsystem:fagsystem-password".getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();

    private FaultSuite() {
    }

    /** The agency's tracker from the built jar, on the PostgreSQL database at {@code url}, with the given settings. */
    static ChildProcess tracker(String name, String url, int port, Path dataDir, List<String> settings) {
        List<String> command = new ArrayList<>(List.of(ChildProcess.java(), "-Xmx384m", "-jar",
                TARGET.resolve("dpe-tracker.jar").toString(),
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + TestPostgres.USER,
                "--server.port=" + port,
                "--dpe.tracker.data-dir=" + dataDir,
                "--dpe.tracker.organisation-number=" + AGENCY));
        command.addAll(settings);
        return new ChildProcess(name, command, LOGS.resolve(name + ".log"));
    }

    /** The DPE queues of the agency and eInnsyn. */
    static List<String> queues() {
        return DeliveredConversations.dpeQueues(AGENCY, EINNSYN);
    }

    /**
     * A publisering of one small journalpost to eInnsyn, as the fagsystem sends it. Answered 200, or 409 when its
     * messageId is taken (a retry of one that was recorded); any other answer fails the test.
     */
    static int sendPublisering(int port, String messageId, String conversationId) throws Exception {
        int status = send(port, messageId, conversationId);
        if (status != 200 && status != 409) {
            throw new AssertionError("message " + messageId + " refused: " + status);
        }
        return status;
    }

    /** The same publisering, whatever the answer: its status code. A 503 must be the outage problem. */
    static int send(int port, String messageId, String conversationId) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/messages/out/multipart"))
                .header("Authorization", FAGSYSTEM)
                .header("Content-Type", "multipart/form-data; boundary=" + DeliveredConversations.BOUNDARY)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(DeliveredConversations.publisering(messageId,
                        conversationId))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 503) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("Retry-After")).as("503 says when to try again").isPresent();
            assertThat(JSON.readTree(response.body()).path("type").asText()).endsWith(":unavailable");
        }
        if (response.statusCode() >= 400 && response.statusCode() != 409 && response.statusCode() != 503) {
            System.out.println("message " + messageId + ": " + response.statusCode() + " " + response.body());
        }
        return response.statusCode();
    }

    static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, TestPostgres.USER, "");
    }

    static long count(Connection db, String sql, Object... parameters) throws SQLException {
        return DeliveredConversations.count(db, sql, parameters);
    }

    /** Status events of {@code status} recorded on the conversation, however many (a doubled one counts twice). */
    static long statusEvents(Connection db, String conversationId, String status) throws SQLException {
        return count(db, "SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type = 'no.dpe.tracker.core.api.MessageStatusRecordedEvent' "
                + "AND convert_from(payload, 'UTF8') LIKE ?", conversationId, "%\"status\":\"" + status + "\"%");
    }

    static long parkedEvents(Connection db) throws SQLException {
        return count(db, "SELECT COUNT(*) FROM dead_letter_entry");
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("gave up waiting: " + what);
            }
            Thread.sleep(200);
        }
    }

    /** Dropping a throw-away database, for {@link Teardown#closeInOrder}; null when it was never made. */
    static AutoCloseable dropping(String database) {
        return database == null ? null : () -> TestPostgres.dropDatabase(database);
    }

    static <T> T unchecked(Checked<T> work) {
        try {
            return work.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    interface Checked<T> {
        T get() throws Exception;
    }
}

package no.dpe.tracker.app.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.ChildProcess;
import no.dpe.tracker.app.DeliveredConversations;
import no.dpe.tracker.app.Teardown;
import no.dpe.tracker.app.eventstore.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two tracker nodes as separate JVMs on one PostgreSQL database and one standalone emulator. A thousand
 * publisering conversations go through the full flow (create, send, SENDT, MOTTATT, LEVERT, kvittering from
 * the eInnsyn stand-in that runs on both nodes) while one node is killed with SIGKILL and started again.
 * Run by {@code ./mvnw -Ppostgres verify} (failsafe, after the jars are built), not by the default suite.
 */
class TwoNodesOnPostgresIT {

    static final int CONVERSATIONS = Integer.getInteger("it.conversations", 1000);
    static final String AGENCY = "986252932";
    static final String EINNSYN = "991825827";
    static final Duration PATIENCE = Duration.ofMinutes(5);
    static final Path TARGET = Path.of("target").toAbsolutePath();
    static final Path LOGS = TARGET.resolve("it-logs");
    /**
     * What the nodes share besides the database: our enterprise key and eInnsyn's stand-in's (a package sealed for
     * us must open on either node). With a development emulator and no keystore configured, the first node makes
     * them here.
     */
    static final Path DATA = TARGET.resolve("it-data");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String FAGSYSTEM = "Basic " + Base64.getEncoder()
            .encodeToString("fagsystem:fagsystem-password".getBytes(StandardCharsets.UTF_8));

    static String database;
    static ChildProcess emulator;
    static String connectionString;
    static final Map<String, ChildProcess> nodes = new HashMap<>();
    static final Map<String, Integer> ports = new HashMap<>();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    @BeforeAll
    static void startCluster() throws Exception {
        database = TestPostgres.createDatabase();
        int emulatorPort = ChildProcess.freePort();
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-jar",
                TARGET.resolve("../../servicebus-emulator/target/servicebus-emulator.jar").normalize().toString(),
                "--port", String.valueOf(emulatorPort), "--key-name", "RootManageSharedAccessKey", "--key", "it-key",
                "--duplicate-detection", "PT10M"));
        for (String queue : queues()) {
            command.add("--queue");
            command.add(queue);
        }
        emulator = new ChildProcess("emulator", command, LOGS.resolve("emulator.log"));
        connectionString = emulator.startAndAwait(line -> line.startsWith("Endpoint="), Duration.ofSeconds(60));
        deleteRecursively(DATA);
        // one after the other: the first makes the keystores in the shared data directory, the second reads them
        for (String name : List.of("a", "b")) {
            ports.put(name, ChildProcess.freePort());
            nodes.put(name, node(name));
            nodes.get(name).start();
            nodes.get(name).awaitHealthy(ports.get(name), Duration.ofMinutes(3));
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    static List<String> queues() {
        return DeliveredConversations.dpeQueues(AGENCY, EINNSYN);
    }

    static ChildProcess node(String name) {
        return new ChildProcess("node-" + name, List.of(java(), "-Xmx384m", "-jar",
                TARGET.resolve("dpe-tracker.jar").toString(),
                "--spring.profiles.active=postgres",
                "--spring.datasource.url=" + TestPostgres.url(database),
                "--spring.datasource.username=" + TestPostgres.USER,
                "--server.port=" + ports.get(name),
                "--dpe.tracker.servicebus.connection-string=" + connectionString,
                "--dpe.tracker.servicebus.einnsyn-stand-in.enabled=true",
                "--dpe.tracker.data-dir=" + DATA,
                "--dpe.tracker.deadline-poll-interval=PT1S"), LOGS.resolve("node-" + name + ".log"));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        List<AutoCloseable> started = new ArrayList<>(nodes.values());
        started.add(emulator);
        started.add(database == null ? null : () -> TestPostgres.dropDatabase(database));
        Teardown.closeInOrder(started.toArray(AutoCloseable[]::new));
    }

    @Test
    void a_thousand_conversations_survive_a_node_killed_mid_run_exactly_once() throws Exception {
        Map<String, String> conversations = new ConcurrentHashMap<>();
        AtomicInteger created = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < CONVERSATIONS; i++) {
            int n = i;
            work.add(clients.submit(() -> {
                String messageId = UUID.randomUUID().toString();
                String conversationId = UUID.randomUUID().toString();
                sendUntilAccepted(n, messageId, conversationId);
                conversations.put(messageId, conversationId);
                created.incrementAndGet();
                return null;
            }));
        }
        awaitCount(created, CONVERSATIONS / 3);
        nodes.get("a").kill();
        awaitCount(created, 2 * CONVERSATIONS / 3);
        nodes.get("a").start();
        nodes.get("a").awaitHealthy(ports.get("a"), Duration.ofMinutes(3));
        for (Future<?> future : work) {
            future.get();
        }
        clients.shutdown();

        try (Connection db = DriverManager.getConnection(TestPostgres.url(database), TestPostgres.USER, "")) {
            awaitAllDelivered(db);
            DeliveredConversations.everyConversationHasEachEventOnce(db, conversations.values());
            deadLetterQueuesAreEmpty();
            projectionsEqualAFreshReplay(db);
        }
    }

    /** Like a fagsystem behind a load balancer: a node that is down is skipped, a 409 means it was taken. */
    static void sendUntilAccepted(int n, String messageId, String conversationId) throws Exception {
        byte[] body = DeliveredConversations.publisering(messageId, conversationId);
        Instant giveUp = Instant.now().plus(PATIENCE);
        for (int attempt = 0; Instant.now().isBefore(giveUp); attempt++) {
            String node = (n + attempt) % 2 == 0 ? "a" : "b";
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + ports.get(node) + "/api/messages/out/multipart"))
                        .header("Authorization", FAGSYSTEM)
                        .header("Content-Type", "multipart/form-data; boundary=" + DeliveredConversations.BOUNDARY)
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 || response.statusCode() == 409) {
                    return;
                }
                if (response.statusCode() < 500) {
                    throw new AssertionError("node " + node + " refused message " + messageId + ": "
                            + response.statusCode() + " " + response.body());
                }
            } catch (java.io.IOException nodeDown) {
                // connection refused or reset: try the other node
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no node took message " + messageId);
    }

    static void awaitCount(AtomicInteger count, int atLeast) throws InterruptedException {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (count.get() < atLeast) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("only " + count.get() + " of " + atLeast + " conversations created");
            }
            Thread.sleep(20);
        }
    }

    static void awaitAllDelivered(Connection db) throws Exception {
        DeliveredConversations.awaitAllDelivered(db, CONVERSATIONS, PATIENCE);
        // each publisering, and its kvittering received as a message of its own
        assertThat(count(db, "SELECT COUNT(*) FROM message_index")).as("messages in all").isEqualTo(2 * CONVERSATIONS);
    }

    static void deadLetterQueuesAreEmpty() {
        DeliveredConversations.deadLetterQueuesAreEmpty(connectionString, queues());
    }

    /** Stops node a cleanly, so node b can claim every segment, then rebuilds each projection on b. */
    static void projectionsEqualAFreshReplay(Connection db) throws Exception {
        nodes.get("a").close();
        // The live read models are compared once they have handled every stored event: the last kvitteringer's
        // events are committed moments before awaitAllDelivered sees them, and a projection may still be behind.
        for (String projection : List.of("message-state", "status-feed")) {
            awaitHandledEverything(projection);
        }
        Map<String, List<Map<String, Object>>> before = readModels(db);
        for (String projection : List.of("message-state", "status-feed")) {
            admin("POST", "/api/admin/projections/" + projection + "/rebuild", 202);
            Instant giveUp = Instant.now().plus(PATIENCE);
            JsonNode progress = JSON.readTree(admin("GET", "/api/admin/projections/" + projection, 200));
            while (!(progress.path("caughtUp").asBoolean() && !progress.path("replaying").asBoolean()
                    && progress.path("segments").asInt() > 0)) {
                if (Instant.now().isAfter(giveUp)) {
                    throw new AssertionError("the rebuild of " + projection + " did not finish: " + progress);
                }
                Thread.sleep(500);
                progress = JSON.readTree(admin("GET", "/api/admin/projections/" + projection, 200));
            }
        }
        Map<String, List<Map<String, Object>>> after = readModels(db);
        before.forEach((table, rows) -> assertThat(after.get(table)).as(table + " after a fresh replay")
                .hasSameSizeAs(rows).containsExactlyElementsOf(rows));
    }

    /** Until every segment of the projection, all on node b, has passed the last stored event. */
    static void awaitHandledEverything(String projection) throws Exception {
        Instant giveUp = Instant.now().plus(PATIENCE);
        JsonNode progress = JSON.readTree(admin("GET", "/api/admin/projections/" + projection, 200));
        while (!(progress.path("segments").asInt() == 4
                && progress.path("eventsProcessed").asLong() >= progress.path("eventsTotal").asLong())) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError(projection + " did not handle every stored event: " + progress);
            }
            Thread.sleep(500);
            progress = JSON.readTree(admin("GET", "/api/admin/projections/" + projection, 200));
        }
    }

    static Map<String, List<Map<String, Object>>> readModels(Connection db) throws SQLException {
        Map<String, String> tables = Map.of(
                "message_state", "message_id, direction",
                "message_state_history", "conversation_id, sequence",
                "conversation_summary", "conversation_id",
                "status_feed", "id");
        Map<String, List<Map<String, Object>>> snapshot = new HashMap<>();
        for (Map.Entry<String, String> table : tables.entrySet()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (Statement statement = db.createStatement();
                 ResultSet result = statement.executeQuery(
                         "SELECT * FROM " + table.getKey() + " ORDER BY " + table.getValue())) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, Object> row = new TreeMap<>();
                    for (int column = 1; column <= columns; column++) {
                        row.put(result.getMetaData().getColumnName(column), result.getObject(column));
                    }
                    rows.add(row);
                }
            }
            assertThat(rows).as(table.getKey()).isNotEmpty();
            snapshot.put(table.getKey(), rows);
        }
        return snapshot;
    }

    static String admin(String method, String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + ports.get("b") + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("admin:admin-password".getBytes(StandardCharsets.UTF_8)))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
        return response.body();
    }

    static long count(Connection db, String sql) throws SQLException {
        return DeliveredConversations.count(db, sql);
    }
}

package no.dpe.tracker.app.interop;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import no.dpe.tracker.app.DpeNetwork;
import no.dpe.tracker.app.TcpProxy;
import no.dpe.tracker.app.eventstore.TestPostgres;
import no.dpe.tracker.app.transport.Tracker;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.emulator.ServiceBusEmulator;
import no.dpe.tracker.gateway.DpeQueues;
import no.dpe.tracker.gateway.Mode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static no.dpe.tracker.app.interop.RealIntegrationPointInteropTest.AGENCY;
import static no.dpe.tracker.app.interop.RealIntegrationPointInteropTest.EINNSYN;
import static no.dpe.tracker.app.interop.RealIntegrationPointInteropTest.innsynskrav;
import static no.dpe.tracker.app.interop.RealIntegrationPointInteropTest.orderFiles;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL goes away for a minute while eInnsyn keeps sending innsynskrav: the tracker holds what it has received
 * and takes no more until the database is back, then records every message once. Nothing is dead-lettered, on
 * Service Bus or in the tracker's processors. The database is made unreachable by cutting a proxy in front of it
 * ({@link TcpProxy}), which to the tracker is a stopped server: the machine's PostgreSQL is shared and stays up.
 */
@Tag("postgres")
class DatabaseOutageOnPostgresTest {

    static final Duration OUTAGE = Duration.ofSeconds(60);
    static final int BEFORE = 10;
    static final int DURING = 30;
    static final int AFTER = 10;

    @TempDir
    Path dir;

    final List<AutoCloseable> running = new ArrayList<>();
    String database;

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        if (database != null) {
            TestPostgres.dropDatabase(database);
        }
    }

    @Test
    void messages_that_arrive_while_the_database_is_down_are_held_then_all_recorded_once_and_none_dead_lettered()
            throws Exception {
        String queue = DpeQueues.queue(AGENCY, Mode.INNSYN);
        ServiceBusEmulator.Builder bus = ServiceBusEmulator.builder();
        for (Mode mode : Mode.values()) {
            bus.queue(DpeQueues.queue(AGENCY, mode)).queue(DpeQueues.queue(EINNSYN, mode));
        }
        ServiceBusEmulator emulator = bus.start();
        running.add(emulator);
        DpeNetwork network = new DpeNetwork(dir).listensOn(AGENCY, Mode.INNSYN)
                .listensOn(EINNSYN, Mode.DATA, Mode.MEETING);
        running.add(network);
        database = TestPostgres.createDatabase();
        TcpProxy postgres = TcpProxy.to(TestPostgres.HOST, Integer.parseInt(TestPostgres.PORT));
        running.add(postgres);
        List<String> arguments = new ArrayList<>(network.trackerArguments(AGENCY));
        arguments.add("--spring.profiles.active=postgres");
        arguments.add("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database);
        arguments.add("--spring.datasource.username=" + TestPostgres.USER);
        // a pool that gives up waiting for a connection after 2 s: with the default 30 s, each delivery would spend
        // 30 s in the pool, and a message abandoned at once would still last a minute's outage on its deliveries
        arguments.add("--spring.datasource.hikari.connection-timeout=2000");
        Tracker agency = new Tracker(AGENCY, "innsyn", dir, emulator.connectionString(),
                arguments.toArray(String[]::new)).start();
        running.add(agency);
        ReferenceIntegrationPoint einnsyn = new ReferenceIntegrationPoint(EINNSYN, network.keystore(EINNSYN),
                DpeNetwork.ALIAS, DpeNetwork.PASSWORD, new ServiceBusClientBuilder()
                .connectionString(emulator.connectionString())
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(5))));
        byte[] asic = einnsyn.asice(EINNSYN, AGENCY, orderFiles(), "application/xml");
        byte[] cms = ReferenceIntegrationPoint.envelope(asic, network.key(AGENCY).certificate());
        List<Sbd> sent = new ArrayList<>();

        send(einnsyn, queue, cms, BEFORE, Duration.ZERO, sent);
        Tracker.await(() -> seenByTracker(agency, sent) == BEFORE, "the messages sent before the outage are recorded");

        postgres.cut();
        Instant cut = Instant.now();
        send(einnsyn, queue, cms, DURING, OUTAGE.dividedBy(2 * DURING), sent);
        while (Instant.now().isBefore(cut.plus(OUTAGE))) {
            Thread.sleep(200);
        }
        int recordedDuringOutage = recordedPerConversation(sent).size();
        assertThat(emulator.deadLetterCount(queue)).as("dead-lettered during the outage").isZero();
        postgres.restore();
        send(einnsyn, queue, cms, AFTER, Duration.ZERO, sent);

        awaitAllRecorded(agency, sent);
        Map<String, Integer> received = recordedPerConversation(sent);
        assertThat(received).hasSize(BEFORE + DURING + AFTER);
        assertThat(received.values()).as("each message recorded once").containsOnly(1);
        assertThat(recordedDuringOutage).as("recorded while the database was down").isEqualTo(BEFORE);
        assertThat(emulator.deadLetterCount(queue)).as("dead-lettered on Service Bus").isZero();
        assertThat(parkedInTheTracker()).as("events parked by the tracker's processors").isZero();
    }

    private static void send(ReferenceIntegrationPoint einnsyn, String queue, byte[] cms, int count, Duration apart,
                             List<Sbd> sent) throws Exception {
        for (int i = 0; i < count; i++) {
            Sbd innsynskrav = innsynskrav();
            einnsyn.send(queue, ReferenceIntegrationPoint.body(innsynskrav.json(), cms));
            sent.add(innsynskrav);
            Thread.sleep(apart.toMillis());
        }
    }

    /**
     * How many of the sent messages the tracker has recorded, as its API sees them; none while its connection pool
     * cannot reach the database (for a moment after the database is back, too: the pool is refilled in the
     * background).
     */
    private static int seenByTracker(Tracker agency, List<Sbd> sent) {
        try {
            return (int) sent.stream()
                    .filter(sbd -> agency.message(sbd.messageId().orElseThrow(), Direction.INCOMING).isPresent())
                    .count();
        } catch (CannotGetJdbcConnectionException notYet) {
            return 0;
        }
    }

    private static void awaitAllRecorded(Tracker agency, List<Sbd> sent) throws InterruptedException {
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
        while (seenByTracker(agency, sent) < sent.size()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("Only " + seenByTracker(agency, sent) + " of " + sent.size()
                        + " messages were recorded after the database came back");
            }
            Thread.sleep(200);
        }
    }

    /**
     * How many MessageReceivedEvents the event store holds for each sent message that has one, read from PostgreSQL
     * directly rather than through the proxy.
     */
    private Map<String, Integer> recordedPerConversation(List<Sbd> sent) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        List<String> conversations = sent.stream().map(sbd -> sbd.conversationId().orElseThrow()).toList();
        try (Connection connection = DriverManager.getConnection(TestPostgres.url(database), TestPostgres.USER, "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT aggregate_identifier, COUNT(*) FROM domain_event_entry "
                     + "WHERE payload_type LIKE '%MessageReceivedEvent' GROUP BY aggregate_identifier")) {
            while (rows.next()) {
                if (conversations.contains(rows.getString(1))) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }

    private int parkedInTheTracker() throws Exception {
        try (Connection connection = DriverManager.getConnection(TestPostgres.url(database), TestPostgres.USER, "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM dead_letter_entry")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}

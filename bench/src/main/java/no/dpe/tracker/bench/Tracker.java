package no.dpe.tracker.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import no.dpe.tracker.app.TrackerApplication;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The real application, started in this JVM as its main class would start it, with the bench's settings: a
 * random HTTP port, organisation 986252932, quiet logs, the given store, and whatever -Dbench.tracker-args adds.
 */
final class Tracker implements AutoCloseable {

    static final String ORGANISATION = "986252932";

    private final ConfigurableApplicationContext context;

    private Tracker(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * The embedded default's four users with their passwords as production must store them, bcrypt-hashed (a
     * tracker on a real Service Bus refuses {noop} ones), so that what a request costs includes checking them.
     */
    static String[] bcryptUsers() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        List<String> args = new ArrayList<>();
        String[][] users = {{"fagsystem", "FAGSYSTEM"}, {"support", "SUPPORT"}, {"auditor", "AUDITOR"},
                {"admin", "ADMIN"}};
        for (int i = 0; i < users.length; i++) {
            String prefix = "--dpe.tracker.security.users[" + i + "].";
            args.add(prefix + "name=" + users[i][0]);
            args.add(prefix + "password={bcrypt}" + bcrypt.encode(users[i][0] + "-password"));
            args.add(prefix + "roles=" + users[i][1]);
        }
        return args.toArray(String[]::new);
    }

    static Tracker start(Database.Store store, String... extra) {
        return start(store, new Class<?>[0], extra);
    }

    /** The tracker with more configuration classes in its context (the bench's own beans). */
    static Tracker start(Database.Store store, Class<?>[] sources, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.application.name=dpe-tracker-bench",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--dpe.tracker.organisation-number=" + ORGANISATION,
                // the audit chain's self-check reads the whole store; its first run, a minute after the start, fell in
                // the middle of whichever phase was being timed then (a bulk rebuild, once)
                "--dpe.tracker.audit.self-check-first=PT24H"));
        args.addAll(store.trackerArgs());
        args.addAll(List.of(extra));
        for (String pair : Settings.string("bench.tracker-args", "").split("\\s+")) {
            if (!pair.isBlank()) {
                args.add(pair.startsWith("--") ? pair : "--" + pair);
            }
        }
        Report.progress("starting the tracker on %s with %s", store.description(),
                args.stream().filter(arg -> !store.trackerArgs().contains(arg)).toList());
        long start = System.nanoTime();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TrackerApplication.class)
                .sources(sources)
                .run(args.toArray(String[]::new));
        Report.progress("tracker started in %.1f s", (System.nanoTime() - start) / 1e9);
        return new Tracker(context);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    DataSource dataSource() {
        return bean(DataSource.class);
    }

    JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource());
    }

    long headIndex() {
        Long head = jdbc().queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        return head == null ? -1 : head;
    }

    Map<String, EventProcessor> processors() {
        return bean(EventProcessingConfiguration.class).eventProcessors();
    }

    /** Waits until every running streaming processor has handled every stored event. */
    void awaitProcessorsCaughtUp(Duration patience) throws InterruptedException {
        long head = headIndex();
        long giveUp = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < giveUp) {
            boolean all = true;
            for (EventProcessor processor : processors().values()) {
                if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                    Map<Integer, EventTrackerStatus> status = streaming.processingStatus();
                    all &= !status.isEmpty() && status.values().stream()
                            .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head);
                }
            }
            if (all) {
                return;
            }
            Thread.sleep(50);
        }
        Report.progress("processors did not catch up with %d within %s", head, patience);
    }

    @Override
    public void close() {
        context.close();
    }
}

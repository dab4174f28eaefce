package no.dpe.tracker.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A JVM the test starts from a built jar: its output goes to a log file, and the test can wait for a line,
 * stop it with SIGTERM or kill it with SIGKILL.
 */
public final class ChildProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Path log;
    private Process process;
    private final CompletableFuture<String> awaited = new CompletableFuture<>();
    private Predicate<String> awaitedLine = line -> false;

    public ChildProcess(String name, List<String> command, Path log) {
        this.name = name;
        this.command = command;
        this.log = log;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts the process and returns the first output line that matches, once it appears. */
    public String startAndAwait(Predicate<String> line, Duration patience) throws Exception {
        awaitedLine = line;
        start();
        return awaited.get(patience.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    public void start() throws IOException {
        Files.createDirectories(log.getParent());
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread pump = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter file = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                         StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
                for (String text = output.readLine(); text != null; text = output.readLine()) {
                    file.println(text);
                    if (!awaited.isDone() && awaitedLine.test(text)) {
                        awaited.complete(text);
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** The first line of its log (this run's or an earlier one's) that matches, once it is there. */
    public String awaitLine(Predicate<String> line, Duration patience) throws Exception {
        Instant giveUp = Instant.now().plus(patience);
        while (true) {
            if (Files.exists(log)) {
                try (java.util.stream.Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
                    java.util.Optional<String> found = lines.filter(line).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError(name + " wrote no such line within " + patience + "; see " + log);
            }
            Thread.sleep(100);
        }
    }

    /**
     * The entries of its log at ERROR that contain {@code marker}, each with the lines that follow it (its stack
     * trace), at most {@code limit} lines in all: for a failing test to print, since CI shows the test's output but
     * not the child's log file.
     */
    public String errorsLogged(String marker, int limit) throws IOException {
        if (!Files.exists(log)) {
            return "(no log at " + log + ")";
        }
        List<String> excerpt = new ArrayList<>();
        boolean inEntry = false;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.contains(" ERROR ") && line.contains(marker)) {
                inEntry = true;
            } else if (inEntry && !line.isBlank() && Character.isDigit(line.charAt(0))) {
                inEntry = false; // the next log entry
            }
            if (inEntry && excerpt.size() < limit) {
                excerpt.add(line);
            }
        }
        return excerpt.isEmpty() ? "(nothing with \"" + marker + "\" logged at ERROR in " + log + ")" : String.join("\n", excerpt);
    }

    /** Waits until {@code http://127.0.0.1:port/actuator/health} answers UP. */
    public void awaitHealthy(int port, Duration patience) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant giveUp = Instant.now().plus(patience);
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " did not become healthy within " + patience + "; see " + log);
    }

    /** SIGKILL: no shutdown hook, no clean close of anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, and the wait for the process to end. */
    public void stop() throws InterruptedException {
        close();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The JVM the tests run on, for the processes they start. */
    public static String java() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            // through the handle: Process.destroy() also closes our end of its output, losing what it says as it stops
            process.toHandle().destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}

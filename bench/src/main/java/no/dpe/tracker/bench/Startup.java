package no.dpe.tracker.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cold start to health UP on the embedded default, in a new JVM each time with a new data directory: the executable
 * jar as built ({@code java -jar}), against the same jar extracted and started with an ahead-of-time cache made by a
 * training run (JDK 25's {@code -XX:AOTCacheOutput}; on 21–24, a class-data-sharing archive,
 * {@code -XX:ArchiveClassesAtExit}), as the README's "Starting fast" describes. Median of {@code bench.startup-runs}
 * starts each; the goal is 4 s. Needs the executable jar: {@code ./mvnw -q -DskipTests package} first (the bench
 * itself stops before Boot repackages it).
 */
final class Startup {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    private Startup() {
    }

    static void run() throws Exception {
        Path jar = Path.of(Settings.string("bench.tracker-jar", "../tracker-api/target/dpe-tracker.jar"))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No executable jar at " + jar + ": run ./mvnw -q -DskipTests package first"
                    + " (or set -Dbench.tracker-jar)");
        }
        int runs = Settings.integer("bench.startup-runs", 3);
        String java = ProcessHandle.current().info().command().orElse("java");
        Path work = Settings.workDir().resolve("startup");
        deleteRecursively(work);
        Files.createDirectories(work);

        double[] plain = new double[runs];
        for (int i = 0; i < runs; i++) {
            plain[i] = startToHealthy(List.of(java, "-jar", jar.toString()), work.resolve("plain-" + i));
        }

        Path extracted = work.resolve("extracted");
        run(List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", extracted.toString()),
                work.resolve("extract.log"));
        Path app = extracted.resolve(jar.getFileName());
        boolean aotCache = Runtime.version().feature() >= 25;
        Path cache = work.resolve(aotCache ? "dpe-tracker.aot" : "dpe-tracker.jsa");
        long trainStart = System.nanoTime();
        run(List.of(java, (aotCache ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + cache,
                "-Dspring.context.exit=onRefresh", "-jar", app.toString(), "--server.port=0",
                "--dpe.tracker.data-dir=" + work.resolve("training")), work.resolve("training.log"));
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        double[] cached = new double[runs];
        for (int i = 0; i < runs; i++) {
            cached[i] = startToHealthy(List.of(java, (aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + cache,
                    "-jar", app.toString()), work.resolve("cached-" + i));
        }
        double plainMedian = median(plain);
        double cachedMedian = median(cached);
        Report.progress("startup: java -jar %s s; extracted with %s %s s (training took %.1f s, cache %d MiB)",
                Arrays.toString(plain), aotCache ? "AOT cache" : "CDS archive", Arrays.toString(cached), trainSeconds,
                Files.size(cache) / (1024 * 1024));
        Report.row("cold start to health UP, embedded default, the jar extracted and started with "
                        + (aotCache ? "an AOT cache (JDK " + Runtime.version().feature() + ")" : "a CDS archive")
                        + " made by a training run; median of " + runs,
                String.format(Locale.ROOT, "%.2f s", cachedMedian),
                String.format(Locale.ROOT, "java -jar dpe-tracker.jar as built: %.2f s", plainMedian),
                Report.ratio(cachedMedian, plainMedian), Report.Goal.atMost(cachedMedian, 4.0, "s"));
    }

    /** Seconds from starting the process to the first 200 UP from /actuator/health; the process is then stopped. */
    private static double startToHealthy(List<String> command, Path dir) throws Exception {
        Files.createDirectories(dir);
        int port = freePort();
        List<String> full = new ArrayList<>(command);
        full.add("--server.port=" + port);
        full.add("--dpe.tracker.data-dir=" + dir.resolve("data"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(dir.resolve("out.log")
                .toFile()).start();
        try {
            while (System.nanoTime() - start < PATIENCE.toNanos()) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the tracker exited with " + process.exitValue() + "; see "
                            + dir.resolve("out.log"));
                }
                try {
                    HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                        return (System.nanoTime() - start) / 1e9;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(20);
            }
            throw new IllegalStateException("the tracker was not healthy within " + PATIENCE);
        } finally {
            process.toHandle().destroy();
            process.waitFor();
        }
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed; see " + log);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}

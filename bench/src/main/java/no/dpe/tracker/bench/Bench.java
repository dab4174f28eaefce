package no.dpe.tracker.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bench: each phase runs in a JVM of its own (so one phase's heap, caches and threads do not colour the
 * next, and the resident memory read in a phase is that phase's), prints its rows, and this process collects
 * them into one table with the machine it ran on. Run it as bench/README.md says.
 */
public final class Bench {

    static final String ROW = "BENCH-ROW\t";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("phase")) {
            try {
                runPhase(args[1]);
            } catch (Throwable failure) {
                failure.printStackTrace(System.out);
                System.exit(1);
            }
            // Spring, Axon and the SDK leave non-daemon threads behind; the phase is over.
            System.exit(0);
        }
        List<String> phases = Arrays.stream(Settings.string("bench.phases",
                "tracking-h2,tracking-postgres,replay,end-to-end,flood,queries").split(","))
                .map(String::trim).filter(phase -> !phase.isEmpty()).toList();
        String classPath = snapshotClassPath();
        String machineBefore = Machine.describe();
        System.out.println("bench: " + machineBefore);
        List<String[]> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (String phase : phases) {
            System.out.println("bench: ---- phase " + phase + " ----");
            long phaseStart = System.nanoTime();
            int exit = fork(phase, classPath, rows);
            System.out.printf("bench: phase %s took %.0f s%n", phase, (System.nanoTime() - phaseStart) / 1e9);
            if (exit != 0) {
                failures.add(phase + " (exit " + exit + ")");
            }
        }
        String table = table(rows, machineBefore, Machine.loadAverage(), (System.nanoTime() - started) / 1e9,
                failures);
        System.out.println();
        System.out.println(table);
        Path out = Settings.workDir().resolve("results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);
        System.out.println("bench: table written to " + out);
        if (!failures.isEmpty()) {
            System.exit(1);
        }
    }

    private static void runPhase(String phase) throws Exception {
        switch (phase) {
            case "tracking-h2" -> Tracking.run(Database.H2);
            case "tracking-postgres" -> Tracking.run(Database.POSTGRES);
            case "replay" -> Replay.run();
            case "end-to-end" -> EndToEnd.run();
            case "queries" -> Queries.run();
            case "flood" -> Flood.run();
            case "startup" -> Startup.run();
            case "verify" -> Verification.run();
            default -> throw new IllegalArgumentException("Unknown phase " + phase
                    + "; known: tracking-h2, tracking-postgres, replay, end-to-end, flood, queries, startup");
        }
    }

    /** Runs a phase in a child JVM with the same class path and bench.* settings, collecting its rows. */
    private static int fork(String phase, String classPath, List<String[]> rows) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String option : Settings.string("bench.jvm-args", "").trim().split("\\s+")) {
            if (!option.isBlank()) {
                command.add(option.replace("{phase}", phase));
            }
        }
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("bench."))
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.addAll(List.of("-cp", classPath, Bench.class.getName(), "phase", phase));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Path log = Settings.workDir().resolve(phase + ".log");
        Files.createDirectories(log.getParent());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             var logFile = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                logFile.write(line);
                logFile.newLine();
                if (line.startsWith(ROW)) {
                    rows.add(line.substring(ROW.length()).split("\t", -1));
                    System.out.println("bench: row: " + line.substring(ROW.length()).replace('\t', '|'));
                } else if (line.startsWith("bench:") || line.contains(" ERROR ") || line.startsWith("Exception")
                        || line.startsWith("java.") || line.startsWith("Caused by")) {
                    // the tracker's own log (stack traces included) is in the phase's log file
                    System.out.println("  [" + phase + "] " + (line.length() > 400 ? line.substring(0, 400) + "..." : line));
                }
            }
        }
        int exit = process.waitFor();
        System.out.println("bench: full output of phase " + phase + " in " + log);
        return exit;
    }

    /**
     * Copies the class-path directories (the reactor modules' target/classes) aside, so that a build running
     * meanwhile in the same working tree (a clean, a recompile) cannot pull classes from under a phase.
     */
    private static String snapshotClassPath() throws IOException {
        Path snapshot = Settings.workDir().resolve("classpath");
        if (Files.exists(snapshot)) {
            try (var paths = Files.walk(snapshot)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.isDirectory(source)) {
                entries.add(entry);
                continue;
            }
            Path target = snapshot.resolve(Integer.toString(n++));
            try (var paths = Files.walk(source)) {
                for (Path path : paths.toList()) {
                    Path copy = target.resolve(source.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(path, copy);
                    }
                }
            }
            entries.add(target.toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static String table(List<String[]> rows, String machine, String loadAfter, double seconds,
                                List<String> failures) {
        StringBuilder table = new StringBuilder();
        table.append("Machine: ").append(machine).append("; load average after: ").append(loadAfter)
                .append(String.format("; whole run %.0f s", seconds)).append("\n\n");
        table.append("| what | figure | baseline in the same run | ratio | goal | this run |\n"
                + "|---|---|---|---|---|---|\n");
        int met = 0;
        int judged = 0;
        for (String[] row : rows) {
            table.append("| ").append(String.join(" | ", row)).append(" |\n");
            String verdict = row.length > 5 ? row[5] : "";
            if (verdict.equals("met") || verdict.equals("NOT met")) {
                judged++;
                met += verdict.equals("met") ? 1 : 0;
            }
        }
        table.append("\nGoals met in this run: ").append(met).append(" of ").append(judged).append(" judged.\n");
        if (!failures.isEmpty()) {
            table.append("\nFailed phases: ").append(String.join(", ", failures)).append('\n');
        }
        return table.toString();
    }
}

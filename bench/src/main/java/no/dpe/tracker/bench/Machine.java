package no.dpe.tracker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine and this process, from /proc where Linux has it. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %s memory, %s %s, %s; load average before: %s",
                Runtime.getRuntime().availableProcessors(), cpuModel(), memTotal(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"), loadAverage());
    }

    static String loadAverage() {
        List<String> lines = read("/proc/loadavg");
        if (lines.isEmpty()) {
            return "?";
        }
        String[] parts = lines.get(0).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    /** Peak resident set size of this JVM so far (VmHWM), in MiB; -1 off Linux. */
    static long peakRssMib() {
        return statusKib("VmHWM:") / 1024;
    }

    static long rssMib() {
        return statusKib("VmRSS:") / 1024;
    }

    private static long statusKib(String field) {
        for (String line : read("/proc/self/status")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        return -1024;
    }

    private static String cpuModel() {
        return read("/proc/cpuinfo").stream().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
    }

    private static String memTotal() {
        return read("/proc/meminfo").stream().filter(line -> line.startsWith("MemTotal:"))
                .map(line -> String.format(Locale.ROOT, "%.1f GiB",
                        Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .findFirst().orElse("? GiB");
    }

    private static List<String> read(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}

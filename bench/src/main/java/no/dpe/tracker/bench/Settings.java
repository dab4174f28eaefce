package no.dpe.tracker.bench;

import java.nio.file.Path;

/** The bench's sizes and switches: system properties named bench.*, with the defaults of bench/pom.xml. */
final class Settings {

    private Settings() {
    }

    static String string(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    static int integer(String name, int fallback) {
        return Integer.parseInt(string(name, Integer.toString(fallback)).replace("_", ""));
    }

    static Path workDir() {
        return Path.of(string("bench.work-dir", "target/bench")).toAbsolutePath();
    }
}

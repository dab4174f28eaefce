package no.dpe.tracker.emulator;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The standalone emulator's arguments, parsed. Queue options apply to every queue, declared or auto-created.
 *
 * @param dataDirectory where the state is kept across a clean stop; {@code null} to keep it in memory only
 */
record CommandLine(
        String host,
        int port,
        String keyName,
        String key,
        List<String> queues,
        List<String> subscriptions,
        QueueOptions queueOptions,
        boolean autoCreate,
        int maxMessageSize,
        Path dataDirectory,
        boolean help) {

    static final String USAGE = """
            Usage: java -jar servicebus-emulator.jar --key-name <name> --key <key> [options]

            An Azure Service Bus emulator for development and tests: the Azure SDK connects with
              Endpoint=sb://<host>:<port>;SharedAccessKeyName=<name>;SharedAccessKey=<key>;UseDevelopmentEmulator=true

            WITHOUT --data-dir, MESSAGES ARE KEPT IN MEMORY ONLY: everything is lost when the emulator stops.
            With --data-dir, messages are kept across a clean stop (SIGTERM, Ctrl-C): the emulator saves its
            state there as it stops and reads it back when it starts; a message locked at the stop comes back
            as if its lock had expired. A kill (SIGKILL) or a crash loses what arrived since the last clean
            stop, and brings back what was settled since.

            Options:
              --port <n>                    port to listen on (default 5672; 0 picks a free port)
              --host <address>              address to listen on (default 127.0.0.1)
              --key-name <name>             the SharedAccessKeyName clients must sign with (required)
              --key <key>                   the SharedAccessKey clients must sign with (required)
              --queue <name>                declare a queue; repeat for more
              --subscription <topic>/<sub>  declare a topic subscription (no filters); repeat for more
              --lock-duration <ISO-8601>    peek-lock duration (default PT60S)
              --max-delivery-count <n>      deliveries before dead-lettering (default 10)
              --duplicate-detection <ISO>   duplicate-detection window by MessageId (default off)
              --default-ttl <ISO-8601>      longest a message lives (default unlimited)
              --dead-letter-on-expiry       move expired messages to the dead-letter queue
              --requires-session            queues require a SessionId on every message
              --auto-create                 create a queue when a client first uses it
              --max-message-size <bytes>    largest message or batch accepted (default 1048576)
              --data-dir <path>             keep messages there across a clean stop (default: memory only)
              --help                        show this text
            """;

    static CommandLine parse(String... args) {
        String host = "127.0.0.1";
        int port = 5672;
        String keyName = null;
        String key = null;
        List<String> queues = new ArrayList<>();
        List<String> subscriptions = new ArrayList<>();
        QueueOptions options = QueueOptions.defaults();
        boolean autoCreate = false;
        int maxMessageSize = 1024 * 1024;
        Path dataDirectory = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--help", "-h" -> {
                    return new CommandLine(host, port, keyName, key, queues, subscriptions, options, autoCreate,
                            maxMessageSize, dataDirectory, true);
                }
                case "--host" -> host = value(args, ++i, option);
                case "--port" -> port = integer(args, ++i, option);
                case "--key-name" -> keyName = value(args, ++i, option);
                case "--key" -> key = value(args, ++i, option);
                case "--queue" -> queues.add(value(args, ++i, option));
                case "--subscription" -> subscriptions.add(subscription(value(args, ++i, option)));
                case "--lock-duration" -> options = options.withLockDuration(duration(args, ++i, option));
                case "--max-delivery-count" -> options = options.withMaxDeliveryCount(integer(args, ++i, option));
                case "--duplicate-detection" -> options = options.withDuplicateDetection(duration(args, ++i, option));
                case "--default-ttl" -> options = options.withDefaultTimeToLive(duration(args, ++i, option));
                case "--dead-letter-on-expiry" -> options = options.withDeadLetteringOnExpiration(true);
                case "--requires-session" -> options = options.withRequiresSession(true);
                case "--auto-create" -> autoCreate = true;
                case "--max-message-size" -> maxMessageSize = integer(args, ++i, option);
                case "--data-dir" -> dataDirectory = path(args, ++i, option);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        if (keyName == null || key == null) {
            throw new IllegalArgumentException("--key-name and --key are required");
        }
        return new CommandLine(host, port, keyName, key, List.copyOf(queues), List.copyOf(subscriptions), options,
                autoCreate, maxMessageSize, dataDirectory, false);
    }

    ServiceBusEmulator.Builder toBuilder() {
        ServiceBusEmulator.Builder builder = ServiceBusEmulator.builder()
                .host(host).port(port).keyName(keyName).key(key)
                .defaultQueueOptions(queueOptions).autoCreate(autoCreate).maxMessageSize(maxMessageSize);
        queues.forEach(builder::queue);
        if (dataDirectory != null) {
            builder.dataDirectory(dataDirectory);
        }
        subscriptions.forEach(subscription -> {
            int slash = subscription.indexOf('/');
            builder.subscription(subscription.substring(0, slash), subscription.substring(slash + 1));
        });
        return builder;
    }

    private static String subscription(String value) {
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
            throw new IllegalArgumentException("--subscription takes <topic>/<subscription>, not '" + value + "'");
        }
        return value;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static Path path(String[] args, int index, String option) {
        String value = value(args, index, option);
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(option + " takes a directory, not '" + value + "'");
        }
    }

    private static int integer(String[] args, int index, String option) {
        String value = value(args, index, option);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a whole number, not '" + value + "'");
        }
    }

    private static Duration duration(String[] args, int index, String option) {
        String value = value(args, index, option);
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " takes an ISO-8601 duration such as PT30S, not '" + value
                    + "'");
        }
    }
}

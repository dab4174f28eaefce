package no.dpe.tracker.emulator;

import java.util.concurrent.CountDownLatch;

/** The standalone emulator: {@code java -jar servicebus-emulator.jar --help}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (IllegalArgumentException wrong) {
            System.err.println("servicebus-emulator: " + wrong.getMessage());
            System.err.println();
            System.err.print(CommandLine.USAGE);
            System.exit(2);
            return;
        }
        if (commandLine.help()) {
            System.out.print(CommandLine.USAGE);
            return;
        }
        ServiceBusEmulator emulator;
        try {
            emulator = commandLine.toBuilder().start();
        } catch (RuntimeException cannotStart) {
            // A saved state it cannot read, a port in use: the reason is the message, not the stack trace.
            System.err.println("servicebus-emulator: " + reason(cannotStart));
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                emulator.close();
                System.out.println(emulator.stateFile()
                        .map(file -> "Service Bus emulator stopped; its state (" + emulator.savedMessages()
                                + " messages) is saved in " + file)
                        .orElse("Service Bus emulator stopped; its messages are gone."));
            } catch (RuntimeException notSaved) {
                System.err.println("servicebus-emulator: stopped, but " + notSaved.getMessage());
            } finally {
                System.out.flush();
                stopped.countDown();
            }
        }, "servicebus-emulator-shutdown"));
        System.out.println("Service Bus emulator listening on " + commandLine.host() + ":" + emulator.port()
                + emulator.stateFile()
                        .map(file -> " (state kept in " + file + " across a clean stop)")
                        .orElse(" (messages are kept in memory only)"));
        System.out.println(emulator.connectionString());
        System.out.flush();
        stopped.await();
    }

    private static String reason(RuntimeException failure) {
        if (failure.getMessage() == null) {
            return failure.toString();
        }
        Throwable cause = failure.getCause();
        if (cause == null || cause.getMessage() == null || failure.getMessage().contains(cause.getMessage())) {
            return failure.getMessage();
        }
        return failure.getMessage() + " (" + cause.getMessage() + ")";
    }
}

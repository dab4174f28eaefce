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
        ServiceBusEmulator emulator = commandLine.toBuilder().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            System.out.println("Service Bus emulator stopped; its messages are gone.");
            stopped.countDown();
        }, "servicebus-emulator-shutdown"));
        System.out.println("Service Bus emulator listening on " + commandLine.host() + ":" + emulator.port()
                + " (messages are kept in memory only)");
        System.out.println(emulator.connectionString());
        System.out.flush();
        stopped.await();
    }
}

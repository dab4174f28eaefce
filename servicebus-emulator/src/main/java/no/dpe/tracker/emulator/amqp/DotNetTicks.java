package no.dpe.tracker.emulator.amqp;

import java.time.Instant;

/** Service Bus reports some instants as .NET ticks: 100 ns since 0001-01-01. */
final class DotNetTicks {

    private static final long EPOCH_TICKS = 621_355_968_000_000_000L;

    private DotNetTicks() {
    }

    static long of(Instant instant) {
        return EPOCH_TICKS + instant.getEpochSecond() * 10_000_000L + instant.getNano() / 100;
    }
}

package no.dpe.tracker.app.transport;

import java.util.Optional;

import no.dpe.tracker.emulator.ServiceBusEmulator;

/** The in-process emulator, if the tracker runs one. */
public final class EmbeddedServiceBus implements AutoCloseable {

    private final ServiceBusEmulator emulator;

    private EmbeddedServiceBus(ServiceBusEmulator emulator) {
        this.emulator = emulator;
    }

    static EmbeddedServiceBus of(ServiceBusEmulator emulator) {
        return new EmbeddedServiceBus(emulator);
    }

    static EmbeddedServiceBus none() {
        return new EmbeddedServiceBus(null);
    }

    public Optional<ServiceBusEmulator> emulator() {
        return Optional.ofNullable(emulator);
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
    }
}

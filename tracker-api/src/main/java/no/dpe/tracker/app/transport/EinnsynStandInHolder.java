package no.dpe.tracker.app.transport;

import java.util.Optional;

import no.dpe.tracker.gateway.standin.EinnsynStandIn;

/** eInnsyn's stand-in, if it is on. */
public final class EinnsynStandInHolder implements AutoCloseable {

    private final EinnsynStandIn standIn;

    EinnsynStandInHolder(EinnsynStandIn standIn) {
        this.standIn = standIn;
    }

    public Optional<EinnsynStandIn> standIn() {
        return Optional.ofNullable(standIn);
    }

    @Override
    public void close() {
        if (standIn != null) {
            standIn.close();
        }
    }
}

package no.dpe.tracker.app.keys;

import java.util.Optional;

import no.dpe.tracker.packaging.DpePackages;
import no.dpe.tracker.packaging.EnterpriseKey;

/**
 * The enterprise keys the tracker holds: its own organisation's, and, while eInnsyn's stand-in runs, the stand-in's
 * (a counterpart must have a key of its own, or it could read what was sealed for us).
 */
public record Keys(EnterpriseKey ours, EnterpriseKey einnsynStandIn) {

    public DpePackages ourPackages() {
        return new DpePackages(ours);
    }

    public Optional<EnterpriseKey> standIn() {
        return Optional.ofNullable(einnsynStandIn);
    }
}

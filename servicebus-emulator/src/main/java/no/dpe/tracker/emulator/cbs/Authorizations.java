package no.dpe.tracker.emulator.cbs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The tokens one connection has put, and so the entities it may attach links to. */
public final class Authorizations {

    private final List<SharedAccessSignatures.Grant> grants = new ArrayList<>();

    public void add(SharedAccessSignatures.Grant grant) {
        grants.removeIf(existing -> existing.entityPath().equals(grant.entityPath()));
        grants.add(grant);
    }

    /** Whether a link to {@code address} ({@code q}, {@code q/$management}, …) is covered by a live token. */
    public boolean allows(String address, Instant now) {
        String path = address.toLowerCase(Locale.ROOT);
        return grants.stream().anyMatch(grant -> now.isBefore(grant.expiresAt())
                && SharedAccessSignatures.covers(grant.entityPath(), path));
    }
}

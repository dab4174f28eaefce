package no.dpe.tracker.projections.rebuild;

import java.time.Duration;
import java.util.List;

/**
 * How far a projection has read the event store, as this node sees it.
 *
 * @param processed          the global position every segment this node holds has passed
 * @param total              the position of the newest event (the head token)
 * @param estimatedTimeLeft  from the rate observed since the rebuild began (or since first asked); null while
 *                           no rate has been observed yet
 * @param segments           segments this node holds; 0 when another node runs the projection
 * @param errors             why segments are in an error state, if any are
 */
public record ProjectionProgress(
        String name,
        boolean running,
        boolean replaying,
        boolean caughtUp,
        long processed,
        long total,
        Duration estimatedTimeLeft,
        int segments,
        List<String> errors) {

    public ProjectionProgress {
        errors = List.copyOf(errors);
    }
}

package no.dpe.tracker.app.admin;

import java.util.List;

import no.dpe.tracker.projections.rebuild.ProjectionProgress;

/**
 * A projection's progress. {@code estimatedTimeLeft} is an ISO-8601 duration, absent until a rate has been
 * observed (ask again a moment later).
 */
record ProjectionView(
        String name,
        boolean running,
        boolean replaying,
        boolean caughtUp,
        long eventsProcessed,
        long eventsTotal,
        String estimatedTimeLeft,
        int segments,
        List<String> errors) {

    static ProjectionView of(ProjectionProgress progress) {
        return new ProjectionView(progress.name(), progress.running(), progress.replaying(), progress.caughtUp(),
                progress.processed(), progress.total(),
                progress.estimatedTimeLeft() == null ? null : progress.estimatedTimeLeft().toString(),
                progress.segments(), progress.errors());
    }
}

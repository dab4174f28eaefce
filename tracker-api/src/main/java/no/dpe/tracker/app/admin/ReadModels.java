package no.dpe.tracker.app.admin;

import java.util.List;

import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.projections.rebuild.ProjectionProgress;
import no.dpe.tracker.projections.rebuild.Projections;
import no.dpe.tracker.projections.rebuild.RebuildRefusedException;
import no.dpe.tracker.projections.rebuild.UnknownProjectionException;

/**
 * The read models an administrator may watch and rebuild, as the API ({@code /api/admin/projections}) and the console
 * ask for them: an unknown one is a 404 problem, a rebuild another node stands in the way of a 409.
 */
public class ReadModels {

    private final Projections projections;

    ReadModels(Projections projections) {
        this.projections = projections;
    }

    public List<ProjectionProgress> all() {
        return projections.names().stream().map(projections::progress).toList();
    }

    public ProjectionProgress progress(String name) {
        try {
            return projections.progress(name);
        } catch (UnknownProjectionException e) {
            throw ClientError.notFound(e.getMessage());
        }
    }

    /** Starts a rebuild and answers how far it has come: at once, not when it is done. */
    public ProjectionProgress rebuild(String name) {
        try {
            projections.rebuild(name);
            return projections.progress(name);
        } catch (UnknownProjectionException e) {
            throw ClientError.notFound(e.getMessage());
        } catch (RebuildRefusedException e) {
            throw ClientError.conflict("name", "not-claimed-elsewhere", e.getMessage());
        }
    }
}

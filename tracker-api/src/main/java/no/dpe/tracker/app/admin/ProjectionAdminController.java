package no.dpe.tracker.app.admin;

import java.util.List;
import java.util.concurrent.Callable;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.projections.rebuild.Projections;
import no.dpe.tracker.projections.rebuild.RebuildRefusedException;
import no.dpe.tracker.projections.rebuild.UnknownProjectionException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Rebuilding read models from the event store, and watching them catch up. A rebuild answers 202 as soon
 * as the replay has started; {@code GET} shows how far it has come.
 */
@RestController
@RequestMapping("/api/admin/projections")
class ProjectionAdminController {

    private final Projections projections;

    ProjectionAdminController(Projections projections) {
        this.projections = projections;
    }

    @GetMapping
    Mono<List<ProjectionView>> list() {
        return admin(() -> projections.names().stream().map(name -> ProjectionView.of(projections.progress(name)))
                .toList());
    }

    @GetMapping("/{name}")
    Mono<ProjectionView> get(@PathVariable String name) {
        return admin(() -> ProjectionView.of(projections.progress(name)));
    }

    @PostMapping("/{name}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<ProjectionView> rebuild(@PathVariable String name) {
        return admin(() -> {
            projections.rebuild(name);
            return ProjectionView.of(projections.progress(name));
        });
    }

    private static <T> Mono<T> admin(Callable<T> work) {
        return Blocking.call(work)
                .onErrorMap(UnknownProjectionException.class, e -> ClientError.notFound(e.getMessage()))
                .onErrorMap(RebuildRefusedException.class,
                        e -> ClientError.conflict("name", "not-claimed-elsewhere", e.getMessage()));
    }
}

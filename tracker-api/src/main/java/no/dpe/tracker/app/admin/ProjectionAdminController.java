package no.dpe.tracker.app.admin;

import java.util.List;

import no.dpe.tracker.app.Blocking;
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

    private final ReadModels readModels;

    ProjectionAdminController(ReadModels readModels) {
        this.readModels = readModels;
    }

    @GetMapping
    Mono<List<ProjectionView>> list() {
        return Blocking.call(() -> readModels.all().stream().map(ProjectionView::of).toList());
    }

    @GetMapping("/{name}")
    Mono<ProjectionView> get(@PathVariable String name) {
        return Blocking.call(() -> ProjectionView.of(readModels.progress(name)));
    }

    @PostMapping("/{name}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<ProjectionView> rebuild(@PathVariable String name) {
        return Blocking.call(() -> ProjectionView.of(readModels.rebuild(name)));
    }
}

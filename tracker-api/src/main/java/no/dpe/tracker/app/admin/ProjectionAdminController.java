package no.dpe.tracker.app.admin;

import java.util.List;
import java.util.Optional;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.conversations.QueryParameters;
import no.dpe.tracker.app.problem.ClientError;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Rebuilding read models from the event store, and watching them catch up. A rebuild answers 202 as soon
 * as the replay has started; {@code GET} shows how far it has come. A verification replays into a scratch copy
 * and reports where the live read models differ from it.
 */
@RestController
@RequestMapping("/api/admin/projections")
class ProjectionAdminController {

    /** The most differences a verification lists per read model. */
    private static final int MAX_DIFFERENCES = 1000;

    private final ReadModels readModels;
    private final ReplayProof replayProof;
    private final Blocking blocking;

    ProjectionAdminController(ReadModels readModels, ReplayProof replayProof, Blocking blocking) {
        this.readModels = readModels;
        this.replayProof = replayProof;
        this.blocking = blocking;
    }

    @GetMapping
    Mono<List<ProjectionView>> list() {
        return blocking.call(() -> readModels.all().stream().map(ProjectionView::of).toList());
    }

    @GetMapping("/{name}")
    Mono<ProjectionView> get(@PathVariable String name) {
        return blocking.call(() -> ProjectionView.of(readModels.progress(name)));
    }

    /**
     * Replays the event store into a scratch copy of each read model and reports every row the live one holds
     * differently (adr/0017-replay-as-proof.md). Answers when done; the live read models are only read.
     */
    @PostMapping("/verify")
    Mono<VerificationReport> verify(@RequestParam Optional<String> readModel,
                                    @RequestParam Optional<String> maxDifferences) {
        List<String> readModels = readModel.filter(name -> !name.isBlank()).map(String::trim).map(name -> {
            if (!ReplayProof.READ_MODELS.contains(name)) {
                throw ClientError.invalid("readModel", "one-of", "No read model named '" + name + "'; known: "
                        + String.join(", ", ReplayProof.READ_MODELS));
            }
            return List.of(name);
        }).orElse(List.of());
        long limit = QueryParameters.position("maxDifferences", maxDifferences.or(() -> Optional.of("20")));
        if (limit < 1 || limit > MAX_DIFFERENCES) {
            throw ClientError.invalid("maxDifferences", "range",
                    "maxDifferences must be 1 to " + MAX_DIFFERENCES + "; was " + limit);
        }
        return blocking.call(() -> replayProof.verify(readModels, (int) limit));
    }

    @PostMapping("/{name}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<ProjectionView> rebuild(@PathVariable String name) {
        return blocking.call(() -> ProjectionView.of(readModels.rebuild(name)));
    }
}

package no.dpe.tracker.app.processing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.problem.ClientError;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The processors' dead letters for an administrator ({@link DeadLetters}): {@code GET} lists them, {@code POST
 * .../retry} handles a conversation's parked events again, {@code DELETE} evicts them.
 */
@RestController
@RequestMapping("/api/admin/dead-letters")
class DeadLetterController {

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping
    Mono<List<DeadLetters.Sequence>> all() {
        return admin(deadLetters::all);
    }

    @GetMapping("/{processor}/{sequence}")
    Mono<DeadLetters.Sequence> sequence(@PathVariable String processor, @PathVariable String sequence) {
        return admin(() -> deadLetters.sequence(processor, sequence));
    }

    @PostMapping("/{processor}/{sequence}/retry")
    Mono<DeadLetters.Retried> retry(@PathVariable String processor, @PathVariable String sequence) {
        return admin(() -> deadLetters.retry(processor, sequence));
    }

    @DeleteMapping("/{processor}/{sequence}")
    Mono<Map<String, Object>> evict(@PathVariable String processor, @PathVariable String sequence) {
        return admin(() -> Map.of("processor", processor, "sequence", sequence,
                "evicted", deadLetters.evict(processor, sequence)));
    }

    private static <T> Mono<T> admin(Callable<T> work) {
        return Blocking.call(work)
                .onErrorMap(DeadLetters.UnknownDeadLetterException.class, e -> ClientError.notFound(e.getMessage()));
    }
}

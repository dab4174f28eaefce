package no.dpe.tracker.app.processing;

import java.util.List;
import java.util.Map;

import no.dpe.tracker.app.Blocking;
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
    private final Blocking blocking;

    DeadLetterController(DeadLetters deadLetters, Blocking blocking) {
        this.deadLetters = deadLetters;
        this.blocking = blocking;
    }

    @GetMapping
    Mono<List<DeadLetters.Sequence>> all() {
        return blocking.call(deadLetters::all);
    }

    @GetMapping("/{processor}/{sequence}")
    Mono<DeadLetters.Sequence> sequence(@PathVariable String processor, @PathVariable String sequence) {
        return blocking.call(() -> deadLetters.sequence(processor, sequence));
    }

    @PostMapping("/{processor}/{sequence}/retry")
    Mono<DeadLetters.Retried> retry(@PathVariable String processor, @PathVariable String sequence) {
        return blocking.call(() -> deadLetters.retry(processor, sequence));
    }

    @DeleteMapping("/{processor}/{sequence}")
    Mono<Map<String, Object>> evict(@PathVariable String processor, @PathVariable String sequence) {
        return blocking.call(() -> Map.of("processor", processor, "sequence", sequence,
                "evicted", deadLetters.evict(processor, sequence)));
    }
}

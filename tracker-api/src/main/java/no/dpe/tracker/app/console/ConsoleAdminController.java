package no.dpe.tracker.app.console;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.admin.ReadModels;
import no.dpe.tracker.app.processing.DeadLetters;
import no.dpe.tracker.app.transport.ServiceBusDeadLetters;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import reactor.core.publisher.Mono;

/**
 * The console's pages for what is parked and for the read models: Service Bus dead letters and the processors' dead
 * letters (everyone of the console reads them, an administrator retries or discards), and the read models' progress
 * and rebuild (an administrator's). The same services as {@code /api/admin/...} ({@link ServiceBusDeadLetters},
 * {@link DeadLetters}, {@link ReadModels}), with the same refusals, under the same roles.
 */
@Controller
@RequestMapping("/console")
class ConsoleAdminController {

    private final ServiceBusDeadLetters serviceBus;
    private final DeadLetters processors;
    private final ReadModels readModels;
    private final Blocking blocking;

    ConsoleAdminController(ServiceBusDeadLetters serviceBus, DeadLetters processors, ReadModels readModels,
                           Blocking blocking) {
        this.serviceBus = serviceBus;
        this.processors = processors;
        this.readModels = readModels;
        this.blocking = blocking;
    }

    /** What the page may say was done: {@code done} comes back from an action's redirect. */
    private static final List<String> DONE = List.of("resubmitted", "discarded", "retried", "retry-failed",
            "rebuilding");

    @GetMapping("/dead-letters")
    Mono<String> deadLetters(@RequestParam Optional<String> done, Model model) {
        model.addAttribute("done", done.filter(DONE::contains).orElse(null));
        return blocking.call(() -> {
            model.addAttribute("serviceBusLetters", serviceBus.list());
            model.addAttribute("processorLetters", processors.all());
            return "console/dead-letters";
        });
    }

    @PostMapping("/dead-letters/servicebus/{queue}/{sequenceNumber}/resubmit")
    Mono<ResponseEntity<Void>> resubmit(@PathVariable String queue, @PathVariable long sequenceNumber) {
        return blocking.call(() -> serviceBus.resubmit(queue, sequenceNumber))
                .map(letter -> seeOther("/console/dead-letters?done=resubmitted"));
    }

    @PostMapping("/dead-letters/servicebus/{queue}/{sequenceNumber}/discard")
    Mono<ResponseEntity<Void>> discard(@PathVariable String queue, @PathVariable long sequenceNumber) {
        return blocking.call(() -> serviceBus.discard(queue, sequenceNumber))
                .map(letter -> seeOther("/console/dead-letters?done=discarded"));
    }

    @PostMapping("/dead-letters/processors/{processor}/{sequence}/retry")
    Mono<ResponseEntity<Void>> retry(@PathVariable String processor, @PathVariable String sequence) {
        return blocking.call(() -> processors.retry(processor, sequence))
                .map(retried -> seeOther("/console/dead-letters?done="
                        + (retried.succeeded() ? "retried" : "retry-failed")));
    }

    @PostMapping("/dead-letters/processors/{processor}/{sequence}/evict")
    Mono<ResponseEntity<Void>> evict(@PathVariable String processor, @PathVariable String sequence) {
        return blocking.call(() -> processors.evict(processor, sequence))
                .map(evicted -> seeOther("/console/dead-letters?done=discarded"));
    }

    @GetMapping("/read-models")
    Mono<String> readModels(@RequestParam Optional<String> done, Model model) {
        model.addAttribute("done", done.filter(DONE::contains).orElse(null));
        return blocking.call(() -> {
            model.addAttribute("readModels", readModels.all());
            return "console/read-models";
        });
    }

    @PostMapping("/read-models/{name}/rebuild")
    Mono<ResponseEntity<Void>> rebuild(@PathVariable String name) {
        return blocking.call(() -> readModels.rebuild(name))
                .map(started -> seeOther("/console/read-models?done=rebuilding"));
    }

    /** After an action, back to the page with GET, so a reload does not repeat it. */
    private static ResponseEntity<Void> seeOther(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(location)).build();
    }
}

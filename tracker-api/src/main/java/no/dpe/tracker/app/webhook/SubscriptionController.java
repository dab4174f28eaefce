package no.dpe.tracker.app.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.RequestBodies;
import no.dpe.tracker.app.conversations.QueryParameters;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.projections.Page;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Webhook subscriptions as next-move offers them: {@code /api/subscriptions}. */
@RestController
@RequestMapping("/api/subscriptions")
class SubscriptionController {

    /** A subscription is a few hundred bytes. */
    static final int MAX_BODY = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Subscriptions subscriptions;
    private final Blocking blocking;

    SubscriptionController(Subscriptions subscriptions, Blocking blocking) {
        this.subscriptions = subscriptions;
        this.blocking = blocking;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Subscription> create(@RequestBody Flux<DataBuffer> body) {
        return RequestBodies.bytes(body, MAX_BODY, "subscription")
                .filter(bytes -> bytes.length > 0)
                .mapNotNull(SubscriptionController::request)
                .switchIfEmpty(Mono.error(() -> ClientError.invalid("body", "required", "The subscription is missing")))
                .flatMap(request -> blocking.call(() -> subscriptions.create(request)));
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Page<Subscription>> list(@RequestParam Optional<String> page,
                                  @RequestParam Optional<String> size) {
        int pageNumber = QueryParameters.page(page);
        int pageSize = QueryParameters.size(size);
        return blocking.call(() -> subscriptions.page(pageNumber, pageSize));
    }

    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Subscription> get(@PathVariable long id) {
        return blocking.call(() -> subscriptions.find(id).orElseThrow(() -> notFound(id)));
    }

    /** Removes the subscription; deliveries not made yet are dropped with it. */
    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable long id) {
        return blocking.call(() -> {
            if (!subscriptions.delete(id)) {
                throw notFound(id);
            }
            return ResponseEntity.ok().<Void>build();
        });
    }

    private static Subscriptions.Request request(byte[] body) {
        try {
            return JSON.readValue(body, Subscriptions.Request.class);
        } catch (JsonProcessingException e) {
            throw ClientError.invalid("body", "json", "The subscription is not a JSON object of the expected shape: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
    }

    private static ClientError notFound(long id) {
        return ClientError.notFound("No subscription with id " + id);
    }

}

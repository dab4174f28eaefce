package no.dpe.tracker.app.incoming;

import java.security.Principal;
import java.util.Optional;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.conversations.QueryParameters;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.asic.AsicE;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.message.MessageFilter;
import no.dpe.tracker.projections.message.MessageRow;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The next-move API for receiving: {@code /api/messages/in}. Bodies are the SBDs as received. */
@RestController
@RequestMapping("/api/messages/in")
class IncomingMessageController {

    /** The only service identifier this tracker carries; next-move clients may name it, or another to get nothing. */
    static final String DPE = "DPE";

    private final IncomingMessages messages;
    private final JsonMapper json;
    private final Blocking blocking;

    IncomingMessageController(IncomingMessages messages, JsonMapper json, Blocking blocking) {
        this.messages = messages;
        this.json = json;
        this.blocking = blocking;
    }

    /** Incoming messages, newest first, 10 to a page by default, filtered as next-move filters them. */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Page<JsonNode>> list(@RequestParam Optional<String> conversationId,
                              @RequestParam Optional<String> messageId,
                              @RequestParam Optional<String> process,
                              @RequestParam Optional<String> serviceIdentifier,
                              @RequestParam Optional<String> senderIdentifier,
                              @RequestParam Optional<String> receiverIdentifier,
                              @RequestParam Optional<String> page,
                              @RequestParam Optional<String> size) {
        int pageNumber = QueryParameters.page(page);
        int pageSize = QueryParameters.size(size);
        Optional<MessageFilter> filter = QueryParameters.messages(Direction.INCOMING, conversationId, messageId,
                process, serviceIdentifier, senderIdentifier, receiverIdentifier, Optional.empty());
        if (filter.isEmpty()) {
            return Mono.just(Page.none(pageSize, pageNumber));
        }
        return blocking.call(() -> messages.list(filter.get(), pageNumber, pageSize)
                .map(row -> json.readTree(row.sbd())));
    }

    /** Locks the oldest waiting message that matches for five minutes and returns its SBD; 204 when none. */
    @GetMapping(path = "/peek", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<String>> peek(@RequestParam Optional<String> conversationId,
                                      @RequestParam Optional<String> messageId,
                                      @RequestParam Optional<String> process,
                                      @RequestParam Optional<String> serviceIdentifier,
                                      @RequestParam Optional<String> senderIdentifier,
                                      @RequestParam Optional<String> receiverIdentifier,
                                      Principal caller) {
        Optional<MessageFilter> filter = QueryParameters.messages(Direction.INCOMING, conversationId, messageId,
                process, serviceIdentifier, senderIdentifier, receiverIdentifier, Optional.empty());
        if (filter.isEmpty()) {
            return Mono.just(ResponseEntity.noContent().build());
        }
        return blocking.call(() -> messages.peek(filter.get(), caller.getName())
                .map(message -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(message.sbd()))
                .orElseGet(() -> ResponseEntity.noContent().build()));
    }


    /**
     * The message's package, decrypted: the signed ASiC-E as the sender made it, named {@code asic.zip} as the real
     * integration point names it; 204 for receipts, which carry none.
     */
    @GetMapping("/pop/{messageId}")
    Mono<ResponseEntity<byte[]>> pop(@PathVariable String messageId, Principal caller) {
        return blocking.call(() -> messages.asic(messageId, caller.getName())
                .map(asic -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(AsicE.MIME_TYPE))
                        .header("Content-Disposition", ContentDisposition.attachment()
                                .filename("asic.zip").build().toString())
                        .body(asic))
                .orElseGet(() -> ResponseEntity.noContent().build()));
    }

    /** The fagsystem is done with the message: INNKOMMENDE_LEVERT. Returns its SBD, as next-move does. */
    @DeleteMapping(path = "/{messageId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<String> delete(@PathVariable String messageId, Principal caller) {
        return blocking.call(() -> messages.finish(messageId, caller.getName())).map(MessageRow::sbd);
    }



}

package no.dpe.tracker.app.message;

import java.util.List;
import java.util.Optional;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.RequestBodies;
import no.dpe.tracker.app.conversations.QueryParameters;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.message.MessageFilter;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The next-move API for sending: {@code /api/messages/out}. */
@RestController
@RequestMapping("/api/messages/out")
class OutgoingMessageController {

    /** An SBD is a few kilobytes; anything near this is not one. */
    static final int MAX_SBD_SIZE = 256 * 1024;

    private final OutgoingMessages messages;
    private final JsonMapper json;
    private final Blocking blocking;

    OutgoingMessageController(OutgoingMessages messages, JsonMapper json, Blocking blocking) {
        this.messages = messages;
        this.json = json;
        this.blocking = blocking;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<String> create(@RequestBody Flux<DataBuffer> body) {
        return RequestBodies.text(body, MAX_SBD_SIZE, "SBD")
                .flatMap(json -> blocking.call(() -> messages.create(json)))
                .map(Sbd::toJson);
    }

    /**
     * A file for the message. As next-move, Content-Type and Content-Disposition are both required; the title is
     * {@code ?title=} or else the disposition's name.
     */
    @PutMapping("/{messageId}")
    Mono<FileReference> upload(@PathVariable String messageId,
                               @RequestHeader(value = HttpHeaders.CONTENT_DISPOSITION, required = false)
                               Optional<String> contentDisposition,
                               @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false)
                               Optional<String> contentType,
                               @RequestParam Optional<String> title,
                               @RequestBody Flux<DataBuffer> body) {
        ContentDisposition disposition = parse(contentDisposition.orElseThrow(() -> ClientError.invalid(
                "Content-Disposition", "required", "Content-Disposition must name the file: attachment; name=...; "
                        + "filename=...")));
        String mediaType = contentType.filter(type -> !type.isBlank()).orElseThrow(() -> ClientError.invalid(
                "Content-Type", "required", "Content-Type must say what the file is (e.g. application/json)"));
        return RequestBodies.bytes(body, OutgoingMessages.MAX_FILE_SIZE, "file")
                .flatMap(content -> blocking.call(() -> messages.upload(messageId, new OutgoingMessages.Upload(
                        name(disposition), filename(disposition), mediaType,
                        title.filter(text -> !text.isBlank()).orElse(name(disposition)), content))));
    }

    @PostMapping("/{messageId}")
    Mono<ResponseEntity<Void>> send(@PathVariable String messageId) {
        return blocking.call(() -> {
            messages.send(messageId);
            return ResponseEntity.ok().<Void>build();
        });
    }

    @PostMapping(path = "/multipart", consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<String> createAndSend(ServerWebExchange exchange) {
        return exchange.getMultipartData().flatMap(parts -> {
            Part sbdPart = parts.getFirst("sbd");
            if (sbdPart == null) {
                return Mono.error(ClientError.invalid("sbd", "required", "The multipart request has no part 'sbd'"));
            }
            Mono<String> sbd = sbdPart instanceof FormFieldPart field
                    ? Mono.just(field.value())
                    : RequestBodies.text(sbdPart.content(), MAX_SBD_SIZE, "SBD");
            Mono<List<OutgoingMessages.Upload>> uploads = Flux.fromIterable(parts.entrySet())
                    .filter(entry -> !entry.getKey().equals("sbd"))
                    .flatMap(entry -> Flux.fromIterable(entry.getValue()))
                    .concatMap(OutgoingMessageController::upload)
                    .collectList();
            return Mono.zip(sbd, uploads)
                    .flatMap(both -> blocking.call(() -> messages.createAndSend(both.getT1(), both.getT2())));
        }).map(Sbd::toJson);
    }

    /**
     * Outgoing messages as next-move lists them: a page of their SBDs, newest first, filtered by the real one's
     * parameters ({@code process} is taken as well as {@code processIdentifier}). Their state is at
     * {@code /api/tracker/messages/out}.
     */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Page<JsonNode>> list(@RequestParam Optional<String> conversationId,
                              @RequestParam Optional<String> messageId,
                              @RequestParam Optional<String> processIdentifier,
                              @RequestParam Optional<String> process,
                              @RequestParam Optional<String> senderIdentifier,
                              @RequestParam Optional<String> receiverIdentifier,
                              @RequestParam Optional<String> serviceIdentifier,
                              @RequestParam Optional<String> page,
                              @RequestParam Optional<String> size) {
        int pageNumber = QueryParameters.page(page);
        int pageSize = QueryParameters.size(size);
        Optional<MessageFilter> filter = QueryParameters.messages(Direction.OUTGOING, conversationId, messageId,
                processIdentifier.or(() -> process), serviceIdentifier, senderIdentifier, receiverIdentifier,
                Optional.empty());
        if (filter.isEmpty()) {
            return Mono.just(Page.none(pageSize, pageNumber));
        }
        return blocking.call(() -> messages.list(filter.get(), pageNumber, pageSize)
                .map(row -> json.readTree(row.sbd())));
    }

    /** The message's SBD, as next-move answers it. */
    @GetMapping(path = "/{messageId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<String> get(@PathVariable String messageId) {
        return blocking.call(() -> messages.existing(messageId).sbd());
    }

    private static Mono<OutgoingMessages.Upload> upload(Part part) {
        if (!(part instanceof FilePart file)) {
            return Mono.error(ClientError.invalid(part.name(), "file",
                    "Part '" + part.name() + "' is not a file (it has no filename)"));
        }
        String contentType = Optional.ofNullable(file.headers().getContentType())
                .map(MediaType::toString).orElse(MediaType.APPLICATION_OCTET_STREAM_VALUE);
        return RequestBodies.bytes(file.content(), OutgoingMessages.MAX_FILE_SIZE, "file " + file.name())
                .map(content -> new OutgoingMessages.Upload(file.name(), file.filename(), contentType, null,
                        content));
    }

    private static ContentDisposition parse(String header) {
        ContentDisposition disposition;
        try {
            disposition = ContentDisposition.parse(header);
        } catch (RuntimeException e) {
            // Spring's parser throws more than IllegalArgumentException on some malformed headers
            // (an unterminated quote: StringIndexOutOfBoundsException)
            throw ClientError.invalid("Content-Disposition", "format", "Content-Disposition is malformed: "
                    + e.getMessage());
        }
        if (disposition.getFilename() == null && disposition.getName() == null) {
            throw ClientError.invalid("Content-Disposition", "required",
                    "Content-Disposition must name the file: attachment; name=...; filename=...");
        }
        return disposition;
    }

    private static String name(ContentDisposition disposition) {
        return disposition.getName() != null ? disposition.getName() : disposition.getFilename();
    }

    private static String filename(ContentDisposition disposition) {
        return disposition.getFilename() != null ? disposition.getFilename() : disposition.getName();
    }
}

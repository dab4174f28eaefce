package no.dpe.tracker.app.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.conversations.QueryParameters;
import no.dpe.tracker.app.eventstore.EventPosition;
import no.dpe.tracker.app.keys.Keys;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.packaging.Certificates;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The hash chain for auditors (adr/0015-tamper-evident-history.md): the signed checkpoints, sealing one now, and
 * verification of one conversation or of the whole store. {@code GET /api/audit/checkpoints?heads=true} with the
 * audit export ({@code /api/audit/events}) is what the offline verifier checks, with no database.
 */
@RestController
@RequestMapping("/api/audit")
class AuditChainController {

    /** The checkpoints, with the certificate they are signed with and from where the chain holds. */
    record Checkpoints(String form, String certificate, String certificateFingerprint, String origin,
                       List<CheckpointView> checkpoints) {
    }

    /** A checkpoint; {@code heads} only when asked for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CheckpointView(long number, String position, String sealedAt, long events, long conversations,
                          String root, String previous, String statement, String signature, List<HeadView> heads) {
    }

    /** A conversation's latest event when the checkpoint was sealed (those that changed since the one before). */
    record HeadView(String conversationId, long sequence, String hash) {
    }

    static final String FILE_FORM = "dpe-tracker-checkpoints/1";
    private static final int MAX_LIMIT = 10_000;

    private final CheckpointStore checkpoints;
    private final CheckpointSealer sealer;
    private final StoreVerification verification;
    private final Keys keys;
    private final Blocking blocking;

    AuditChainController(CheckpointStore checkpoints, CheckpointSealer sealer, StoreVerification verification,
                         Keys keys, Blocking blocking) {
        this.checkpoints = checkpoints;
        this.sealer = sealer;
        this.verification = verification;
        this.keys = keys;
        this.blocking = blocking;
    }

    /**
     * The checkpoints after {@code after} (default: from the first), at most {@code limit} (default 1,000); with
     * {@code heads=true} each with the conversations' latest events it sealed: the file the offline verifier takes.
     */
    @GetMapping("/checkpoints")
    Mono<Checkpoints> checkpoints(@RequestParam Optional<String> after, @RequestParam Optional<String> limit,
                                  @RequestParam Optional<Boolean> heads) {
        long from = QueryParameters.position("after", after) + 1;
        long count = limit.filter(text -> !text.isBlank()).isPresent() ? atLeastOne("limit", limit) : 1000;
        if (count > MAX_LIMIT) {
            throw ClientError.invalid("limit", "range", "limit must be 1 to " + MAX_LIMIT + "; was " + count);
        }
        boolean withHeads = heads.orElse(false);
        return blocking.call(() -> {
            List<CheckpointView> views = new ArrayList<>();
            for (Checkpoint checkpoint : checkpoints.between(from, from + count - 1)) {
                views.add(view(checkpoint, withHeads ? checkpoints.headsOf(checkpoint.number()) : null));
            }
            return new Checkpoints(FILE_FORM, Certificates.toPem(keys.ours().certificate()),
                    Checkpoint.fingerprint(keys.ours().certificate()), checkpoints.origin(), views);
        });
    }

    /** Seals the events stored until now (if any wait), so that an export taken next is covered to its end. */
    @PostMapping("/checkpoints")
    Mono<List<CheckpointView>> sealNow() {
        return blocking.call(() -> {
            List<Checkpoint> sealed = sealer.sealAll();
            if (sealed.isEmpty() && sealer.problem() != null) {
                throw ClientError.conflict("checkpoint", "chain-intact", sealer.problem());
            }
            return sealed.stream().map(checkpoint -> view(checkpoint, null)).toList();
        });
    }

    /** One conversation's chain, and the events checkpoints sealed of it. */
    @GetMapping("/conversations/{conversationId}/verify")
    Mono<Verdict> verifyConversation(@PathVariable String conversationId) {
        return blocking.call(() -> verification.verifyConversation(conversationId)
                .orElseThrow(() -> ClientError.notFound("No conversation with id " + conversationId)));
    }

    /**
     * Every event and checkpoint, or those after checkpoint {@code from} up to checkpoint {@code to}; names the first
     * broken link, or says up to which checkpoint the store is intact.
     */
    @GetMapping("/verify")
    Mono<Verdict> verify(@RequestParam Optional<String> from, @RequestParam Optional<String> to) {
        Long start = from.filter(text -> !text.isBlank()).isPresent() ? atLeastOne("from", from) : null;
        Long end = to.filter(text -> !text.isBlank()).isPresent() ? atLeastOne("to", to) : null;
        if (start != null && end != null && end <= start) {
            throw ClientError.invalid("to", "after-from", "to is a checkpoint after from");
        }
        return blocking.call(() -> {
            try {
                return verification.verify(start, end);
            } catch (UnknownCheckpointException e) {
                throw ClientError.notFound(e.getMessage());
            }
        });
    }

    /** A checkpoint number or count: a whole number (as every position of the API is read), and at least one. */
    private static long atLeastOne(String field, Optional<String> value) {
        long number = QueryParameters.position(field, value);
        if (number < 1) {
            throw ClientError.invalid(field, "range", field + " must be 1 or more; was " + number);
        }
        return number;
    }

    private static CheckpointView view(Checkpoint checkpoint, Map<String, MerkleRoot.Leaf> heads) {
        List<HeadView> headViews = heads == null ? null : heads.values().stream()
                .map(leaf -> new HeadView(leaf.aggregateIdentifier(), leaf.sequenceNumber(), leaf.eventHash()))
                .sorted(java.util.Comparator.comparing(HeadView::conversationId))
                .toList();
        return new CheckpointView(checkpoint.number(), EventPosition.id(checkpoint.position()),
                checkpoint.sealedAt().toString(), checkpoint.events(), checkpoint.conversations(), checkpoint.root(),
                checkpoint.previous(), checkpoint.statement(), checkpoint.signature(), headViews);
    }
}

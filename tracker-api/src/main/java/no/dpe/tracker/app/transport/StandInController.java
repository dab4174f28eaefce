package no.dpe.tracker.app.transport;

import java.util.Map;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.TrackerProperties;
import no.dpe.tracker.app.problem.ClientError;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Lets a developer make eInnsyn's stand-in send us an innsynskrav. */
@RestController
class StandInController {

    private final EinnsynStandInHolder standIn;
    private final TrackerProperties tracker;
    private final Blocking blocking;

    StandInController(EinnsynStandInHolder standIn, TrackerProperties tracker, Blocking blocking) {
        this.standIn = standIn;
        this.tracker = tracker;
        this.blocking = blocking;
    }

    @PostMapping("/api/stand-in/innsynskrav")
    Mono<Map<String, String>> sendInnsynskrav(@RequestParam(defaultValue = "innbygger@example.no") String epost) {
        return blocking.call(() -> standIn.standIn()
                        .orElseThrow(() -> ClientError.notFound("eInnsyn's stand-in is off "
                                + "(dpe.tracker.servicebus.einnsyn-stand-in.enabled)"))
                        .sendInnsynskrav(tracker.organisationNumber(), epost))
                .map(sbd -> Map.of("messageId", sbd.messageId().orElseThrow(),
                        "conversationId", sbd.conversationId().orElseThrow()));
    }
}

package no.dpe.tracker.app.deadline;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.app.TrackerApplication;
import no.dpe.tracker.app.message.OutgoingMessages;
import no.dpe.tracker.app.transport.Tracker;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.projections.message.MessageIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deadline is kept in the database, not in memory: a message created before a restart expires after
 * it, although the application was down when the deadline passed.
 */
class DurableDeadlineTest {

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(TrackerApplication.class).run(
                "--server.port=0",
                "--dpe.tracker.data-dir=" + dataDir,
                "--dpe.tracker.deadline-poll-interval=PT0.2S");
    }

    @Test
    void a_deadline_that_passes_while_the_tracker_is_down_fires_after_the_restart() throws Exception {
        Instant deadline;
        Sbd sbd;
        try (ConfigurableApplicationContext before = start()) {
            // the deadline is set once the tracker is up, so start-up time cannot eat it
            deadline = Instant.now().plusSeconds(3);
            sbd = withDeadline(deadline);
            Tracker.asFagsystem(() -> before.getBean(OutgoingMessages.class).create(sbd.toJson()));
            assertThat(status(before, sbd.messageId().orElseThrow())).isEqualTo(MessageStatus.OPPRETTET);
        }
        String messageId = sbd.messageId().orElseThrow();
        while (Instant.now().isBefore(deadline.plusMillis(500))) {
            Thread.sleep(100);
        }

        try (ConfigurableApplicationContext after = start()) {
            Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
            while (status(after, messageId) != MessageStatus.LEVETID_UTLOPT && Instant.now().isBefore(giveUp)) {
                Thread.sleep(100);
            }
            assertThat(status(after, messageId)).isEqualTo(MessageStatus.LEVETID_UTLOPT);
            List<String> types = after.getBean(org.axonframework.eventsourcing.eventstore.EventStore.class)
                    .readEvents(sbd.conversationId().orElseThrow(), 0).asStream()
                    .map(event -> event.getPayloadType().getSimpleName()).toList();
            assertThat(types).containsExactly("MessageCreatedEvent", "MessageStatusRecordedEvent");
        }
    }

    private static Sbd withDeadline(Instant deadline) {
        return Examples.sbd(Examples.PUBLISERING_JOURNALPOST, root -> {
            ObjectNode header = (ObjectNode) root.path("standardBusinessDocumentHeader");
            ((ObjectNode) header.path("documentIdentification"))
                    .put("instanceIdentifier", UUID.randomUUID().toString());
            ObjectNode scope = (ObjectNode) header.path("businessScope").path("scope").path(0);
            scope.put("instanceIdentifier", UUID.randomUUID().toString());
            scope.putArray("scopeInformation").addObject().put("expectedResponseDateTime",
                    OffsetDateTime.ofInstant(deadline, ZoneOffset.UTC).toString());
        });
    }

    private static MessageStatus status(ConfigurableApplicationContext context, String messageId) {
        return context.getBean(MessageIndex.class).find(messageId, Direction.OUTGOING).orElseThrow().status();
    }
}

package no.dpe.tracker.app.conversation;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.app.TrackerApplication;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.CreateMessageCommand;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one database deciding on one conversation at once append the same sequence number; the
 * command gateway retries the loser, which reloads the conversation, so the clash never reaches the caller
 * (ADR 0008). Within one node Axon's repository locks the aggregate, so the race needs two: here two
 * application contexts on one H2 database.
 */
class ConcurrentCommandsTest {

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext node() {
        return new SpringApplicationBuilder(TrackerApplication.class).run("--server.port=0",
                "--dpe.tracker.data-dir=" + dataDir,
                "--dpe.tracker.servicebus.einnsyn-stand-in.enabled=false",
                // two nodes: each reads the conversation afresh, as the postgres profile has it
                "--dpe.tracker.aggregate-cache=false");
    }

    @Test
    void commands_racing_on_one_conversation_from_two_nodes_all_succeed_and_each_is_recorded_once()
            throws Exception {
        Sbd template = Examples.sbd(Examples.PUBLISERING_JOURNALPOST, root -> ((ObjectNode) root
                .path("standardBusinessDocumentHeader").path("businessScope").path("scope").path(0))
                .putArray("scopeInformation").addObject().put("expectedResponseDateTime",
                        OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).withNano(0).toString()));
        MessageDetails details = MessageDetails.of(template, Instant.now().plusSeconds(86_400));
        String conversationId = UUID.randomUUID().toString();
        int racers = 16;
        try (ConfigurableApplicationContext a = node(); ConfigurableApplicationContext b = node()) {
            List<CommandGateway> nodes = List.of(a.getBean(CommandGateway.class), b.getBean(CommandGateway.class));
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(racers);
            List<Future<Object>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                CommandGateway commands = nodes.get(i % 2);
                results.add(threads.submit(() -> {
                    start.await();
                    return commands.sendAndWait(new CreateMessageCommand(conversationId,
                            UUID.randomUUID().toString(), details, template.json(), Instant.now()),
                            Actor.tracker("test").metaData());
                }));
            }
            start.countDown();
            for (Future<Object> result : results) {
                result.get();
            }
            threads.shutdown();

            assertThat(a.getBean(EventStore.class).readEvents(conversationId, 0).asStream().count())
                    .isEqualTo(racers);
        }
    }
}

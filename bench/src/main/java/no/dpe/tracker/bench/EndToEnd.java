package no.dpe.tracker.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import no.dpe.tracker.app.actor.Caller;
import no.dpe.tracker.app.message.OutgoingMessages;
import no.dpe.tracker.app.transport.EinnsynStandInHolder;
import no.dpe.tracker.app.transport.EmbeddedServiceBus;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.emulator.ServiceBusEmulator;
import no.dpe.tracker.gateway.WireMessage;
import no.dpe.tracker.gateway.standin.EinnsynStandIn;
import no.dpe.tracker.gateway.outbound.OutboundMessages;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import no.dpe.tracker.app.keys.Keys;
import no.dpe.tracker.packaging.DpePackages;
import no.dpe.tracker.packaging.PackagedFile;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * End to end on the embedded default: our fagsystem creates a publisering, uploads its file and sends it
 * (OutgoingMessages, the service behind POST/PUT/POST /api/messages/out), the outbound processor publishes it
 * to the in-process emulator, eInnsyn's stand-in answers MOTTATT, LEVERT and a kvittering, and our inbound
 * receiver records them. Each client thread keeps one conversation in flight (a closed loop); the latency is
 * from the create call to the commit of LEVERT at the sender (seen by a listener on the event bus, taken after
 * the commit). The baseline is the same emulator with the bare SDK: a request, a processor that answers it
 * with three replies as the stand-in does, a processor that takes the replies, at the same concurrency.
 */
final class EndToEnd {

    private static final int WARM_UP = 100;
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Actor FAGSYSTEM = Actor.user("fagsystem", "FAGSYSTEM", null, null);

    private EndToEnd() {
    }

    static void run() throws Exception {
        int conversations = Settings.integer("bench.e2e-conversations", 2000);
        int threads = Settings.integer("bench.e2e-threads", 16);
        try (Database.Store store = Database.H2.fresh("e2e");
             // the stand-in answers at once, as the bare-SDK baseline's answerer does
             Tracker tracker = Tracker.start(store, "--dpe.tracker.servicebus.einnsyn-stand-in.answer-pause=PT0S")) {
            OutgoingMessages outgoing = tracker.bean(OutgoingMessages.class);
            Map<String, CompletableFuture<Long>> levert = new ConcurrentHashMap<>();
            tracker.bean(EventStore.class).subscribe(events -> {
                for (EventMessage<?> event : events) {
                    if (event.getPayload() instanceof MessageStatusRecordedEvent status
                            && status.direction() == Direction.OUTGOING
                            && status.currentStatus() == MessageStatus.LEVERT && !status.late()) {
                        CompletableFuture<Long> done = levert.get(status.messageId());
                        if (done != null) {
                            CurrentUnitOfWork.get().afterCommit(unitOfWork -> done.complete(System.nanoTime()));
                        }
                    }
                }
            });
            Flow tracked = message -> {
                Publiserings.Publisering publisering = Publiserings.next();
                CompletableFuture<Long> done = new CompletableFuture<>();
                levert.put(publisering.messageId(), done);
                long start = System.nanoTime();
                createAndSend(outgoing, publisering);
                long end = done.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                levert.remove(publisering.messageId());
                return end - start;
            };
            run(tracked, threads, WARM_UP);
            long[] latencies = new long[conversations];
            double seconds = run(tracked, threads, conversations, latencies);
            Report.progress("end to end: %d conversations in %.1f s, %s", conversations, seconds,
                    Report.percentiles(latencies));

            ServiceBusEmulator emulator = tracker.bean(EmbeddedServiceBus.class).emulator().orElseThrow(
                    () -> new IllegalStateException("the tracker did not start its embedded emulator"));
            try (BareRoundTrip bare = new BareRoundTrip(emulator)) {
                run(bare, threads, WARM_UP);
                long[] bareLatencies = new long[conversations];
                double bareSeconds = run(bare, threads, conversations, bareLatencies);
                Report.row("end to end, embedded default (H2 file, in-process emulator, eInnsyn stand-in): create + "
                                + "upload + send a publisering → LEVERT recorded at the sender; " + threads
                                + " client threads, one conversation in flight each, " + conversations + " conversations",
                        Report.rate(conversations / seconds) + " conversations/s; " + Report.percentiles(latencies),
                        "bare SDK round trip through the same emulator (request → processor answering with 3 "
                                + "replies as the stand-in does → reply processor), same threads: "
                                + Report.rate(conversations / bareSeconds) + " round trips/s; "
                                + Report.percentiles(bareLatencies),
                        Report.ratio(conversations / seconds, conversations / bareSeconds),
                        Report.Goal.ratioAtLeast(bareSeconds / seconds, 0.6, "vs the bare SDK"));
            }
            cryptography(tracker.bean(Keys.class), conversations / seconds);
            outboundBacklog(tracker, outgoing, emulator, conversations / 2, threads);
        }
    }

    /** Creates, uploads and sends as the fagsystem's requests do: with their caller, whom the commands name. */
    private static void createAndSend(OutgoingMessages outgoing, Publiserings.Publisering publisering) throws Exception {
        Caller.as(FAGSYSTEM, () -> {
            outgoing.create(Publiserings.json(publisering.conversationId(), publisering.messageId()));
            outgoing.upload(publisering.messageId(), new OutgoingMessages.Upload("journalpost.json",
                    "journalpost.json", "application/json", null, ("{\"tittel\": \"Vedtak "
                    + publisering.messageId() + "\"}").getBytes(StandardCharsets.UTF_8)));
            outgoing.send(publisering.messageId());
            return null;
        });
    }

    /**
     * The outbound processor on a backlog, as after a restart or a Service Bus outage: publiseringer queued while it
     * was stopped, then published (sealed, sent) and SENDT recorded once it starts, the stand-in resting meanwhile
     * (it is left stopped: the phase ends with this).
     * The baseline is the bare SDK sending as many messages of the same size to a queue of the same emulator in SDK
     * batches of 100, the floor of that transport.
     */
    private static void outboundBacklog(Tracker tracker, OutgoingMessages outgoing, ServiceBusEmulator emulator,
                                        int count, int threads) throws Exception {
        EventProcessor outbound = tracker.bean(EventProcessingConfiguration.class)
                .eventProcessor(OutboundMessages.PROCESSING_GROUP).orElseThrow();
        Set<String> waiting = ConcurrentHashMap.newKeySet();
        CountDownLatch sent = new CountDownLatch(count);
        tracker.bean(EventStore.class).subscribe(events -> {
            for (EventMessage<?> event : events) {
                if (event.getPayload() instanceof MessageStatusRecordedEvent status
                        && status.status() == MessageStatus.SENDT && waiting.remove(status.messageId())) {
                    CurrentUnitOfWork.get().afterCommit(unitOfWork -> sent.countDown());
                }
            }
        });
        outbound.shutDown();
        run(index -> {
            Publiserings.Publisering publisering = Publiserings.next();
            waiting.add(publisering.messageId());
            createAndSend(outgoing, publisering);
            return 0;
        }, threads, count);
        // eInnsyn's stand-in rests meanwhile: what is measured is the outbound processor's work, not the answers'
        tracker.bean(EinnsynStandInHolder.class).standIn().ifPresent(EinnsynStandIn::stop);
        long start = System.nanoTime();
        outbound.start();
        if (!sent.await(PATIENCE.toSeconds() * 5, TimeUnit.SECONDS)) {
            throw new IllegalStateException(sent.getCount() + " of " + count + " queued publiseringer not SENDT");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Report.progress("outbound backlog: %d publiseringer SENDT in %.1f s", count, seconds);

        int bodySize = publiseringOnTheWire(tracker.bean(Keys.class));
        String queue = "bench-backlog";
        emulator.declareQueue(queue);
        byte[] body = new byte[bodySize];
        Arrays.fill(body, (byte) 'x');
        double bareSeconds;
        try (ServiceBusSenderClient sender = new ServiceBusClientBuilder()
                .connectionString(emulator.connectionString()).sender().queueName(queue).buildClient()) {
            long bareStart = System.nanoTime();
            for (int from = 0; from < count; from += 100) {
                List<ServiceBusMessage> batch = new ArrayList<>();
                for (int i = from; i < Math.min(count, from + 100); i++) {
                    batch.add(new ServiceBusMessage(body).setMessageId("backlog-" + i));
                }
                sender.sendMessages(batch);
            }
            bareSeconds = (System.nanoTime() - bareStart) / 1e9;
        }
        Report.row("outbound backlog, embedded default: " + count + " publiseringer queued while the outbound "
                        + "processor was stopped, then sealed, published and SENDT recorded (the stand-in resting)",
                Report.rate(count / seconds) + " publiseringer/s (" + String.format(Locale.ROOT, "%.1f", seconds)
                        + " s)",
                "bare SDK: as many " + bodySize + "-byte messages to the same emulator, SDK batches of 100: "
                        + Report.rate(count / bareSeconds) + " messages/s",
                Report.ratio(count / seconds, count / bareSeconds));
    }

    /** The size of the bench's publisering as it travels: the SBD and its sealed package, base64 twice. */
    private static int publiseringOnTheWire(Keys keys) {
        Publiserings.Publisering publisering = Publiserings.next();
        DpePackages agency = keys.ourPackages();
        byte[] sealed = agency.seal(Tracker.ORGANISATION, Publiserings.EINNSYN, List.of(new PackagedFile(
                        "journalpost.json", "application/json", ("{\"tittel\": \"Vedtak " + publisering.messageId()
                        + "\"}").getBytes(StandardCharsets.UTF_8))),
                new DpePackages(keys.standIn().orElseThrow()).key().certificate());
        return new WireMessage(publisering.sbd(), sealed).toBytes().length;
    }

    /**
     * What the packages cost: the agency seals the bench's journalpost (eFormidling's manifest, CAdES signature,
     * CMS to eInnsyn's certificate) and eInnsyn's stand-in opens it (decrypt, verify), on one thread, with the keys
     * the end-to-end run used. Set beside the end-to-end rate: the share of the machine's cores that much
     * cryptography takes at that rate.
     */
    private static void cryptography(Keys keys, double conversationsPerSecond) {
        DpePackages agency = keys.ourPackages();
        DpePackages einnsyn = new DpePackages(keys.standIn().orElseThrow());
        List<PackagedFile> files = List.of(new PackagedFile("journalpost.json", "application/json",
                "{\"tittel\": \"Vedtak i sak 2026/1\"}".getBytes(StandardCharsets.UTF_8)));
        int count = 500;
        long[] latencies = new long[count];
        for (int i = 0; i < 200; i++) {
            einnsyn.open(agency.seal(Tracker.ORGANISATION, Publiserings.EINNSYN, files, einnsyn.key().certificate()));
        }
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long one = System.nanoTime();
            einnsyn.open(agency.seal(Tracker.ORGANISATION, Publiserings.EINNSYN, files, einnsyn.key().certificate()));
            latencies[i] = System.nanoTime() - one;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double perPackageSeconds = seconds / count;
        int cores = Runtime.getRuntime().availableProcessors();
        Report.row("cryptography per publisering: the agency seals it (manifest, CAdES signature, CMS to eInnsyn) "
                        + "and eInnsyn opens it (decrypt, verify), one thread, " + count + " packages",
                Report.rate(count / seconds) + " packages/s; " + Report.percentiles(latencies),
                "the end-to-end rate above, " + Report.rate(conversationsPerSecond) + " conversations/s, needs "
                        + String.format(Locale.ROOT, "%.2f", perPackageSeconds * conversationsPerSecond)
                        + " cores of cryptography (of " + cores + ")",
                Report.ratio(perPackageSeconds * conversationsPerSecond, cores));
    }

    /** One conversation, start to finish; returns its latency in nanoseconds. */
    interface Flow {
        long run(int index) throws Exception;
    }

    private static double run(Flow flow, int threads, int count) throws Exception {
        return run(flow, threads, count, new long[count]);
    }

    private static double run(Flow flow, int threads, int count, long[] latencies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> clients = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                clients.add(pool.submit(() -> {
                    int index;
                    while ((index = next.getAndIncrement()) < count) {
                        latencies[index] = flow.run(index);
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
            return (System.nanoTime() - start) / 1e9;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The emulator's own round trip: the client sends a request of a publisering's size; an answering processor
     * (peek-lock, 16 concurrent calls, like the stand-in) sends three replies of a status message's size one by
     * one and completes the request; a reply processor (peek-lock, 4 concurrent calls, like the tracker's inbound
     * receiver) completes each reply, and the second reply ("LEVERT") ends the round trip.
     */
    private static final class BareRoundTrip implements Flow, AutoCloseable {

        private static final String REQUESTS = "bench-request";
        private static final String REPLIES = "bench-reply";

        private final Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
        private final ServiceBusSenderClient requests;
        private final ServiceBusSenderClient replies;
        private final ServiceBusProcessorClient answerer;
        private final ServiceBusProcessorClient receiver;
        private final byte[] requestBody = body(3_000);
        private final byte[] replyBody = body(1_200);

        BareRoundTrip(ServiceBusEmulator emulator) {
            emulator.declareQueue(REQUESTS);
            emulator.declareQueue(REPLIES);
            ServiceBusClientBuilder clients = new ServiceBusClientBuilder()
                    .connectionString(emulator.connectionString());
            requests = clients.sender().queueName(REQUESTS).buildClient();
            replies = clients.sender().queueName(REPLIES).buildClient();
            answerer = clients.processor().queueName(REQUESTS).receiveMode(ServiceBusReceiveMode.PEEK_LOCK)
                    .disableAutoComplete().maxConcurrentCalls(16)
                    .processMessage(context -> {
                        String id = context.getMessage().getMessageId();
                        for (String reply : List.of("MOTTATT", "LEVERT", "kvittering")) {
                            replies.sendMessage(new ServiceBusMessage(replyBody).setMessageId(id + ":" + reply)
                                    .setCorrelationId(id).setSubject(reply));
                        }
                        context.complete();
                    })
                    .processError(context -> Report.progress("answerer: %s", context.getException()))
                    .buildProcessorClient();
            receiver = clients.processor().queueName(REPLIES).receiveMode(ServiceBusReceiveMode.PEEK_LOCK)
                    .disableAutoComplete().maxConcurrentCalls(4)
                    .processMessage(context -> {
                        context.complete();
                        if ("LEVERT".equals(context.getMessage().getSubject())) {
                            CompletableFuture<Long> done = waiting.remove(context.getMessage().getCorrelationId());
                            if (done != null) {
                                done.complete(System.nanoTime());
                            }
                        }
                    })
                    .processError(context -> Report.progress("reply receiver: %s", context.getException()))
                    .buildProcessorClient();
            answerer.start();
            receiver.start();
        }

        @Override
        public long run(int index) throws Exception {
            String id = java.util.UUID.randomUUID().toString();
            CompletableFuture<Long> done = new CompletableFuture<>();
            waiting.put(id, done);
            long start = System.nanoTime();
            requests.sendMessage(new ServiceBusMessage(requestBody).setMessageId(id));
            return done.get(PATIENCE.toSeconds(), TimeUnit.SECONDS) - start;
        }

        private static byte[] body(int size) {
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) 'x');
            return body;
        }

        @Override
        public void close() {
            answerer.close();
            receiver.close();
            requests.close();
            replies.close();
        }
    }
}

package no.dpe.tracker.app;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP requests do not wait on Reactor's shared pool for blocking work, where the Azure SDK runs its receivers'
 * handlers (which block while a message is recorded, and up to 30 s between tries through an outage). With every
 * thread of that pool blocked, as a burst of Service Bus messages can leave it, the tracker still answers: a login,
 * a lookup, a multipart send whose file is large enough to go to a temporary file while it is read, and the health
 * check that an orchestrator would restart the node on.
 */
class RequestThreadsTest extends TrackerTest {

    private static final Duration BLOCKED_POOL_PATIENCE = Duration.ofSeconds(10);

    @Test
    void requests_are_answered_while_every_thread_of_reactors_shared_pool_is_blocked() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try {
            occupyEveryThreadOfTheSharedPool(release);
            WebTestClient support = as(User.SUPPORT).mutate().responseTimeout(BLOCKED_POOL_PATIENCE).build();
            WebTestClient fagsystem = http.mutate().responseTimeout(BLOCKED_POOL_PATIENCE).build();

            support.get().uri("/api/support/conversations").exchange().expectStatus().isOk();

            Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
            byte[] file = new byte[400 * 1024];
            Arrays.fill(file, (byte) 'x');
            MultipartBodyBuilder parts = new MultipartBodyBuilder();
            parts.part("sbd", sbd.toJson(), MediaType.APPLICATION_JSON);
            // bytes, not a Resource: the test's own client reads a Resource on the shared pool
            parts.part("journalpost.json", file, MediaType.APPLICATION_OCTET_STREAM).filename("journalpost.json");
            fagsystem.post().uri("/api/messages/out/multipart").contentType(MediaType.MULTIPART_FORM_DATA)
                    .body(BodyInserters.fromMultipartData(parts.build()))
                    .exchange().expectStatus().isOk();
            fagsystem.get().uri("/api/messages/out/{id}", sbd.messageId().orElseThrow()).exchange()
                    .expectStatus().isOk();

            // the health check, each of its parts (the database's, disk space, ours) run blocking; the whole may be
            // WARNING (200) here, where other tests' parked events share this tracker
            as(User.ADMIN).mutate().responseTimeout(BLOCKED_POOL_PATIENCE).build()
                    .get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.components.db.status").isEqualTo("UP")
                    .jsonPath("$.components.diskSpace.status").isEqualTo("UP")
                    .jsonPath("$.components.serviceRegistry.status").exists()
                    .jsonPath("$.components.deadLetters.status").exists();
            fagsystem.get().uri("/actuator/health").exchange().expectStatus().isOk();
        } finally {
            release.countDown();
        }
    }

    /**
     * Gives each thread of Reactor's shared pool ({@code boundedElastic}) a task that blocks until {@code release}.
     * A task the pool queues behind a busy thread instead of starting is left queued; another is given until every
     * thread runs one of these.
     */
    private static void occupyEveryThreadOfTheSharedPool(CountDownLatch release) throws InterruptedException {
        int size = Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE;
        Set<Thread> blocked = ConcurrentHashMap.newKeySet();
        for (int given = 0; blocked.size() < size && given < 10 * size; given++) {
            CountDownLatch started = new CountDownLatch(1);
            Schedulers.boundedElastic().schedule(() -> {
                blocked.add(Thread.currentThread());
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            started.await(1, TimeUnit.SECONDS);
        }
        assertThat(blocked).as("threads of the shared pool blocked").hasSize(size);
    }
}

package no.dpe.tracker.app.message;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many fagsystem requests at once over HTTP, racing on what they share: identical file content, one file name,
 * one message. Every request is answered with a success or a client error, and what was answered with a success
 * exists, was sent once, and leaves; nothing that lost a race stays behind to stall what comes after. Run on H2
 * and (in a subclass) on PostgreSQL, whose failed statements abort their transaction.
 */
abstract class SendingUnderContentionTest extends TrackerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LEFT = Set.of("SENDT", "MOTTATT", "LEVERT");

    private final ExecutorService clients = Executors.newFixedThreadPool(40);

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void multipart_sends_racing_on_identical_file_content_are_all_recorded_once_and_sent() throws Exception {
        List<Sbd> messages = IntStream.range(0, 80).mapToObj(i -> fresh(Examples.PUBLISERING_JOURNALPOST)).toList();

        List<Integer> answers = all(messages, sbd -> multipart(sbd, content(messages.indexOf(sbd) / 2)));

        assertThat(answers).as("the answers to 80 multipart sends, in pairs with identical file content")
                .containsOnly(200);
        for (Sbd sbd : messages) {
            assertRecordedOnceAndLeaves(sbd);
        }
    }

    @Test
    void uploads_racing_on_identical_content_are_all_kept_and_sent() throws Exception {
        List<Sbd> messages = IntStream.range(0, 40).mapToObj(i -> fresh(Examples.PUBLISERING_JOURNALPOST)).toList();
        messages.forEach(this::create);
        byte[] shared = content(-1);

        List<Integer> answers = all(messages, sbd -> upload(sbd.messageId().orElseThrow(), "journalpost.json", shared));

        assertThat(answers).containsOnly(200);
        assertThat(all(messages, this::send)).containsOnly(200);
        for (Sbd sbd : messages) {
            assertRecordedOnceAndLeaves(sbd);
        }
    }

    @Test
    void one_file_name_uploaded_twice_at_once_is_kept_once_and_the_other_upload_is_a_conflict() throws Exception {
        List<Sbd> messages = IntStream.range(0, 20).mapToObj(i -> fresh(Examples.PUBLISERING_JOURNALPOST)).toList();
        messages.forEach(this::create);
        List<Integer> twice = IntStream.range(0, 2 * messages.size()).boxed().toList();

        List<Integer> answers = all(twice, i -> upload(messages.get(i / 2).messageId().orElseThrow(),
                "journalpost.json", content(i)));

        assertThat(answers.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())))
                .as("one success and one 409 problem for each message")
                .containsExactlyInAnyOrderEntriesOf(Map.of(200, 20L, 409, 20L));
        for (Sbd sbd : messages) {
            JsonNode view = view(sbd);
            assertThat(view.path("files")).hasSize(1);
            assertThat(send(sbd)).isEqualTo(200);
            assertRecordedOnceAndLeaves(sbd);
        }
    }

    @Test
    void ordinary_sends_after_a_race_retried_as_a_client_would_all_leave() throws Exception {
        List<Sbd> racing = IntStream.range(0, 40).mapToObj(i -> fresh(Examples.PUBLISERING_JOURNALPOST)).toList();
        all(racing, sbd -> {
            int status = 500;
            for (int attempt = 0; attempt < 3 && status >= 500; attempt++) {
                status = multipart(sbd, content(racing.indexOf(sbd) / 2), false);
            }
            return status;
        });
        List<Sbd> ordinary = IntStream.range(0, 40).mapToObj(i -> fresh(Examples.PUBLISERING_JOURNALPOST)).toList();

        List<Integer> answers = all(ordinary, sbd -> {
            create(sbd);
            upload(sbd.messageId().orElseThrow(), "journalpost.json", content(1000 + ordinary.indexOf(sbd)));
            return send(sbd);
        });

        assertThat(answers).containsOnly(200);
        for (Sbd sbd : ordinary) {
            assertRecordedOnceAndLeaves(sbd);
        }
    }

    private void assertRecordedOnceAndLeaves(Sbd sbd) throws Exception {
        String messageId = sbd.messageId().orElseThrow();
        List<String> types = new ArrayList<>();
        for (JsonNode event : history(sbd)) {
            if (messageId.equals(event.path("payload").path("messageId").asText())) {
                types.add(event.path("type").asText());
            }
        }
        assertThat(types).as("the events of message %s", messageId)
                .containsOnlyOnce("MessageCreatedEvent", "MessageQueuedForSendingEvent")
                .filteredOn("MessageCreatedEvent"::equals).hasSize(1);
        assertThat(types).filteredOn("MessageQueuedForSendingEvent"::equals).hasSize(1);
        Instant giveUp = Instant.now().plus(PATIENCE);
        String status = view(sbd).path("status").asText();
        while (!LEFT.contains(status) && Instant.now().isBefore(giveUp)) {
            Thread.sleep(100);
            status = view(sbd).path("status").asText();
        }
        assertThat(status).as("the status of message %s", messageId).isIn(LEFT);
    }

    /** Makes every request at once, each on a thread of its own, and returns their answers in order. */
    private <T> List<Integer> all(List<T> requests, ThrowingFunction<T, Integer> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (T each : requests) {
            Callable<Integer> call = () -> {
                start.await();
                return request.apply(each);
            };
            answers.add(clients.submit(call));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }
        return statuses;
    }

    private interface ThrowingFunction<T, R> {
        R apply(T t) throws Exception;
    }

    private static byte[] content(int n) {
        return ("{\"journalpost\": \"identical content " + n + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private int multipart(Sbd sbd, byte[] file) {
        return multipart(sbd, file, true);
    }

    private int multipart(Sbd sbd, byte[] file, boolean failOnServerError) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        parts.part("sbd", sbd.toJson(), MediaType.APPLICATION_JSON);
        parts.part("journalpost.json", new ByteArrayResource(file) {
            @Override
            public String getFilename() {
                return "journalpost.json";
            }
        }, MediaType.APPLICATION_JSON);
        EntityExchangeResult<String> result = http.post().uri("/api/messages/out/multipart")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(BodyInserters.fromMultipartData(parts.build())).exchange()
                .expectBody(String.class).returnResult();
        return failOnServerError ? status(result) : result.getStatus().value();
    }

    private void create(Sbd sbd) {
        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange().expectStatus().isOk();
    }

    private int upload(String messageId, String name, byte[] content) {
        return status(http.put().uri("/api/messages/out/{id}?title=Journalpost", messageId)
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; name=" + name + "; filename=" + name)
                .bodyValue(content).exchange().expectBody(String.class).returnResult());
    }

    private int send(Sbd sbd) {
        return status(http.post().uri("/api/messages/out/{id}", sbd.messageId().orElseThrow()).exchange()
                .expectBody(String.class).returnResult());
    }

    /** The answer's status; a server error fails the test at once, with what the server said. */
    private static int status(EntityExchangeResult<String> result) {
        assertThat(result.getStatus().is5xxServerError())
                .as("%s answered %s: %s", result.getUrl(), result.getStatus(), result.getResponseBody())
                .isFalse();
        return result.getStatus().value();
    }

    private JsonNode view(Sbd sbd) throws Exception {
        return JSON.readTree(http.get().uri("/api/tracker/messages/out/{id}", sbd.messageId().orElseThrow()).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private JsonNode history(Sbd sbd) throws Exception {
        return JSON.readTree(as(User.AUDITOR).get().uri("/api/conversations/{id}/events",
                        sbd.conversationId().orElseThrow()).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }
}

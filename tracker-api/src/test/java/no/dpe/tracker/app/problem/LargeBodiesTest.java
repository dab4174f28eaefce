package no.dpe.tracker.app.problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that writes its whole body before it reads the answer, as Java's HttpURLConnection and Python's urllib
 * do, gets the 413 problem for a body over the limit, not a connection reset halfway through writing it.
 */
class LargeBodiesTest extends TrackerTest {

    static final int SIX_MB = 6 * 1024 * 1024;

    @LocalServerPort
    int port;

    record Answer(int status, String contentType, String body) {
    }

    /** Writes all of {@code body} first, then reads the answer, as HttpURLConnection in streaming mode does. */
    Answer send(String method, String path, Map<String, String> headers, byte[] body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + path).toURL()
                .openConnection();
        connection.setRequestMethod(method);
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length);
        connection.setRequestProperty("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("fagsystem:fagsystem-password".getBytes(StandardCharsets.UTF_8)));
        headers.forEach(connection::setRequestProperty);
        try (OutputStream out = connection.getOutputStream()) {
            for (int offset = 0; offset < body.length; offset += 64 * 1024) {
                out.write(body, offset, Math.min(64 * 1024, body.length - offset));
            }
        }
        int status = connection.getResponseCode();
        InputStream answer = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        String text = answer == null ? "" : new String(answer.readAllBytes(), StandardCharsets.UTF_8);
        return new Answer(status, connection.getContentType(), text);
    }

    static byte[] filled(int size, char with) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) with);
        return bytes;
    }

    @Test
    void a_six_megabyte_file_written_before_the_answer_is_read_gets_the_413_problem() throws Exception {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange().expectStatus().isOk();

        Answer answer = send("PUT", "/api/messages/out/" + sbd.messageId().orElseThrow(), Map.of(
                "Content-Type", "application/pdf",
                "Content-Disposition", "attachment; name=big.pdf; filename=big.pdf"), filled(SIX_MB, 'x'));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(answer.body()).contains("max-size");
    }

    @Test
    void a_six_megabyte_sbd_written_before_the_answer_is_read_gets_the_413_problem() throws Exception {
        Answer answer = send("POST", "/api/messages/out", Map.of("Content-Type", "application/json"),
                filled(SIX_MB, ' '));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    }

    @Test
    void a_six_megabyte_subscription_written_before_the_answer_is_read_gets_the_413_problem() throws Exception {
        Answer answer = send("POST", "/api/subscriptions", Map.of("Content-Type", "application/json"),
                filled(SIX_MB, ' '));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    }

    @Test
    void a_six_megabyte_upload_refused_for_its_headers_gets_its_400_problem() throws Exception {
        Answer answer = send("PUT", "/api/messages/out/" + java.util.UUID.randomUUID(),
                Map.of("Content-Type", "application/pdf"), filled(SIX_MB, 'x'));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        assertThat(answer.body()).contains("Content-Disposition");
    }

    @Test
    void a_six_megabyte_multipart_send_written_before_the_answer_is_read_gets_the_413_problem() throws Exception {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        String boundary = "dpe-tracker-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"sbd\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + sbd.toJson() + "\r\n--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"big.pdf\"; filename=\"big.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + SIX_MB + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        java.util.Arrays.fill(body, head.length, head.length + SIX_MB, (byte) 'x');
        System.arraycopy(tail, 0, body, head.length + SIX_MB, tail.length);

        Answer answer = send("POST", "/api/messages/out/multipart",
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary), body);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.contentType()).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    }
}

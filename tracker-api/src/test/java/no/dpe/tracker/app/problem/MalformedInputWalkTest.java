package no.dpe.tracker.app.problem;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.TrackerTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks every operation of the OpenAPI document with malformed path ids, query parameters, bodies, content types and
 * headers, as the caller whose role the operation needs: every answer is below 500, and every refusal an RFC 7807
 * problem. The document is the tracker's own, so an operation added later is walked too.
 */
class MalformedInputWalkTest extends TrackerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Ids no conversation or message has: empty-ish, too long, path tricks, wrong types, control characters. */
    static final List<String> BAD_IDS = List.of("%20", "x".repeat(300), "..%2F..%2Fetc%2Fpasswd", "%00", "-1",
            "99999999999999999999999", "%E2%98%83", "a%2Fb", "'%3B%20DROP%20TABLE%20message_index%3B--", "null");

    /** Values no query parameter of the API takes as meant: wrong types, out of range, malformed dates. */
    static final List<String> BAD_VALUES = List.of("", "x", "-1", "0", "99999999999999999999", "1.5", "true",
            "2026-13-45T99:99:99Z", "2026-11-30", "P1Y-1D", "%00", "x".repeat(3000), "INNKOMMENDE_MOTTATT,,",
            "urn:no:difi:profile:nothing");

    /** Bodies that are not what any operation takes. */
    static final List<String> BAD_BODIES = List.of("", "{", "[]", "null", "\"text\"", "{\"sbd\": 1}",
            "{\"standardBusinessDocumentHeader\": []}", "[".repeat(5000), "\u0000\u0001\u0002", "{\"a\":1}".repeat(2));

    static final List<String> CONTENT_TYPES = List.of("application/json", "text/plain", "application/xml",
            "multipart/form-data", "multipart/form-data; boundary=x", "application/json; charset=nope", "garbage",
            "application/octet-stream");

    @LocalServerPort
    int port;

    final HttpClient client = newClient();
    final List<String> failures = new ArrayList<>();
    int tried;

    @Test
    void every_operation_answers_malformed_input_with_a_4xx_problem_and_never_500() throws Exception {
        JsonNode document = JSON.readTree(call("GET", "/v3/api-docs", "admin", null, null, Map.of()).body());
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
            while (operations.hasNext()) {
                Map.Entry<String, JsonNode> operation = operations.next();
                walk(operation.getKey().toUpperCase(), path.getKey(), operation.getValue());
            }
        }

        System.out.printf("Malformed-input walk: %d requests over %d paths, %d answered 500 or without a problem%n",
                tried, document.path("paths").size(), failures.size());
        assertThat(tried).as("requests tried").isGreaterThan(1000);
        assertThat(failures).as("answers of 500 or more, or refusals that are not problems").isEmpty();
    }

    private void walk(String method, String template, JsonNode operation) throws Exception {
        String user = userFor(template);
        List<String> queryNames = new ArrayList<>();
        List<String> headerNames = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            switch (parameter.path("in").asText()) {
                case "query" -> queryNames.add(parameter.path("name").asText());
                case "header" -> headerNames.add(parameter.path("name").asText());
                default -> {
                }
            }
        }
        boolean takesBody = operation.has("requestBody");

        for (String id : BAD_IDS) {
            expectNoServerError(method, template.replaceAll("\\{[^}]+}", id), user, null, null, Map.of());
        }
        String path = template.replaceAll("\\{[^}]+}", "no-such-id");
        for (String name : queryNames) {
            for (String value : BAD_VALUES) {
                expectNoServerError(method, path + "?" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8),
                        user, null, null, Map.of());
            }
        }
        expectNoServerError(method, path + "?" + String.join("&", queryNames.stream()
                .map(name -> name + "=" + name + "&" + name + "=again").toList()), user, null, null, Map.of());
        for (String name : headerNames) {
            for (String value : List.of("yesterday", "-1", "1:2:3", "x".repeat(4000), "1:-5")) {
                expectNoServerError(method, path, user, null, null, Map.of(name, value));
            }
        }
        if (takesBody || method.equals("POST") || method.equals("PUT")) {
            for (String contentType : CONTENT_TYPES) {
                for (String body : BAD_BODIES) {
                    expectNoServerError(method, path, user, contentType, body, Map.of(
                            "Content-Disposition", "attachment; name=x.json; filename=x.json"));
                }
            }
            for (String disposition : List.of("", "attachment", "attachment; name=", "inline; filename=\"",
                    "attachment; name=\"../../x\"; filename=\"../../x\"", "attachment; filename*=UTF-8''%ZZ")) {
                expectNoServerError(method, path, user, "application/json", "{}",
                        Map.of("Content-Disposition", disposition));
            }
        }
        for (String accept : List.of("application/xml", "image/png", "garbage/")) {
            expectNoServerError(method, path, user, null, null, Map.of("Accept", accept));
        }
    }

    /** The user whose role the path needs (adr/0005-api-security.md). */
    private static String userFor(String path) {
        if (path.startsWith("/api/admin") || path.startsWith("/actuator") || path.startsWith("/api/stand-in")) {
            return "admin";
        }
        if (path.startsWith("/api/support")) {
            return "support";
        }
        if (path.startsWith("/api/audit") || path.matches("/api/conversations/\\{[^}]+}/events")) {
            return "auditor";
        }
        return "fagsystem";
    }

    private void expectNoServerError(String method, String path, String user, String contentType, String body,
                                     Map<String, String> headers) throws Exception {
        tried++;
        String request = method + " " + path.substring(0, Math.min(path.length(), 160))
                + (contentType == null ? "" : " [" + contentType + "]")
                + (body == null ? "" : " body " + JSON.writeValueAsString(body.substring(0, Math.min(40,
                body.length())))) + (headers.isEmpty() ? "" : " " + abbreviated(headers));
        Answer answer;
        try {
            answer = call(method, path, user, contentType, body, headers);
        } catch (java.net.http.HttpTimeoutException e) {
            failures.add(request + " -> no answer in 30 s");
            return;
        }
        if (answer.status() >= 500) {
            failures.add(request + " -> " + answer.status() + " " + answer.body().substring(0,
                    Math.min(300, answer.body().length())));
        } else if (answer.status() >= 400 && !answer.contentType().startsWith("application/problem+json")) {
            failures.add(request + " -> " + answer.status() + " as " + answer.contentType() + ", not a problem");
        }
    }

    private static Map<String, String> abbreviated(Map<String, String> headers) {
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((name, value) -> shown.put(name, value.substring(0, Math.min(40, value.length()))));
        return shown;
    }

    record Answer(int status, String contentType, String body) {
    }

    private Answer call(String method, String path, String user, String contentType, String body,
                        Map<String, String> headers) throws Exception {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        } catch (IllegalArgumentException notAUri) {
            // the client itself refuses to send it; nothing reaches the tracker
            return new Answer(400, "application/problem+json", "");
        }
        request.timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + user + "-password").getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String type = response.headers().firstValue("Content-Type").orElse("");
        String text;
        try (InputStream in = response.body()) {
            // an event stream that opened is not read on: closing it ends it
            text = type.startsWith("text/event-stream") ? ""
                    : new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
        return new Answer(response.statusCode(), type, text);
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }
}

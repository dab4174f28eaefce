package no.dpe.tracker.app.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import no.dpe.tracker.app.TrackerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.PathContainer;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every endpoint the application maps refuses anonymous callers (401) and callers of the wrong role (403),
 * each as an RFC 7807 problem, and admits the right roles. The endpoints come from the running application,
 * so one added without an entry in {@link #ROLE_TABLE} fails here.
 */
class ApiAccessTest extends TrackerTest {

    /** Who may call what: the spec of adr/0005-api-security.md. The first pattern that matches decides. */
    static final Map<String, Access> ROLE_TABLE = new LinkedHashMap<>();

    static {
        ROLE_TABLE.put("/api/messages/out/**", Access.only(Role.FAGSYSTEM));
        ROLE_TABLE.put("/api/messages/in/**", Access.only(Role.FAGSYSTEM));
        ROLE_TABLE.put("/api/statuses/**", Access.only(Role.FAGSYSTEM));
        ROLE_TABLE.put("/api/tracker/messages/**", Access.only(Role.FAGSYSTEM));
        ROLE_TABLE.put("/api/conversations/{id}/events", Access.only(Role.AUDITOR, Role.SUPPORT));
        ROLE_TABLE.put("/api/conversations", Access.only(Role.FAGSYSTEM));
        ROLE_TABLE.put("/api/conversations/messageId/{messageId}", Access.only(Role.FAGSYSTEM));
        ROLE_TABLE.put("/api/conversations/{id}", Access.only(Role.FAGSYSTEM));
        ROLE_TABLE.put("/api/events", Access.only(Role.FAGSYSTEM));
        ROLE_TABLE.put("/api/subscriptions/**", Access.only(Role.FAGSYSTEM));
        ROLE_TABLE.put("/api/support/**", Access.only(Role.SUPPORT));
        ROLE_TABLE.put("/api/audit/**", Access.only(Role.AUDITOR));
        ROLE_TABLE.put("/api/admin/**", Access.only(Role.ADMIN));
        ROLE_TABLE.put("/api/stand-in/**", Access.only(Role.ADMIN));
        ROLE_TABLE.put("/v3/api-docs/**", Access.ANY_CALLER);
        ROLE_TABLE.put("/v3/api-docs.yaml", Access.ANY_CALLER);
    }

    /** The roles admitted; every role when {@code anyCaller}. */
    record Access(Set<Role> roles) {
        static final Access ANY_CALLER = new Access(EnumSet.allOf(Role.class));

        static Access only(Role first, Role... more) {
            return new Access(EnumSet.of(first, more));
        }
    }

    /** One mapped endpoint, with a path whose variables are filled in. */
    record Endpoint(HttpMethod method, String pattern, String path) {
        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    /**
     * A connection for each request. This test sends hundreds of requests that are refused before their
     * handler runs; over the shared pool of kept-alive connections one of them now and then went unanswered
     * until the client timed out.
     */
    final ReactorClientHttpConnector unpooled =
            new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection()));

    WebTestClient unpooled(User user) {
        return (user == null ? anonymous() : as(user)).mutate().clientConnector(unpooled).build();
    }

    @Test
    void every_endpoint_refuses_anonymous_callers_and_wrong_roles_with_problems_and_admits_its_roles() {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).extracting(Endpoint::pattern)
                .contains("/api/messages/in/peek", "/api/events", "/api/subscriptions/{id}");
        List<String> unlisted = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            Access access = accessTo(endpoint.path());
            if (access == null) {
                unlisted.add(endpoint.toString());
                continue;
            }
            expectProblem(unpooled(null), endpoint, HttpStatus.UNAUTHORIZED);
            for (User user : User.values()) {
                Role role = Role.valueOf(user.name());
                if (access.roles().contains(role)) {
                    assertThat(call(unpooled(user), endpoint).getStatus().value()).as(endpoint + " as " + user)
                            .isNotIn(HttpStatus.UNAUTHORIZED.value(), HttpStatus.FORBIDDEN.value());
                } else {
                    expectProblem(unpooled(user), endpoint, HttpStatus.FORBIDDEN);
                }
            }
        }
        if (!unlisted.isEmpty()) {
            fail("Endpoints without an entry in the role table (add them here and to SecurityConfiguration): "
                    + unlisted);
        }
    }

    @Test
    void health_is_open_for_load_balancers() {
        anonymous().get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void a_path_that_is_in_no_table_is_refused_to_every_role() {
        anonymous().get().uri("/api/nothing-here").exchange().expectStatus().isUnauthorized();
        for (User user : User.values()) {
            as(user).get().uri("/api/nothing-here").exchange().expectStatus().isForbidden();
        }
        as(User.FAGSYSTEM).get().uri("/actuator/info").exchange().expectStatus().isForbidden();
        as(User.ADMIN).get().uri("/actuator/info").exchange().expectStatus().isOk();
    }

    @Test
    void a_wrong_password_is_401_with_a_basic_challenge() {
        anonymous().mutate().defaultHeaders(headers -> headers.setBasicAuth("fagsystem", "wrong")).build()
                .get().uri("/api/messages/in").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=.*")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:dpe-tracker:problem:unauthenticated");
    }

    @Test
    void a_post_needs_no_csrf_token_and_no_session_is_kept() {
        http.post().uri("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\": \"csrf\", \"pushEndpoint\": \"http://127.0.0.1:1/hook\", "
                        + "\"resource\": \"messages\", \"event\": \"status\"}")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE)
                .expectBody().jsonPath("$.id").value(id -> http.delete().uri("/api/subscriptions/{id}", id)
                        .exchange().expectStatus().isOk());
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                if (pattern.getPatternString().startsWith("/console")) {
                    continue; // the console's own chain, for browsers: ConsoleAccessTest
                }
                String path = pattern.getPatternString().replaceAll("\\{[^}]+}", "no-such-id-0");
                if (methods.isEmpty()) {
                    endpoints.add(new Endpoint(HttpMethod.GET, pattern.getPatternString(), path));
                }
                methods.forEach(method -> endpoints.add(
                        new Endpoint(HttpMethod.valueOf(method.name()), pattern.getPatternString(), path)));
            }
        }
        return endpoints;
    }

    private static Access accessTo(String path) {
        for (Map.Entry<String, Access> entry : ROLE_TABLE.entrySet()) {
            if (PathPatternParser.defaultInstance.parse(entry.getKey()).matches(
                    PathContainer.parsePath(path))) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static void expectProblem(WebTestClient client, Endpoint endpoint, HttpStatus expected) {
        FluxExchangeResult<DataBuffer> result = call(client, endpoint);
        assertThat(result.getStatus().value()).as(endpoint + " expecting " + expected).isEqualTo(expected.value());
        assertThat(result.getResponseHeaders().getContentType()).as(endpoint + " content type")
                .isNotNull()
                .satisfies(type -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue());
    }

    /** Calls the endpoint and reads its body; only the start of an event stream, which is then closed. */
    private static FluxExchangeResult<DataBuffer> call(WebTestClient client, Endpoint endpoint) {
        try {
            WebTestClient.RequestBodySpec request = client.method(endpoint.method()).uri(endpoint.path());
            // a request that may carry a body gets an empty JSON object, so every request has a definite length
            WebTestClient.RequestHeadersSpec<?> complete = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH)
                    .contains(endpoint.method())
                    ? request.contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                    : request;
            FluxExchangeResult<DataBuffer> result = complete.exchange().returnResult(DataBuffer.class);
            Flux<DataBuffer> body = result.getResponseBody();
            MediaType type = result.getResponseHeaders().getContentType();
            if (type != null && type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
                body = body.take(1);
            }
            body.doOnNext(DataBufferUtils::release).blockLast(PATIENCE);
            return result;
        } catch (IllegalStateException e) {
            throw new AssertionError(endpoint + ": no answer within " + PATIENCE, e);
        }
    }
}

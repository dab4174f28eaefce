package no.dpe.tracker.app.console;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.app.security.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's own access rules, over HTTP: a browser logs in with the form and keeps a session; SUPPORT, AUDITOR
 * and ADMIN read every page, only ADMIN acts and sees the read models, the fagsystem has no business here. Every
 * console endpoint the application maps is checked, so one added without thinking of its rule fails here.
 */
class ConsoleAccessTest extends TrackerTest {

    private static final Set<Role> READERS = EnumSet.of(Role.SUPPORT, Role.AUDITOR, Role.ADMIN);

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final Map<User, ConsoleSession> sessions = new EnumMap<>(User.class);

    /**
     * A connection per request, as in ApiAccessTest: a request refused before its body was read (a POST without
     * its token) could leave a kept-alive connection that the next request then waited on until it timed out.
     */
    private WebTestClient browser() {
        return anonymous().mutate()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .build();
    }

    @BeforeEach
    void logEveryoneIn() {
        for (User user : User.values()) {
            sessions.put(user, ConsoleSession.login(browser(), user.username, user.password));
        }
    }

    /** Who may use a console endpoint; null for the login page, which anyone may. */
    static Set<Role> allowed(HttpMethod method, String pattern) {
        if (pattern.equals("/console/login")) {
            return null;
        }
        if (pattern.startsWith("/console/read-models") || method == HttpMethod.POST) {
            return EnumSet.of(Role.ADMIN);
        }
        return READERS;
    }

    @Test
    void every_console_endpoint_sends_strangers_to_the_login_and_admits_only_its_roles() {
        List<String> checked = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (PathPattern pattern : info.getPatternsCondition().getPatterns()) {
                String template = pattern.getPatternString();
                if (!template.startsWith("/console") || template.equals("/console/")) {
                    continue;
                }
                for (RequestMethod requestMethod : info.getMethodsCondition().getMethods()) {
                    HttpMethod method = HttpMethod.valueOf(requestMethod.name());
                    String path = template.replaceAll("\\{[^}]+}", "no-such-id-0");
                    Set<Role> roles = allowed(method, template);
                    if (roles == null) {
                        continue;
                    }
                    checked.add(method + " " + template);
                    ConsoleSession stranger = ConsoleSession.fresh(browser());
                    (method == HttpMethod.GET ? stranger.get(path) : stranger.postForm(path))
                            .expectStatus().isFound()
                            .expectHeader().valueEquals(HttpHeaders.LOCATION, "/console/login");
                    for (User user : User.values()) {
                        ConsoleSession session = sessions.get(user);
                        int status = (method == HttpMethod.GET ? session.get(path) : session.postForm(path))
                                .returnResult(String.class).getStatus().value();
                        if (roles.contains(Role.valueOf(user.name()))) {
                            assertThat(status).as(method + " " + path + " as " + user).isNotIn(302, 401, 403);
                        } else {
                            assertThat(status).as(method + " " + path + " as " + user).isEqualTo(403);
                        }
                    }
                }
            }
        }
        assertThat(checked).contains("GET /console/stuck", "GET /console/conversations/{conversationId}",
                "GET /console/dead-letters", "GET /console/read-models", "POST /console/read-models/{name}/rebuild",
                "POST /console/dead-letters/processors/{processor}/{sequence}/retry", "GET /console/events");
    }

    @Test
    void a_session_and_token_from_before_the_login_are_no_good_after_it() {
        ConsoleSession planted = ConsoleSession.fresh(browser());
        ConsoleSession loggedIn = ConsoleSession.login(browser(), User.ADMIN.username, User.ADMIN.password);
        // the id a stranger saw before the login does not carry it (ConsoleSession.login checks the id changed)
        new ConsoleSession(planted.client(), planted.cookie(), planted.csrf()).get("/console")
                .expectStatus().isFound();
        assertThat(loggedIn.csrf()).as("a new CSRF token at login").isNotEqualTo(planted.csrf());
    }

    @Test
    void a_form_from_elsewhere_is_refused_for_want_of_the_token() {
        sessions.get(User.ADMIN).postWithoutToken("/console/read-models/message-state/rebuild")
                .expectStatus().isForbidden();
        sessions.get(User.ADMIN).postWithoutToken("/console/logout").expectStatus().isForbidden();
    }

    @Test
    void the_session_cookie_is_kept_from_scripts_and_other_sites_and_logging_out_ends_it() {
        ResponseCookie cookie = browser().get().uri("/console/login").exchange().returnResult(String.class)
                .getResponseCookies().getFirst(ConsoleSession.SESSION);
        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isIn("Lax", "Strict");

        ConsoleSession support = sessions.get(User.SUPPORT);
        support.postForm("/console/logout").expectStatus().isFound()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/console/login?logout");
        support.get("/console").expectStatus().isFound()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/console/login");
    }

    @Test
    void a_wrong_password_says_so_and_the_api_login_throttle_holds_the_form_back_too() {
        ConsoleSession guessing = ConsoleSession.fresh(browser());
        guessing.postForm("/console/login", "username", "console-guesser", "password", "wrong")
                .expectStatus().isFound()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/console/login?error");
        for (int i = 0; i < 4; i++) {
            guessing.postForm("/console/login", "username", "console-guesser", "password", "wrong")
                    .expectStatus().isFound();
        }
        guessing.postForm("/console/login", "username", "console-guesser", "password", "wrong")
                .expectStatus().isFound()
                .expectHeader().value(HttpHeaders.LOCATION, location ->
                        assertThat(location).matches("/console/login\\?retryIn=\\d+"));
        guessing.get("/console/login?retryIn=1").expectStatus().isOk().expectBody(String.class)
                .value(page -> assertThat(page).contains("Too many wrong passwords. Try again in 1 second."));
    }

    @Test
    void the_api_stays_without_sessions_beside_the_console() {
        http.get().uri("/api/statuses").exchange().expectStatus().isOk()
                .expectHeader().doesNotExist(HttpHeaders.SET_COOKIE);
        // a console session is no credential for the API
        anonymous().get().uri("/api/support/conversations")
                .cookie(ConsoleSession.SESSION, sessions.get(User.SUPPORT).cookie())
                .accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isUnauthorized();
    }
}

package no.dpe.tracker.app.console;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser's session with the console, over plain HTTP: the session cookie and the CSRF token its forms carry,
 * got the way a browser gets them (the login page, then the login form's POST).
 */
record ConsoleSession(WebTestClient client, String cookie, String csrf) {

    static final String SESSION = "SESSION";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    /** A session that has only seen the login page: not logged in, but with a CSRF token. */
    static ConsoleSession fresh(WebTestClient client) {
        EntityExchangeResult<String> page = client.get().uri("/console/login").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult();
        ResponseCookie cookie = page.getResponseCookies().getFirst(SESSION);
        assertThat(cookie).as("the login page starts a session").isNotNull();
        return new ConsoleSession(client, cookie.getValue(), token(page.getResponseBody()));
    }

    /** Logs in with the form; the session it answers with (a new id) is the logged-in one. */
    static ConsoleSession login(WebTestClient client, String user, String password) {
        ConsoleSession fresh = fresh(client);
        EntityExchangeResult<Void> answer = fresh.postForm("/console/login", "username", user, "password", password)
                .expectStatus().isFound()
                .expectHeader().valueEquals(HttpHeaders.LOCATION, "/console")
                .expectBody().isEmpty();
        ResponseCookie cookie = answer.getResponseCookies().getFirst(SESSION);
        assertThat(cookie).as("a new session at login").isNotNull();
        String session = cookie.getValue();
        assertThat(session).as("no session fixation: the id changes at login").isNotEqualTo(fresh.cookie());
        // the login cleared the old CSRF token: the next page makes a new one, and saving it moves the session to
        // yet another id (Spring's WebSessionServerCsrfTokenRepository does), which a browser follows as told
        EntityExchangeResult<String> page = new ConsoleSession(client, session, fresh.csrf()).get("/console/login")
                .expectStatus().isOk().expectBody(String.class).returnResult();
        ResponseCookie moved = page.getResponseCookies().getFirst(SESSION);
        return new ConsoleSession(client, moved == null ? session : moved.getValue(), token(page.getResponseBody()));
    }

    WebTestClient.ResponseSpec get(String path) {
        return client.get().uri(path).cookie(SESSION, cookie).accept(MediaType.TEXT_HTML).exchange();
    }

    /** A form's POST with the session's CSRF token, as the console's forms send it. */
    WebTestClient.ResponseSpec postForm(String path, String... fields) {
        var form = BodyInserters.fromFormData("_csrf", csrf);
        for (int i = 0; i < fields.length; i += 2) {
            form = form.with(fields[i], fields[i + 1]);
        }
        return client.post().uri(path).cookie(SESSION, cookie).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form).exchange();
    }

    /** A POST without the token, as another site's form would send it. */
    WebTestClient.ResponseSpec postWithoutToken(String path) {
        return client.post().uri(path).cookie(SESSION, cookie).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("").exchange();
    }

    static String token(String page) {
        Matcher matcher = CSRF.matcher(page == null ? "" : page);
        assertThat(matcher.find()).as("a CSRF token in the page").isTrue();
        return matcher.group(1);
    }
}

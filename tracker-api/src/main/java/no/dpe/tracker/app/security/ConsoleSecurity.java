package no.dpe.tracker.app.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerRedirectStrategy;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.ServerFormLoginAuthenticationConverter;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.WebSessionServerCsrfTokenRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * The support console's own filter chain (adr/0014-support-console.md): people in a browser, so a login form, a
 * session cookie and CSRF tokens, where the API beside it is stateless HTTP Basic or JWT for machines. The same
 * users, the same login throttle; SUPPORT, AUDITOR and ADMIN read, only ADMIN acts (retry, discard, rebuild).
 */
final class ConsoleSecurity {

    private static final String LOGIN = "/console/login";
    private static final ServerRedirectStrategy REDIRECT = new DefaultServerRedirectStrategy();

    private ConsoleSecurity() {
    }

    static SecurityWebFilterChain chain(ServerHttpSecurity http, ReactiveAuthenticationManager throttled) {
        WebSessionServerSecurityContextRepository sessions = new WebSessionServerSecurityContextRepository();
        http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/console", "/console/**"))
                .securityContextRepository(sessions)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .addFilterAt(login(throttled, sessions), SecurityWebFiltersOrder.FORM_LOGIN)
                .logout(logout -> logout.logoutUrl("/console/logout")
                        .logoutSuccessHandler(logoutSuccess()))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(new RedirectServerAuthenticationEntryPoint(LOGIN))
                        .accessDeniedHandler((exchange, denied) -> forbidden(exchange)))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")))
                .authorizeExchange(rules -> rules
                        .pathMatchers(LOGIN, "/console/assets/**").permitAll()
                        .pathMatchers("/console/read-models", "/console/read-models/**").hasRole(Role.ADMIN.name())
                        .pathMatchers(HttpMethod.POST, "/console/dead-letters/**").hasRole(Role.ADMIN.name())
                        .pathMatchers("/console", "/console/**")
                        .hasAnyRole(Role.SUPPORT.name(), Role.AUDITOR.name(), Role.ADMIN.name())
                        .anyExchange().denyAll());
        return http.build();
    }

    /** The form's POST to /console/login, through the same throttled check as HTTP Basic. */
    private static AuthenticationWebFilter login(ReactiveAuthenticationManager throttled,
                                                 WebSessionServerSecurityContextRepository sessions) {
        ServerFormLoginAuthenticationConverter form = new ServerFormLoginAuthenticationConverter();
        AuthenticationWebFilter filter = new AuthenticationWebFilter(throttled);
        filter.setRequiresAuthenticationMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, LOGIN));
        filter.setServerAuthenticationConverter(exchange -> form.convert(exchange)
                .map(login -> SecurityConfiguration.withAddress(login, exchange)));
        filter.setSecurityContextRepository(sessions);
        filter.setAuthenticationSuccessHandler(newSessionThen(new RedirectServerAuthenticationSuccessHandler(
                "/console")));
        filter.setAuthenticationFailureHandler((webFilterExchange, failure) -> REDIRECT.sendRedirect(
                webFilterExchange.getExchange(), URI.create(LOGIN + (failure instanceof LoginThrottle.ThrottledException
                        throttledLogin ? "?retryIn=" + LoginThrottle.ThrottledException.seconds(throttledLogin.waitFor())
                        : "?error"))));
        return filter;
    }

    /**
     * Against session fixation: a login gets a new session id (the attributes, the security context among them,
     * move with it) and a new CSRF token, so nothing a stranger planted before the login is good after it.
     */
    private static ServerAuthenticationSuccessHandler newSessionThen(ServerAuthenticationSuccessHandler then) {
        WebSessionServerCsrfTokenRepository tokens = new WebSessionServerCsrfTokenRepository();
        return (webFilterExchange, authentication) -> webFilterExchange.getExchange().getSession()
                .flatMap(WebSession::changeSessionId)
                .then(tokens.saveToken(webFilterExchange.getExchange(), null))
                .then(then.onAuthenticationSuccess(webFilterExchange, authentication));
    }

    private static RedirectServerLogoutSuccessHandler logoutSuccess() {
        RedirectServerLogoutSuccessHandler handler = new RedirectServerLogoutSuccessHandler();
        handler.setLogoutSuccessUrl(URI.create(LOGIN + "?logout"));
        return handler;
    }

    /** A page in both languages: the filter chain refuses before any template could be chosen by language. */
    private static Mono<Void> forbidden(ServerWebExchange exchange) {
        exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
        exchange.getResponse().getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
        String page = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>403 Forbidden – dpe-tracker</title>
                <link rel="stylesheet" href="/console/assets/console.css"></head>
                <body><main id="main"><h1>403</h1>
                <p>Your role does not allow this page or action.</p>
                <p lang="nb">Rollen din gir ikke tilgang til denne siden eller handlingen.</p>
                <p><a href="/console">dpe-tracker console / konsoll</a></p></main></body></html>
                """;
        return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory()
                .wrap(page.getBytes(StandardCharsets.UTF_8))));
    }
}

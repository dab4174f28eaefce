package no.dpe.tracker.app.security;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

import no.dpe.tracker.app.Blocking;
import no.dpe.tracker.app.problem.ProblemResponses;
import no.dpe.tracker.app.transport.TransportProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.core.Authentication;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authentication.ServerHttpBasicAuthenticationConverter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Who may call what (adr/0005-api-security.md). Callers are HTTP Basic users from configuration by default,
 * or bearers of a JWT when an OAuth2 issuer is configured ({@code spring.security.oauth2.resourceserver.jwt.*}).
 * The API is stateless: no session, no saved request, no CSRF token (no browser session to ride on).
 * A refusal is an RFC 7807 problem: 401 for a caller without valid credentials, 403 for the wrong role.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** How long a password that matched its user's bcrypt hash is taken as checked when it comes again. */
    static final Duration REMEMBER_VERIFIED = Duration.ofMinutes(5);

    /** Shared by every way of logging in, so that switching from HTTP Basic to the console's form gains nothing. */
    @Bean
    LoginThrottle loginThrottle(SecurityProperties properties, Clock clock) {
        return new LoginThrottle(properties.loginThrottle().freeFailures(), properties.loginThrottle().longestWait(),
                clock);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain console(ServerHttpSecurity http, ReactiveUserDetailsService users,
                                   PasswordEncoder passwordEncoder, LoginThrottle throttle, Blocking blocking) {
        return ConsoleSecurity.chain(http, throttled(users, passwordEncoder, throttle, blocking.scheduler()));
    }

    @Bean
    SecurityWebFilterChain api(ServerHttpSecurity http, ObjectProvider<ReactiveJwtDecoder> jwtDecoder,
                               SecurityProperties properties, ReactiveUserDetailsService users,
                               PasswordEncoder passwordEncoder, LoginThrottle throttle, Blocking blocking) {
        boolean jwt = jwtDecoder.getIfAvailable() != null;
        String challenge = jwt ? "Bearer" : "Basic realm=\"dpe-tracker\", charset=\"UTF-8\"";
        ServerAuthenticationEntryPoint entryPoint = (exchange, e) -> e instanceof LoginThrottle.ThrottledException
                throttled ? tooManyFailures(exchange, throttled) : unauthenticated(exchange, challenge);
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((exchange, e) -> forbidden(exchange)))
                .authorizeExchange(SecurityConfiguration::accessRules);
        if (jwt) {
            http.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                    .oauth2ResourceServer(resourceServer -> resourceServer
                            .authenticationEntryPoint((exchange, e) -> unauthenticated(exchange, challenge))
                            .accessDeniedHandler((exchange, e) -> forbidden(exchange))
                            .jwt(token -> token.jwtAuthenticationConverter(
                                    new ReactiveJwtAuthenticationConverterAdapter(rolesFrom(properties.rolesClaim())))));
        } else {
            ReactiveAuthenticationManager logins = throttled(users, passwordEncoder, throttle, blocking.scheduler());
            http.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                    .addFilterAt(httpBasic(logins, entryPoint), SecurityWebFiltersOrder.HTTP_BASIC);
        }
        return http.build();
    }

    /**
     * HTTP Basic as Spring Security's own, but each login's user name and address first asked of the
     * {@link LoginThrottle}, and told it how the login went.
     */
    private static AuthenticationWebFilter httpBasic(ReactiveAuthenticationManager throttled,
                                                     ServerAuthenticationEntryPoint entryPoint) {
        ServerHttpBasicAuthenticationConverter basic = new ServerHttpBasicAuthenticationConverter();
        AuthenticationWebFilter filter = new AuthenticationWebFilter(throttled);
        filter.setServerAuthenticationConverter(exchange -> basic.convert(exchange)
                .map(login -> withAddress(login, exchange)));
        filter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(entryPoint));
        filter.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        return filter;
    }

    /**
     * The configured users' passwords checked, each login's user name and address first asked of the
     * {@link LoginThrottle} and told how it went. The address is the login's details ({@link #withAddress}). The
     * password is checked on {@code checking} (Spring's default is Reactor's shared pool, see {@link Blocking}).
     */
    static ReactiveAuthenticationManager throttled(ReactiveUserDetailsService users, PasswordEncoder passwordEncoder,
                                                   LoginThrottle throttle, Scheduler checking) {
        UserDetailsRepositoryReactiveAuthenticationManager checks =
                new UserDetailsRepositoryReactiveAuthenticationManager(users);
        checks.setPasswordEncoder(passwordEncoder);
        checks.setScheduler(checking);
        return login -> {
            String user = login.getName();
            String address = String.valueOf(login.getDetails());
            Duration wait = throttle.wait(user, address);
            if (!wait.isZero()) {
                return Mono.error(new LoginThrottle.ThrottledException(user, wait));
            }
            return checks.authenticate(login)
                    .doOnNext(authenticated -> throttle.succeeded(user, address))
                    .doOnError(BadCredentialsException.class, refused -> throttle.failed(user, address));
        };
    }

    /** The caller's address as a login's details, for the throttle. */
    static Authentication withAddress(Authentication login, ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        ((AbstractAuthenticationToken) login).setDetails(remote == null || remote.getAddress() == null
                ? "unknown" : remote.getAddress().getHostAddress());
        return login;
    }

    /**
     * The role table. Anything not named here is refused to everyone, so an endpoint added without an entry
     * is closed rather than open; ApiAccessTest keeps this table and the application's mappings in step.
     */
    static void accessRules(ServerHttpSecurity.AuthorizeExchangeSpec rules) {
        rules.pathMatchers("/actuator/health", "/actuator/health/**").permitAll()
                .pathMatchers("/actuator/**").hasRole(Role.ADMIN.name())
                // the OpenAPI document: any caller who has credentials (adr/0006-openapi-springdoc.md)
                .pathMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml").authenticated()
                .pathMatchers("/api/messages/out/**", "/api/messages/in/**", "/api/statuses/**", "/api/events",
                        "/api/subscriptions/**", "/api/tracker/messages/**").hasRole(Role.FAGSYSTEM.name())
                .pathMatchers("/api/conversations/*/events").hasAnyRole(Role.AUDITOR.name(), Role.SUPPORT.name())
                .pathMatchers("/api/conversations", "/api/conversations/*", "/api/conversations/messageId/*")
                .hasRole(Role.FAGSYSTEM.name())
                .pathMatchers("/api/support/**").hasRole(Role.SUPPORT.name())
                .pathMatchers("/api/audit/**").hasRole(Role.AUDITOR.name())
                .pathMatchers("/api/admin/**").hasRole(Role.ADMIN.name())
                // the eInnsyn stand-in of the embedded default (servicebus-gateway): an operator's test aid
                .pathMatchers("/api/stand-in/**").hasRole(Role.ADMIN.name())
                .anyExchange().denyAll();
    }

    /**
     * The configured users. Spring Security's default password encoder delegates on the "{id}" in front of
     * each stored password, so {noop} and {bcrypt} passwords work side by side; {noop} ones not on a real Service
     * Bus, unless allowed ({@link PlainPasswords}).
     */
    @Bean
    ReactiveUserDetailsService users(SecurityProperties properties, TransportProperties transport,
                                     ObjectProvider<ReactiveJwtDecoder> jwtDecoder) {
        PlainPasswords.check(properties, !transport.isDevelopment(), jwtDecoder.getIfAvailable() != null);
        if (properties.users().isEmpty()) {
            return username -> Mono.empty();
        }
        return new MapReactiveUserDetailsService(properties.users().stream()
                .map(user -> (UserDetails) User.withUsername(user.name())
                        .password(user.password())
                        .roles(user.roles().stream().map(Role::name).toArray(String[]::new))
                        .build())
                .toList());
    }

    @Bean
    ReadyLine readyLine(SecurityProperties properties, ObjectProvider<ReactiveJwtDecoder> jwtDecoder) {
        return new ReadyLine(properties, jwtDecoder);
    }

    /**
     * Spring's delegating encoder ({noop} and {bcrypt} side by side), with verified passwords remembered for
     * {@link #REMEMBER_VERIFIED} ({@link VerifiedPasswords}: HTTP Basic sends the password with every request and
     * has no session to remember a check by, and bcrypt costs tens of milliseconds a check on purpose).
     */
    @Bean
    PasswordEncoder passwordEncoder(Clock clock) {
        return new VerifiedPasswords(PasswordEncoderFactories.createDelegatingPasswordEncoder(), REMEMBER_VERIFIED,
                clock);
    }

    /** Roles from a JWT claim (a list, or a string of space-separated names) become ROLE_ authorities. */
    static Converter<Jwt, AbstractAuthenticationToken> rolesFrom(String claim) {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(claim);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    private static Mono<Void> unauthenticated(ServerWebExchange exchange, String challenge) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge);
        return problem(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated",
                "This endpoint needs credentials: " + challenge.split(" ")[0]);
    }

    private static Mono<Void> tooManyFailures(ServerWebExchange exchange, LoginThrottle.ThrottledException e) {
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER,
                Long.toString(LoginThrottle.ThrottledException.seconds(e.waitFor())));
        return problem(exchange, HttpStatus.TOO_MANY_REQUESTS, "login-throttled", e.getMessage());
    }

    private static Mono<Void> forbidden(ServerWebExchange exchange) {
        return problem(exchange, HttpStatus.FORBIDDEN, "forbidden",
                "Your role does not allow " + exchange.getRequest().getMethod() + " "
                        + exchange.getRequest().getPath().value());
    }

    /** Written by hand: these refusals happen in the filter chain, before any controller advice could. */
    private static Mono<Void> problem(ServerWebExchange exchange, HttpStatus status, String rule, String detail) {
        return ProblemResponses.write(exchange, status, rule, detail);
    }
}

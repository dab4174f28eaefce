package no.dpe.tracker.app.console;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Locale;

import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.projections.Outages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;

/**
 * What every console page has: who reads it and with which role, the CSRF token its forms send back, how it writes
 * times, and the page it is on. A refusal from the services (the API's problem) is shown as a page in words with the
 * API's status, never as JSON or a stack trace.
 */
@ControllerAdvice(assignableTypes = {ConsoleController.class, ConsoleAdminController.class, LoginController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

    private final MessageSource messages;
    private final Clock clock;
    private final ZoneId zone;

    ConsoleAdvice(MessageSource messages, Clock clock, ConsoleProperties properties) {
        this.messages = messages;
        this.clock = clock;
        this.zone = properties.zone();
    }

    @ModelAttribute
    void common(ServerWebExchange exchange, Model model, Locale locale) {
        model.addAttribute("fmt", new ConsoleFormat(zone, messages, locale, clock.instant()));
        model.addAttribute("lang", locale.getLanguage());
        model.addAttribute("path", exchange.getRequest().getPath().pathWithinApplication().value());
        Mono<CsrfToken> csrf = exchange.getAttribute(CsrfToken.class.getName());
        if (csrf != null) {
            model.addAttribute("csrf", csrf);
        }
        model.addAttribute("reader", exchange.getPrincipal()
                .map(principal -> principal instanceof Authentication authentication
                        ? Reader.of(authentication) : new Reader(principal.getName(), false)));
    }

    /** Who reads the page; {@code admin} may act on what it shows. */
    public record Reader(String name, boolean admin) {

        static Reader of(Authentication authentication) {
            return new Reader(authentication.getName(), authentication.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority).anyMatch("ROLE_ADMIN"::equals));
        }
    }

    @ExceptionHandler(ClientError.class)
    String refused(ClientError error, ServerWebExchange exchange, Model model) {
        return problem(error.status(), error.getMessage(), exchange, model);
    }

    @ExceptionHandler(ServerWebInputException.class)
    String unreadable(ServerWebInputException error, ServerWebExchange exchange, Model model) {
        return problem(HttpStatus.BAD_REQUEST, error.getReason(), exchange, model);
    }

    @ExceptionHandler(RuntimeException.class)
    String failed(RuntimeException error, ServerWebExchange exchange, Model model) {
        if (Outages.isOutage(error)) {
            log.warn("A console page met an outage: {}", error.toString());
            return problem(HttpStatus.SERVICE_UNAVAILABLE, null, exchange, model);
        }
        log.error("A console page failed", error);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, null, exchange, model);
    }

    private static String problem(HttpStatus status, String detail, ServerWebExchange exchange, Model model) {
        exchange.getResponse().setStatusCode(status);
        model.addAttribute("status", status.value());
        model.addAttribute("detail", detail);
        return "console/problem";
    }
}

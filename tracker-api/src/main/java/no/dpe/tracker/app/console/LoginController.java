package no.dpe.tracker.app.console;

import java.util.Optional;

import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;

/**
 * The console's login page; the form posts to Spring Security's login filter (security.ConsoleSecurity), which
 * comes back here with {@code error}, {@code retryIn} (seconds, when the login throttle holds the user back) or
 * {@code logout}.
 */
@Controller
class LoginController {

    @GetMapping("/console/login")
    String login(@RequestParam Optional<String> retryIn, ServerWebExchange exchange, Model model) {
        // "?error" and "?logout" have no value, which a bound parameter would read as absent
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        model.addAttribute("failed", query.containsKey("error"));
        model.addAttribute("retryIn", retryIn.filter(seconds -> seconds.matches("\\d{1,6}")).map(Long::valueOf)
                .orElse(null));
        model.addAttribute("loggedOut", query.containsKey("logout"));
        return "console/login";
    }
}

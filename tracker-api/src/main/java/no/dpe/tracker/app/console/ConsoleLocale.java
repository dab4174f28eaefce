package no.dpe.tracker.app.console;

import java.util.List;
import java.util.Locale;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * The console speaks Norwegian bokmål to a browser that asks for Norwegian first (nb, no or nn: a nynorsk reader
 * is better served by bokmål than by English) and English to every other.
 */
final class ConsoleLocale implements LocaleContextResolver {

    static final Locale BOKMAAL = Locale.forLanguageTag("nb");
    private static final List<String> NORWEGIAN = List.of("nb", "no", "nn");

    @Override
    public LocaleContext resolveLocaleContext(ServerWebExchange exchange) {
        return new SimpleLocaleContext(of(exchange.getRequest().getHeaders().getFirst("Accept-Language")));
    }

    static Locale of(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return Locale.ENGLISH;
        }
        List<Locale.LanguageRange> ranges;
        try {
            ranges = Locale.LanguageRange.parse(acceptLanguage);
        } catch (IllegalArgumentException e) {
            return Locale.ENGLISH;
        }
        for (Locale.LanguageRange range : ranges) {
            String language = range.getRange().split("-")[0].toLowerCase(Locale.ROOT);
            if (NORWEGIAN.contains(language)) {
                return BOKMAAL;
            }
            if (language.equals("en")) {
                return Locale.ENGLISH;
            }
        }
        return Locale.ENGLISH;
    }

    @Override
    public void setLocaleContext(ServerWebExchange exchange, LocaleContext localeContext) {
        throw new UnsupportedOperationException("The console follows the browser's language");
    }
}

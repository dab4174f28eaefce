package no.dpe.tracker.app.openapi;

import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.TrackerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The application serves an OpenAPI 3 document of every endpoint it maps. */
class OpenApiDocumentTest extends TrackerTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void the_document_is_openapi_3_json_and_lists_every_mapped_path() throws Exception {
        String body = as(User.SUPPORT).get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();

        JsonNode document = new ObjectMapper().readTree(body);
        assertThat(document.path("openapi").asText()).startsWith("3.");
        Set<String> documented = new TreeSet<>();
        document.path("paths").fieldNames().forEachRemaining(documented::add);
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternsCondition().getPatterns().stream()
                .map(PathPattern::getPatternString)
                .filter(path -> !path.startsWith("/v3/api-docs"))
                .forEach(mapped::add));
        // the console's pages are for browsers, not the API (springdoc.paths-to-exclude)
        Set<String> console = new TreeSet<>(mapped);
        console.removeIf(path -> !path.startsWith("/console"));
        mapped.removeAll(console);
        assertThat(console).isNotEmpty();
        assertThat(documented).containsAll(mapped).doesNotContainAnyElementsOf(console);
    }

    @Test
    void the_document_needs_credentials() {
        anonymous().get().uri("/v3/api-docs").exchange().expectStatus().isUnauthorized();
    }
}

package no.dpe.tracker.core.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import java.util.ArrayList;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import no.dpe.tracker.core.sbd.Sbd;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An eInnsyn-kvittering arrived for the conversation: whether eInnsyn published what we sent, and its
 * validation warnings. {@code details} and {@code sbd} describe the kvittering message itself.
 */
public record RecordKvitteringCommand(
        @TargetAggregateIdentifier String conversationId,
        String kvitteringMessageId,
        String dokumentId,
        String referanseType,
        boolean published,
        List<String> warnings,
        JsonNode status,
        MessageDetails details,
        JsonNode sbd,
        Instant occurredAt) {

    public RecordKvitteringCommand {
        warnings = List.copyOf(warnings);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The command for a valid einnsyn_kvittering document. Its {@code status} is a JSON object encoded as a
     * string; {@code publisert} says whether eInnsyn published, and {@code valideringsfeil} lists warnings. A status
     * that is not such an object (the real integration point forwards it unchecked; its tests send a plain
     * "publisert") is kept as the text it is, and says published when it is that word.
     *
     * @param occurredAt when the kvittering was created at its source, if it says; else when we got it
     */
    public static RecordKvitteringCommand of(Sbd kvittering, Instant fallbackDeadline, Instant occurredAt) {
        JsonNode body = kvittering.businessMessage();
        String raw = body.path("status").asText();
        JsonNode status = parsedObject(raw).orElseGet(() -> TextNode.valueOf(raw));
        boolean published = status.isObject() ? status.path("publisert").asBoolean(false)
                : "publisert".equalsIgnoreCase(raw.trim());
        List<String> warnings = new ArrayList<>();
        status.path("valideringsfeil").forEach(warning ->
                warnings.add(warning.isTextual() ? warning.asText() : warning.toString()));
        return new RecordKvitteringCommand(
                kvittering.conversationId().orElseThrow(),
                kvittering.messageId().orElseThrow(),
                body.path("dokumentId").asText(),
                body.path("referanseType").asText(),
                published,
                warnings,
                status,
                MessageDetails.of(kvittering, fallbackDeadline),
                kvittering.json(),
                kvittering.createdAt().map(created -> created.toInstant()).orElse(occurredAt));
    }

    private static Optional<JsonNode> parsedObject(String text) {
        try {
            JsonNode parsed = JSON.readTree(text);
            return parsed != null && parsed.isObject() ? Optional.of(parsed) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}

package no.dpe.tracker.gateway;

import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.core.sbd.Sbd;

/**
 * A DPE message as it travels on Service Bus: the JSON {@code {"sbd": <SBD>, "asic": "<base64 ASiC-E>"}},
 * with {@code asic} left out when there are no files.
 */
public record WireMessage(Sbd sbd, byte[] asic) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Optional<byte[]> files() {
        return Optional.ofNullable(asic);
    }

    public byte[] toBytes() {
        ObjectNode body = JSON.createObjectNode();
        body.set("sbd", sbd.json());
        if (asic != null) {
            body.put("asic", Base64.getEncoder().encodeToString(asic));
        }
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** @throws InvalidWireMessageException when the body is not JSON, has no SBD object or a broken {@code asic} */
    public static WireMessage parse(byte[] body) throws InvalidWireMessageException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new InvalidWireMessageException("NotJson", "The body is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidWireMessageException("NotJson", "The body is not a JSON object");
        }
        if (!root.path("sbd").isObject()) {
            throw new InvalidWireMessageException("NotSbd", "The body has no 'sbd' object");
        }
        byte[] asic = null;
        JsonNode encoded = root.path("asic");
        if (!encoded.isMissingNode() && !encoded.isNull()) {
            try {
                asic = Base64.getDecoder().decode(encoded.asText());
            } catch (IllegalArgumentException e) {
                throw new InvalidWireMessageException("InvalidAsic", "'asic' is not base64: " + e.getMessage());
            }
        }
        return new WireMessage(Sbd.of(root.path("sbd")), asic);
    }
}

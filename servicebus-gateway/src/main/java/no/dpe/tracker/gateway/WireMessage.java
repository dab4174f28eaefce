package no.dpe.tracker.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.core.sbd.Sbd;

/**
 * A DPE message as it travels on Service Bus, byte for byte as the real integration point makes and reads it: the
 * JSON {@code {"sbd": <SBD>, "asic": "..."}}, pretty-printed, with {@code asic} left out when there is no package.
 * The package (CMS EnvelopedData) is base64-encoded <em>twice</em>: the real one puts the base64 text of the
 * package into a {@code byte[]}, which Jackson base64-encodes again, and decodes twice when it reads.
 *
 * @param asic the package as it travels: the CMS bytes, or null
 */
public record WireMessage(Sbd sbd, byte[] asic) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Optional<byte[]> files() {
        return Optional.ofNullable(asic);
    }

    public byte[] toBytes() {
        ObjectNode body = JSON.createObjectNode();
        body.set("sbd", sbd.json());
        if (asic != null) {
            body.put("asic", Base64.getEncoder().encodeToString(Base64.getEncoder().encode(asic)));
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
                byte[] base64Text = Base64.getDecoder().decode(encoded.asText());
                asic = Base64.getDecoder().decode(new String(base64Text, StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw new InvalidWireMessageException("InvalidAsic",
                        "'asic' is not the base64 of the package's base64 text: " + e.getMessage());
            }
        }
        return new WireMessage(Sbd.of(root.path("sbd")), asic);
    }
}

package no.dpe.tracker.emulator.cbs;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Shared Access Signature tokens the way Service Bus does: the key name must be the configured one, the
 * HMAC-SHA256 of {@code "<sr>\n<se>"} under the key must match {@code sig}, the token must not have expired, and
 * the resource it signs must be the audience the client asks for.
 */
public final class SharedAccessSignatures {

    private static final String PREFIX = "SharedAccessSignature ";

    private final String keyName;
    private final SecretKeySpec key;

    public SharedAccessSignatures(String keyName, String key) {
        this.keyName = keyName;
        // The SDK signs with the key's UTF-8 bytes, not with the base64-decoded key.
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /**
     * Verifies a token for an audience ({@code amqp://host/entity}).
     *
     * @return the entity path the token grants access to, "" for the whole namespace
     * @throws InvalidTokenException why the token is refused, in words a developer can act on
     */
    public Grant verify(String token, String audience, Instant now) {
        if (audience == null || audience.isBlank()) {
            throw new InvalidTokenException("The put-token request names no audience.");
        }
        if (token == null || !token.startsWith(PREFIX)) {
            throw new InvalidTokenException("The token is not a SharedAccessSignature.");
        }
        Map<String, String> fields = fields(token.substring(PREFIX.length()));
        String signedResource = required(fields, "sr");
        String signature = required(fields, "sig");
        String expiry = required(fields, "se");
        String signingKeyName = required(fields, "skn");

        if (!keyName.equals(decode(signingKeyName))) {
            throw new InvalidTokenException("Unknown SharedAccessKeyName '" + decode(signingKeyName) + "'.");
        }
        byte[] expected = sign(signedResource + "\n" + expiry);
        byte[] actual;
        try {
            actual = Base64.getDecoder().decode(decode(signature));
        } catch (IllegalArgumentException notBase64) {
            throw new InvalidTokenException("The signature is not base64.");
        }
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new InvalidTokenException("The signature does not match the SharedAccessKey of '" + keyName + "'.");
        }
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(decode(expiry)));
        } catch (NumberFormatException notANumber) {
            throw new InvalidTokenException("The expiry 'se' is not a number of seconds.");
        }
        if (!now.isBefore(expiresAt)) {
            throw new InvalidTokenException("The token expired at " + expiresAt + ".");
        }
        String resource = entityPath(decode(signedResource));
        String requested = entityPath(audience);
        if (!covers(resource, requested)) {
            throw new InvalidTokenException("The token is for '" + decode(signedResource) + "', not for '"
                    + audience + "'.");
        }
        return new Grant(requested, expiresAt);
    }

    private byte[] sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A token for an entity also grants its sub-paths ({@code q/$management}, {@code q/$deadletterqueue}). */
    static boolean covers(String resource, String requested) {
        return resource.isEmpty() || requested.equals(resource) || requested.startsWith(resource + "/");
    }

    /** The path of an {@code amqp://}, {@code sb://} or {@code https://} resource, lower-cased, without slashes. */
    static String entityPath(String resource) {
        String path;
        try {
            URI uri = URI.create(resource.trim());
            path = uri.getRawPath() == null ? "" : URLDecoder.decode(uri.getRawPath(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notAUri) {
            throw new InvalidTokenException("The resource '" + resource + "' is not a URI.");
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.toLowerCase(Locale.ROOT);
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : text.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(pair.substring(0, equals).trim(), pair.substring(equals + 1));
            }
        }
        return fields;
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new InvalidTokenException("The token has no '" + name + "'.");
        }
        return value;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** What a verified token allows: access to an entity path (and below) until an instant. */
    public record Grant(String entityPath, Instant expiresAt) {
    }
}

package no.dpe.tracker.app.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.app.eventstore.EventPosition;
import org.axonframework.eventhandling.GapAwareTrackingToken;

/**
 * A signed checkpoint (adr/0015-tamper-evident-history.md): a statement, canonical JSON, of how far the chain was
 * sealed — the position (with the lower positions not yet committed then, which it does not cover), the number of
 * events and conversations it covers, the Merkle root over every conversation's latest event, and the hash of the
 * checkpoint before — and a signature over the statement's UTF-8 bytes with our enterprise key.
 *
 * @param statement the statement as stored and signed
 * @param signature Base64 of the signature
 */
public record Checkpoint(long number, GapAwareTrackingToken position, Instant sealedAt, long events,
                         long conversations, String root, String previous, String certificate,
                         String signatureAlgorithm, String statement, String signature) {

    public static final String FORM = "dpe-tracker-checkpoint/1";

    /** Seals a statement of these figures with the key, whose certificate is named in it. */
    public static Checkpoint seal(long number, GapAwareTrackingToken position, Instant sealedAt, long events,
                                  long conversations, String root, String previous, PrivateKey key,
                                  X509Certificate certificate) {
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        ObjectNode form = JsonNodeFactory.instance.objectNode();
        form.put("form", FORM);
        form.put("number", number);
        form.put("position", EventPosition.id(position));
        form.put("sealedAt", sealedAt.toString());
        form.put("events", events);
        form.put("conversations", conversations);
        form.put("root", root);
        form.put("previous", previous);
        form.put("certificate", fingerprint(certificate));
        form.put("signatureAlgorithm", algorithm);
        String statement = CanonicalJson.text(form);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(statement.getBytes(StandardCharsets.UTF_8));
            return new Checkpoint(number, position, sealedAt, events, conversations, root, previous,
                    fingerprint(certificate), algorithm, statement, Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign checkpoint " + number + " with " + algorithm, e);
        }
    }

    /**
     * A stored statement and signature read back.
     *
     * @throws IllegalArgumentException when the statement is not a checkpoint statement of this form
     */
    public static Checkpoint read(String statement, String signature) {
        JsonNode form;
        try {
            form = CanonicalJson.parse(statement);
        } catch (IOException e) {
            throw new IllegalArgumentException("the statement is not JSON: " + e.getMessage());
        }
        if (form == null || !FORM.equals(form.path("form").asText())) {
            throw new IllegalArgumentException("the statement is not a " + FORM + " statement");
        }
        try {
            return new Checkpoint(form.path("number").asLong(), EventPosition.parse(form.path("position").asText()),
                    Instant.parse(form.path("sealedAt").asText()), form.path("events").asLong(),
                    form.path("conversations").asLong(), form.path("root").asText(),
                    form.path("previous").isNull() ? null : form.path("previous").asText(),
                    form.path("certificate").asText(), form.path("signatureAlgorithm").asText(), statement,
                    signature);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the statement's fields are not a checkpoint's: " + e.getMessage());
        }
    }

    /** The hash the next checkpoint names as its previous one. */
    public String statementHash() {
        return StoredEvent.sha256Hex(statement.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the signature is over this statement by the key of this certificate. */
    public boolean signedBy(X509Certificate certificate) {
        if (!fingerprint(certificate).equals(this.certificate)) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(statement.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether this statement covers the event at a position. */
    public boolean covers(long position) {
        return position <= this.position.getIndex() && !this.position.getGaps().contains(position);
    }

    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(StoredEvent.sha256(certificate.getEncoded()));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException("The certificate cannot be encoded", e);
        }
    }
}

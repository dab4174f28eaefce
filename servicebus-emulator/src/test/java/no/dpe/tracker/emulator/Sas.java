package no.dpe.tracker.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Shared access signatures made by hand, to test what the emulator refuses. */
final class Sas {

    private Sas() {
    }

    static String token(String resource, String keyName, String key, Instant expiry) {
        try {
            String encodedResource = URLEncoder.encode(resource, StandardCharsets.UTF_8);
            String expirySeconds = Long.toString(expiry.getEpochSecond());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = Base64.getEncoder().encodeToString(
                    mac.doFinal((encodedResource + "\n" + expirySeconds).getBytes(StandardCharsets.UTF_8)));
            return "SharedAccessSignature sr=" + encodedResource
                    + "&sig=" + URLEncoder.encode(signature, StandardCharsets.UTF_8)
                    + "&se=" + expirySeconds
                    + "&skn=" + URLEncoder.encode(keyName, StandardCharsets.UTF_8);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String connectionString(ServiceBusEmulator emulator, String token) {
        return "Endpoint=sb://127.0.0.1:" + emulator.port() + ";SharedAccessSignature=" + token
                + ";UseDevelopmentEmulator=true";
    }
}

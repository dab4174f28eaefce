package no.dpe.tracker.app.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.gateway.Mode;
import no.dpe.tracker.packaging.Certificates;
import no.dpe.tracker.packaging.EnterpriseKey;

/**
 * A service registry of our own, on loopback, answering as eFormidling's does for the records it is given:
 * {@code GET /identifier/{orgnr}/process/{process}} (the info record and the DPE service records), {@code GET
 * /identifier/{orgnr}}, {@code GET /virksert/{orgnr}} (the certificate as PEM), 404 with the registry's error body
 * for what it does not know. With a signing key it answers {@code Accept: application/jose} with compact JWS (RS256,
 * x5c, kid) and serves its key at {@code GET /jwk}, as the real one does when the integration point's
 * {@code sign.enable} is on. The embedded default runs one that knows this tracker and eInnsyn's stand-in; tests run
 * one that knows several trackers.
 */
public final class ServiceRegistryStandIn implements AutoCloseable {

    /** One organisation's DPE service record for one process. */
    public record Entry(String organisationNumber, String name, String process, List<String> documentTypes,
                        String queueSuffix, X509Certificate certificate) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> requests = new ConcurrentHashMap<>();
    private final EnterpriseKey signingKey;
    private final Predicate<String> authorization;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "service-registry-stand-in");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean answering = true;

    /**
     * @param signingKey    signs answers asked for as application/jose; null answers plain JSON only
     * @param authorization accepts a request's Authorization header (null when there is none); e.g. checks the
     *                      Maskinporten token
     */
    public ServiceRegistryStandIn(EnterpriseKey signingKey, Predicate<String> authorization) {
        this.signingKey = signingKey;
        this.authorization = authorization;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("Could not open a port on loopback for the service registry stand-in", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    /** A registry that answers everyone, unsigned. */
    public static ServiceRegistryStandIn plain() {
        return new ServiceRegistryStandIn(null, header -> true);
    }

    public ServiceRegistryStandIn start() {
        server.start();
        return this;
    }

    public ServiceRegistryStandIn register(Entry entry) {
        entries.add(entry);
        return this;
    }

    /**
     * The record under which an organisation that listens on {@code mode}'s queue takes that mode's DPE process:
     * innsyn the innsynskrav, data the journalpost, meeting the meeting.
     */
    public ServiceRegistryStandIn listensOn(String orgnr, String name, Mode mode, X509Certificate certificate) {
        DpeProcess process = switch (mode) {
            case INNSYN -> DpeProcess.INNSYNSKRAV;
            case DATA -> DpeProcess.JOURNALPOST;
            case MEETING -> DpeProcess.MEETING;
        };
        DocumentType documentType = mode == Mode.INNSYN ? DocumentType.INNSYNSKRAV : DocumentType.PUBLISERING;
        return register(new Entry(orgnr, name, process.identifier(), List.of(documentType.standard()),
                mode.suffix(), certificate));
    }

    /** The base URL, as {@code dpe.tracker.service-registry.url} takes it. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** While not answering, every request fails as a registry that is down does: 503. */
    public void answering(boolean answering) {
        this.answering = answering;
    }

    /** How many requests the path (e.g. /identifier/991825827/process/...) has had. */
    public int requests(String path) {
        return requests.getOrDefault(path, 0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            requests.merge(path, 1, Integer::sum);
            if (!answering) {
                send(exchange, 503, "text/plain", "down".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.equals("/jwk") && signingKey != null) {
                send(exchange, 200, "application/json", new JWKSet(jwk().toPublicJWK()).toString()
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!authorization.test(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 401, "application/json", error("Access denied"));
                return;
            }
            String[] parts = path.split("/", -1);
            if (parts.length == 3 && parts[1].equals("virksert")) {
                List<Entry> found = entries.stream().filter(e -> e.organisationNumber().equals(parts[2])).toList();
                if (found.isEmpty()) {
                    send(exchange, 404, "application/json", error("No certificate for " + parts[2]));
                } else {
                    answer(exchange, Certificates.toPem(found.get(0).certificate()), "text/plain");
                }
                return;
            }
            if (parts.length >= 3 && parts[1].equals("identifier")) {
                String orgnr = parts[2];
                String process = parts.length == 5 && parts[3].equals("process") ? parts[4] : null;
                List<Entry> known = entries.stream().filter(e -> e.organisationNumber().equals(orgnr)).toList();
                List<Entry> found = known.stream().filter(e -> process == null || e.process().equals(process)).toList();
                if (known.isEmpty() || found.isEmpty()) {
                    send(exchange, 404, "application/json", error(known.isEmpty()
                            ? "Entity " + orgnr + " not found"
                            : "Entity " + orgnr + " does not have process " + process));
                    return;
                }
                answer(exchange, JSON.writeValueAsString(identifier(orgnr, known.get(0).name(), found)),
                        "application/json");
                return;
            }
            send(exchange, 404, "application/json", error("No such resource " + path));
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", e.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static ObjectNode identifier(String orgnr, String name, List<Entry> found) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("infoRecord").put("identifier", orgnr).put("organizationName", name)
                .putObject("entityType").put("name", "ORGL");
        ArrayNode records = root.putArray("serviceRecords");
        for (Entry entry : found) {
            ObjectNode record = records.addObject()
                    .put("organisationNumber", entry.organisationNumber())
                    .put("pemCertificate", Certificates.toPem(entry.certificate()))
                    .put("process", entry.process());
            entry.documentTypes().forEach(record.putArray("documentTypes")::add);
            record.putObject("service").put("identifier", "DPE").put("endpointUrl", entry.queueSuffix())
                    .putNull("serviceCode").putNull("serviceEditionCode").putNull("securityLevel");
        }
        return root;
    }

    /** Plain, or as compact JWS when signing and the caller asks for application/jose. */
    private void answer(HttpExchange exchange, String body, String plainType) throws IOException {
        String accept = String.join(",", exchange.getRequestHeaders().getOrDefault("Accept", List.of()));
        if (signingKey != null && accept.contains("application/jose")) {
            send(exchange, 200, "application/jose", sign(body).getBytes(StandardCharsets.UTF_8));
        } else {
            send(exchange, 200, plainType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private String sign(String payload) {
        try {
            RSAKey jwk = jwk();
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(jwk.getKeyID())
                    .x509CertChain(jwk.getX509CertChain()).build(), new Payload(payload));
            jws.sign(new RSASSASigner(signingKey.privateKey()));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign an answer: " + e.getMessage(), e);
        }
    }

    private RSAKey jwk() {
        try {
            return new RSAKey.Builder((RSAPublicKey) signingKey.certificate().getPublicKey())
                    .keyIDFromThumbprint()
                    .x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(
                            signingKey.certificate().getEncoded())))
                    .build();
        } catch (JOSEException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("Could not describe the signing key: " + e.getMessage(), e);
        }
    }

    private static byte[] error(String description) {
        return ("{\"error_code\":\"\",\"error_description\":\"" + description.replace("\"", "'") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}

package no.dpe.tracker.app.chain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import no.dpe.tracker.packaging.Certificates;

/**
 * Checks an audit export against the signed checkpoints with no database and no running tracker:
 * {@code java -jar dpe-tracker.jar verify export.ndjson checkpoints.json [more.json ...] [--certificate ours.pem]}.
 * The export is {@code GET /api/audit/events}, the checkpoints {@code GET /api/audit/checkpoints?heads=true} taken
 * before it (page after page when there are many, each page a file, in order); the certificate, when given, is the
 * one the auditor trusts (from the service registry, say) instead of the one the checkpoints files carry. Prints the verdict and every broken link, and exits 0 when intact, 1 when broken, 2 when
 * the files cannot be checked; a file that is cut off, out of order or not ours gets a verdict, not a stack trace.
 */
public final class OfflineVerifier {

    private OfflineVerifier() {
    }

    /** Input that cannot be checked at all. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    public static int run(List<String> args, PrintStream out) {
        List<Path> files = new ArrayList<>();
        Path trusted = null;
        for (int i = 0; i < args.size(); i++) {
            if ("--certificate".equals(args.get(i)) && i + 1 < args.size()) {
                trusted = Path.of(args.get(++i));
            } else {
                files.add(Path.of(args.get(i)));
            }
        }
        if (files.size() < 2) {
            out.println("usage: java -jar dpe-tracker.jar verify export.ndjson checkpoints.json [more.json ...] "
                    + "[--certificate ours.pem]");
            out.println("  export.ndjson     GET /api/audit/events (the whole export)");
            out.println("  checkpoints.json  GET /api/audit/checkpoints?heads=true&limit=10000, taken before the "
                    + "export; more pages (after=<last number>) as more files, in order");
            out.println("  --certificate     the certificate to trust (default: the one in the checkpoints files)");
            return 2;
        }
        try {
            Verdict verdict = verify(files.get(0), files.subList(1, files.size()), trusted, out);
            out.println(verdict.summary());
            out.println("events checked: " + verdict.eventsChecked() + ", checkpoints checked: "
                    + verdict.checkpointsChecked() + ", events not yet sealed: " + verdict.unsealedEvents());
            out.println("origin: " + verdict.origin());
            for (Finding finding : verdict.findings()) {
                out.println("  " + finding);
            }
            return verdict.intact() ? 0 : 1;
        } catch (Unusable e) {
            out.println("Cannot verify: " + e.getMessage());
            return 2;
        }
    }

    static Verdict verify(Path export, List<Path> checkpointFiles, Path trusted, PrintStream out) throws Unusable {
        List<Checkpoint> checkpoints = new ArrayList<>();
        Map<Long, Map<String, MerkleRoot.Leaf>> heads = new HashMap<>();
        X509Certificate inFile = null;
        String origin = "";
        long previousNumber = 0;
        for (Path checkpointsFile : checkpointFiles) {
            JsonNode file = readCheckpoints(checkpointsFile);
            X509Certificate certificate = certificate(file.path("certificate").asText(), checkpointsFile);
            if (inFile != null && !Checkpoint.fingerprint(inFile).equals(Checkpoint.fingerprint(certificate))) {
                throw new Unusable(checkpointsFile + " carries another certificate than " + checkpointFiles.get(0)
                        + ": they are not from the same tracker");
            }
            inFile = certificate;
            origin = file.path("origin").asText("");
            for (JsonNode node : file.path("checkpoints")) {
                Checkpoint checkpoint;
                try {
                    checkpoint = Checkpoint.read(node.path("statement").asText(), node.path("signature").asText());
                } catch (IllegalArgumentException e) {
                    throw new Unusable(checkpointsFile + ": checkpoint " + node.path("number").asText("?") + ": "
                            + e.getMessage());
                }
                if (checkpoint.number() <= previousNumber) {
                    throw new Unusable(checkpointsFile + ": checkpoint " + checkpoint.number() + " comes after "
                            + "checkpoint " + previousNumber + ": the files are out of order");
                }
                previousNumber = checkpoint.number();
                checkpoints.add(checkpoint);
                if (node.has("heads")) {
                    Map<String, MerkleRoot.Leaf> sealed = new HashMap<>();
                    for (JsonNode head : node.path("heads")) {
                        String id = head.path("conversationId").asText();
                        sealed.put(id, new MerkleRoot.Leaf(id, head.path("sequence").asLong(),
                                head.path("hash").asText()));
                    }
                    heads.put(checkpoint.number(), sealed);
                }
            }
        }
        X509Certificate certificate = trusted == null ? inFile : certificate(read(trusted), trusted);
        out.println("certificate: " + certificate.getSubjectX500Principal().getName() + ", SHA-256 "
                + Checkpoint.fingerprint(certificate) + (trusted == null ? " (from the checkpoints file)" : ""));
        List<Finding> inputFindings = new ArrayList<>();
        Path checkpointsFile = checkpointFiles.get(0);
        if (!checkpoints.isEmpty() && checkpoints.get(0).number() != 1) {
            throw new Unusable(checkpointsFile + " begins at checkpoint " + checkpoints.get(0).number()
                    + "; the offline check needs them all from checkpoint 1 (GET /api/audit/checkpoints?heads=true)");
        }
        Scan scan = scan(export);
        if (scan.partial()) {
            inputFindings.add(new Finding(Finding.Kind.INPUT, null, null, null, null, "the export begins in the middle "
                    + "of conversations (an export of a time range, or resumed): their chains are checked from where "
                    + "they begin, and the checkpoints cannot be checked against it"));
        }
        if (!scan.partial() && !checkpoints.isEmpty()
                && checkpoints.get(checkpoints.size() - 1).position().getIndex() > scan.lastPosition()) {
            Checkpoint last = checkpoints.get(checkpoints.size() - 1);
            inputFindings.add(new Finding(Finding.Kind.INPUT, null, null, scan.lastPosition(), last.number(),
                    "the export ends at position " + scan.lastPosition() + ", before checkpoint " + last.number()
                            + "'s position " + last.position().getIndex() + ": it was cut short, or events were "
                            + "deleted (take the checkpoints file before the export, not after)"));
        }
        ChainVerifier verifier = new ChainVerifier(scan.partial() ? List.of() : checkpoints,
                number -> heads.get(number), certificate, null, scan.partial(), origin);
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    verifier.accept(event(CanonicalJson.parse(line), number));
                }
            }
        } catch (IOException e) {
            throw new Unusable(export + " could not be read: " + e.getMessage());
        }
        Verdict verdict = verifier.finish();
        if (inputFindings.isEmpty()) {
            return verdict;
        }
        // what the events themselves show comes first; the note on the files explains it
        List<Finding> findings = new ArrayList<>(verdict.findings());
        findings.addAll(inputFindings);
        boolean partialOnly = scan.partial() && verdict.intact();
        return new Verdict(partialOnly, (partialOnly ? "Chains intact where the export holds them; " : "Broken: ")
                + findings.get(0), verdict.intactUpToCheckpoint(), verdict.eventsChecked(),
                verdict.checkpointsChecked(), verdict.unsealedEvents(), verdict.origin(), List.copyOf(findings),
                partialOnly ? null : findings.get(0));
    }

    private record Scan(long lastPosition, boolean partial) {
    }

    /** A first pass: every line an exported event, in order, and whether every conversation starts at its first. */
    private static Scan scan(Path export) throws Unusable {
        Set<String> seen = new HashSet<>();
        boolean partial = false;
        long last = 0;
        try (BufferedReader lines = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = CanonicalJson.parse(line);
                } catch (IOException e) {
                    throw new Unusable(export + " line " + number + " is not JSON: the file is cut off or not an "
                            + "export");
                }
                StoredEvent event = event(node, number);
                if (event.position() <= last) {
                    throw new Unusable(export + " line " + number + ": position " + event.position()
                            + " comes after position " + last + ": the export is out of order");
                }
                last = event.position();
                if (seen.add(event.aggregateIdentifier()) && event.sequenceNumber() != 0) {
                    partial = true;
                }
            }
        } catch (NoSuchFileException e) {
            throw new Unusable(export + " does not exist");
        } catch (IOException e) {
            throw new Unusable(export + " could not be read: " + e.getMessage());
        }
        return new Scan(last, partial);
    }

    private static StoredEvent event(JsonNode line, int number) throws Unusable {
        for (String field : List.of("position", "conversationId", "sequence", "eventId", "timestamp", "payload",
                "payloadType", "hash")) {
            if (!line.hasNonNull(field)) {
                throw new Unusable("export line " + number + " has no '" + field + "': it is not a line of a "
                        + "dpe-tracker audit export with hashes (" + StoredEvent.FORM + ")");
            }
        }
        JsonNode metadata = line.get("metadata");
        return new StoredEvent(line.get("position").asLong(), line.get("conversationId").asText(),
                text(line, "aggregateType"), line.get("sequence").asLong(), line.get("eventId").asText(),
                line.get("payloadType").asText(), text(line, "payloadRevision"), instant(line.get("timestamp"), number),
                line.get("payload"), metadata == null || metadata.isNull() ? null : metadata,
                line.get("hash").asText(), text(line, "previousHash"));
    }

    private static String text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode value, int number) throws Unusable {
        try {
            if (value.isNumber()) {
                BigDecimal seconds = value.decimalValue();
                return Instant.ofEpochSecond(seconds.longValue(),
                        seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
            }
            return Instant.parse(value.asText());
        } catch (RuntimeException e) {
            throw new Unusable("export line " + number + ": '" + value.asText() + "' is not a time");
        }
    }

    private static JsonNode readCheckpoints(Path path) throws Unusable {
        JsonNode file;
        try {
            file = CanonicalJson.parse(read(path));
        } catch (IOException e) {
            throw new Unusable(path + " is not JSON: it is cut off or not a checkpoints file");
        }
        if (file == null || !AuditChainController.FILE_FORM.equals(file.path("form").asText())) {
            throw new Unusable(path + " is not a checkpoints file of dpe-tracker (" + AuditChainController.FILE_FORM
                    + "): GET /api/audit/checkpoints?heads=true");
        }
        return file;
    }

    private static X509Certificate certificate(String pem, Path from) throws Unusable {
        try {
            return Certificates.fromPem(pem);
        } catch (RuntimeException e) {
            throw new Unusable(from + " holds no certificate we can read: " + e.getMessage());
        }
    }

    private static String read(Path path) throws Unusable {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new Unusable(path + " does not exist");
        } catch (IOException e) {
            throw new Unusable(path + " could not be read: " + e.getMessage());
        }
    }
}

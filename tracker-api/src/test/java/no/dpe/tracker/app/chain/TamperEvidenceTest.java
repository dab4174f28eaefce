package no.dpe.tracker.app.chain;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.TrackerApplication;
import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.RecordStatusCommand;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.packaging.Certificates;
import no.dpe.tracker.packaging.EnterpriseKey;
import no.dpe.tracker.packaging.Keystores;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Someone with write access to the database changes the history behind the tracker's back, as a database
 * administrator could: a payload byte, a deleted event, two swapped sequence numbers, an event changed and hashed
 * anew, an event forged with a correct hash and a checkpoint it could not sign. Each time the API's verification of
 * the store and of the conversation, and the offline verifier over an export, name exactly that event; the store is
 * put back after each test and verifies intact again.
 * <p>
 * An application of its own (the others must not see a broken chain), on a database of its own; checkpoints are
 * sealed by the tests, not by the clock.
 */
@SpringBootTest(classes = TrackerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT60S")
abstract class TamperEvidenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EINNSYN = "991825827";
    private static final List<String> COLUMNS = List.of("global_index", "event_identifier", "aggregate_identifier",
            "sequence_number", "type", "time_stamp", "payload_type", "payload_revision", "payload", "meta_data",
            "event_hash", "previous_hash");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("dpe.tracker.data-dir", () -> Path.of("target", "test-data", UUID.randomUUID().toString())
                .toAbsolutePath().toString());
        registry.add("dpe.tracker.audit.seal-poll-interval", () -> "PT1H");
        registry.add("dpe.tracker.audit.self-check-first", () -> "PT1H");
    }

    @Autowired
    WebTestClient client;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CommandGateway commands;
    @Autowired
    ChainMonitor monitor;

    @TempDir
    Path files;

    // ---- the tampering ----

    @Test
    void a_changed_payload_byte_is_named_as_that_event_changed() throws Exception {
        String conversation = conversationSealed();
        Map<String, Object> event = row(conversation, 1);
        byte[] payload = (byte[]) event.get("payload");
        byte[] changed = withADigitChanged(payload);
        try {
            jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", changed, position(event));

            assertNamed(conversation, 1, position(event), "CHANGED");
            monitor.selfCheck();
            admin().get().uri("/actuator/health").exchange().expectBody()
                    .jsonPath("$.components.auditChain.status").isEqualTo("WARNING")
                    .jsonPath("$.components.auditChain.details.verdict").value(verdict ->
                            assertThat((String) verdict).contains("CHANGED conversation " + conversation));
        } finally {
            jdbc.update("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?", payload, position(event));
        }
        assertIntact();
        monitor.selfCheck();
        admin().get().uri("/actuator/health").exchange().expectBody()
                .jsonPath("$.components.auditChain.status").isEqualTo("UP");
    }

    @Test
    void a_deleted_event_is_named_as_missing() throws Exception {
        String conversation = conversationSealed();
        Map<String, Object> event = row(conversation, 1);
        try {
            jdbc.update("DELETE FROM domain_event_entry WHERE global_index = ?", position(event));

            Finding first = assertNamed(conversation, 1, null, "MISSING");
            assertThat(first.detail()).contains("sequence 1 is missing");
        } finally {
            insert(event);
        }
        assertIntact();
    }

    @Test
    void a_deleted_last_event_is_named_by_the_checkpoint_that_sealed_it() throws Exception {
        String conversation = conversationSealed();
        Map<String, Object> event = row(conversation, 3);
        try {
            jdbc.update("DELETE FROM domain_event_entry WHERE global_index = ?", position(event));

            Finding first = assertNamed(conversation, 3, null, "MISSING");
            assertThat(first.checkpoint()).isNotNull();
        } finally {
            insert(event);
        }
        assertIntact();
    }

    @Test
    void two_swapped_sequence_numbers_are_named_as_reordered() throws Exception {
        String conversation = conversationSealed();
        Map<String, Object> one = row(conversation, 1);
        try {
            swap(conversation, 1, 2);

            Finding first = assertNamed(conversation, 2, position(one), "REORDERED");
            assertThat(first.detail()).contains("made for sequence 1");
        } finally {
            swap(conversation, 1, 2);
        }
        assertIntact();
    }

    @Test
    void an_event_changed_and_hashed_anew_is_named_as_replaced() throws Exception {
        String conversation = conversationSealed();
        Map<String, Object> event = row(conversation, 1);
        byte[] payload = (byte[]) event.get("payload");
        byte[] changed = withADigitChanged(payload);
        Map<String, Object> changedRow = new java.util.LinkedHashMap<>(event);
        changedRow.put("payload", changed);
        String rehashed = stored(changedRow).computeHash((String) event.get("previous_hash"));
        try {
            jdbc.update("UPDATE domain_event_entry SET payload = ?, event_hash = ? WHERE global_index = ?", changed,
                    rehashed, position(event));

            assertNamed(conversation, 1, position(event), "REPLACED");
        } finally {
            jdbc.update("UPDATE domain_event_entry SET payload = ?, event_hash = ? WHERE global_index = ?", payload,
                    event.get("event_hash"), position(event));
        }
        assertIntact();
    }

    @Test
    void a_forged_event_with_a_correct_hash_is_named_by_its_forged_checkpoint() throws Exception {
        String conversation = conversationSealed();
        Map<String, Object> last = row(conversation, 3);
        StoredEvent template = stored(last);
        StoredEvent forged = new StoredEvent(0, conversation, template.aggregateType(), 4,
                UUID.randomUUID().toString(), template.payloadType(), template.payloadRevision(), Instant.now(),
                template.payload(), template.metadata(), null, template.hash());
        String hash = forged.computeHash(template.hash());
        Checkpoint newest = checkpoints().newest().orElseThrow();
        long forgedNumber = newest.number() + 1;
        try {
            jdbc.update("INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type, "
                            + "time_stamp, payload_type, payload_revision, payload, meta_data, event_hash, previous_hash) "
                            + "VALUES (?, ?, 4, ?, ?, ?, ?, ?, ?, ?, ?)", forged.eventIdentifier(), conversation,
                    last.get("type"), forged.timestamp().toString(), last.get("payload_type"),
                    last.get("payload_revision"), last.get("payload"), last.get("meta_data"), hash, template.hash());
            long position = position(row(conversation, 4));
            // the forger seals it too, but has only a key of their own
            EnterpriseKey theirs = Keystores.loadOrGenerate(files.resolve("forger.p12"), "secret", "forger",
                    "986252932", "forger", Instant.now());
            jdbc.update("UPDATE audit_chain_head SET sequence_number = 4, event_hash = ? WHERE aggregate_identifier = ?",
                    hash, conversation);
            jdbc.update("INSERT INTO audit_checkpoint_head VALUES (?, ?, 4, ?)", forgedNumber, conversation, hash);
            List<MerkleRoot.Leaf> leaves = jdbc.query("SELECT aggregate_identifier, sequence_number, event_hash "
                    + "FROM audit_chain_head", (r, i) -> new MerkleRoot.Leaf(r.getString(1), r.getLong(2), r.getString(3)));
            Checkpoint fake = Checkpoint.seal(forgedNumber, GapAwareTrackingToken.newInstance(position, List.of()),
                    Instant.now(), newest.events() + 1, leaves.size(), MerkleRoot.of(leaves), newest.statementHash(),
                    theirs.privateKey(), theirs.certificate());
            jdbc.update("INSERT INTO audit_checkpoint VALUES (?, ?, ?, ?)", forgedNumber, position, fake.statement(),
                    fake.signature());

            Finding first = assertNamed(conversation, 4, position, "CHECKPOINT_SIGNATURE");
            assertThat(first.checkpoint()).isEqualTo(forgedNumber);
            // and the tracker seals nothing on top of it
            auditor().post().uri("/api/audit/checkpoints").exchange().expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.detail").value(detail ->
                            assertThat((String) detail).contains("checkpoint " + forgedNumber + " is not signed"));
        } finally {
            jdbc.update("DELETE FROM audit_checkpoint WHERE checkpoint_number = ?", forgedNumber);
            jdbc.update("DELETE FROM audit_checkpoint_head WHERE checkpoint_number = ?", forgedNumber);
            jdbc.update("UPDATE audit_chain_head SET sequence_number = 3, event_hash = ? WHERE aggregate_identifier = ?",
                    template.hash(), conversation);
            jdbc.update("DELETE FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 4",
                    conversation);
        }
        assertIntact();
    }

    // ---- the untouched store, and files that are not what they claim ----

    @Test
    void an_untouched_store_is_intact_up_to_its_newest_checkpoint_in_the_api_and_offline() throws Exception {
        String conversation = conversationSealed();
        long newest = checkpoints().newest().orElseThrow().number();

        Verdict store = verdict(auditor().get().uri("/api/audit/verify"));
        assertThat(store.intact()).as(store.summary()).isTrue();
        assertThat(store.intactUpToCheckpoint()).isEqualTo(newest);
        assertThat(store.summary()).startsWith("Intact up to checkpoint " + newest);
        Verdict one = verdict(auditor().get().uri("/api/audit/conversations/{id}/verify", conversation));
        assertThat(one.intact()).as(one.summary()).isTrue();
        assertThat(one.eventsChecked()).isEqualTo(4);
        Verdict range = verdict(auditor().get().uri("/api/audit/verify?from=1"));
        assertThat(range.intact()).as(range.summary()).isTrue();

        Offline offline = offline();
        assertThat(offline.exit()).as(offline.output()).isZero();
        assertThat(offline.output()).contains("Intact up to checkpoint " + newest);

        conversationSealed();
        Path firstPage = checkpointsFile("limit=1");
        Path rest = checkpointsFile("after=1&limit=10000");
        Offline paged = offline(export(), firstPage, rest);
        assertThat(paged.exit()).as(paged.output()).isZero();
        assertThat(paged.output()).contains("Intact up to checkpoint " + (newest + 1));
        assertThat(offline(export(), rest, firstPage).output()).contains("the files are out of order");
    }

    @Test
    void an_export_cut_off_mid_line_or_out_of_order_gets_a_verdict_not_a_stack_trace() throws Exception {
        conversationSealed();
        Path export = export();
        Path checkpointsFile = checkpointsFile();
        List<String> lines = Files.readAllLines(export);

        Path cut = files.resolve("cut.ndjson");
        String whole = Files.readString(export);
        Files.writeString(cut, whole.substring(0, whole.length() - 40));
        assertThat(offline(cut, checkpointsFile)).satisfies(result -> {
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.output()).contains("is not JSON: the file is cut off");
        });

        Path shuffled = files.resolve("shuffled.ndjson");
        List<String> swapped = new ArrayList<>(lines);
        Collections.swap(swapped, 0, 1);
        Files.write(shuffled, swapped);
        assertThat(offline(shuffled, checkpointsFile)).satisfies(result -> {
            assertThat(result.exit()).isEqualTo(2);
            assertThat(result.output()).contains("the export is out of order");
        });

        Path shortened = files.resolve("shortened.ndjson");
        Files.write(shortened, lines.subList(0, lines.size() - 1));
        assertThat(offline(shortened, checkpointsFile)).satisfies(result -> {
            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.output()).contains("it was cut short, or events were deleted");
        });
    }

    @Test
    void checkpoints_that_are_not_ours_or_not_checkpoints_get_a_verdict() throws Exception {
        conversationSealed();
        Path export = export();
        Path checkpointsFile = checkpointsFile();

        EnterpriseKey other = Keystores.loadOrGenerate(files.resolve("other.p12"), "secret", "other", "986252932",
                "someone else", Instant.now());
        Path otherCertificate = files.resolve("other.pem");
        Files.writeString(otherCertificate, Certificates.toPem(other.certificate()));
        Offline notOurs = offline(List.of(export.toString(), checkpointsFile.toString(), "--certificate",
                otherCertificate.toString()));
        assertThat(notOurs.exit()).as(notOurs.output()).isEqualTo(1);
        assertThat(notOurs.output()).contains("CHECKPOINT_SIGNATURE");

        Path garbage = files.resolve("garbage.json");
        Files.writeString(garbage, "{\"checkpoints\": [");
        Offline notJson = offline(export, garbage);
        assertThat(notJson.exit()).isEqualTo(2);
        assertThat(notJson.output()).contains("is not JSON");

        Path someoneElses = files.resolve("someone-elses.json");
        Files.writeString(someoneElses, "{\"form\": \"something/1\", \"checkpoints\": []}");
        Offline wrongForm = offline(export, someoneElses);
        assertThat(wrongForm.exit()).isEqualTo(2);
        assertThat(wrongForm.output()).contains("is not a checkpoints file of dpe-tracker");
    }

    @Test
    void verification_refuses_checkpoint_numbers_it_does_not_know_with_a_problem() {
        auditor().get().uri("/api/audit/verify?from=abc").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("from");
        auditor().get().uri("/api/audit/verify?from=999999").exchange().expectStatus().isNotFound();
        auditor().get().uri("/api/audit/verify?from=3&to=2").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("to");
        auditor().get().uri("/api/audit/conversations/{id}/verify", "no-such").exchange().expectStatus().isNotFound();
    }

    // ---- helpers ----

    /** Names the event: first in the store's verification, in the conversation's, and offline. */
    private Finding assertNamed(String conversation, long sequence, Long position, String kind) throws Exception {
        Verdict store = verdict(auditor().get().uri("/api/audit/verify"));
        assertThat(store.intact()).isFalse();
        assertFinding(store.firstBroken(), conversation, sequence, position, kind, store);

        Verdict one = verdict(auditor().get().uri("/api/audit/conversations/{id}/verify", conversation));
        assertThat(one.intact()).isFalse();
        assertFinding(one.firstBroken(), conversation, sequence, position, kind, one);

        Offline offline = offline();
        assertThat(offline.exit()).as(offline.output()).isEqualTo(1);
        assertThat(offline.output()).contains("Broken: " + kind + " conversation " + conversation + " sequence "
                + sequence + (position == null ? "" : " position " + position));
        return store.firstBroken();
    }

    private static void assertFinding(Finding finding, String conversation, long sequence, Long position, String kind,
                                      Verdict verdict) {
        assertThat(finding).as(verdict.summary()).isNotNull();
        assertThat(finding.kind().name()).as(verdict.summary()).isEqualTo(kind);
        assertThat(finding.conversationId()).as(verdict.summary()).isEqualTo(conversation);
        assertThat(finding.sequence()).as(verdict.summary()).isEqualTo(sequence);
        if (position != null) {
            assertThat(finding.position()).as(verdict.summary()).isEqualTo(position);
        }
    }

    private void assertIntact() {
        Verdict store = verdict(auditor().get().uri("/api/audit/verify"));
        assertThat(store.intact()).as(store.summary()).isTrue();
    }

    /** A publisering created, sent, received and delivered (four events), then sealed by a checkpoint. */
    private String conversationSealed() {
        Sbd sbd = TrackerTest.fresh(Examples.PUBLISERING_JOURNALPOST);
        String conversation = sbd.conversationId().orElseThrow();
        String message = sbd.messageId().orElseThrow();
        as("fagsystem", "fagsystem-password").post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(sbd.toJson()).exchange().expectStatus().isOk();
        commands.sendAndWait(new RecordStatusCommand(conversation, message, Direction.OUTGOING, MessageStatus.SENDT,
                null, Instant.now(), Source.TRANSPORT, null), Actor.tracker("test").metaData());
        commands.sendAndWait(new RecordStatusCommand(conversation, message, Direction.OUTGOING, MessageStatus.MOTTATT,
                null, Instant.now(), Source.COUNTERPART, EINNSYN), Actor.tracker("test").metaData());
        commands.sendAndWait(new RecordStatusCommand(conversation, message, Direction.OUTGOING, MessageStatus.LEVERT,
                null, Instant.now(), Source.COUNTERPART, EINNSYN), Actor.tracker("test").metaData());
        auditor().post().uri("/api/audit/checkpoints").exchange().expectStatus().isOk();
        return conversation;
    }

    private Map<String, Object> row(String conversation, long sequence) {
        Map<String, Object> raw = jdbc.queryForMap("SELECT " + String.join(", ", COLUMNS) + " FROM domain_event_entry "
                + "WHERE aggregate_identifier = ? AND sequence_number = ?", conversation, sequence);
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        raw.forEach((column, value) -> row.put(column.toLowerCase(java.util.Locale.ROOT), value));
        return row;
    }

    private static long position(Map<String, Object> row) {
        return ((Number) row.get("global_index")).longValue();
    }

    private void insert(Map<String, Object> row) {
        jdbc.update("INSERT INTO domain_event_entry (" + String.join(", ", COLUMNS) + ") VALUES ("
                + String.join(", ", Collections.nCopies(COLUMNS.size(), "?")) + ")",
                COLUMNS.stream().map(row::get).toArray());
    }

    private void swap(String conversation, long a, long b) {
        jdbc.update("UPDATE domain_event_entry SET sequence_number = -1 WHERE aggregate_identifier = ? "
                + "AND sequence_number = ?", conversation, a);
        jdbc.update("UPDATE domain_event_entry SET sequence_number = ? WHERE aggregate_identifier = ? "
                + "AND sequence_number = ?", a, conversation, b);
        jdbc.update("UPDATE domain_event_entry SET sequence_number = ? WHERE aggregate_identifier = ? "
                + "AND sequence_number = -1", b, conversation);
    }

    private static StoredEvent stored(Map<String, Object> row) {
        return StoredEvent.fromRow(position(row), (String) row.get("aggregate_identifier"), (String) row.get("type"),
                ((Number) row.get("sequence_number")).longValue(), (String) row.get("event_identifier"),
                (String) row.get("payload_type"), (String) row.get("payload_revision"), (String) row.get("time_stamp"),
                (byte[]) row.get("payload"), (byte[]) row.get("meta_data"), (String) row.get("event_hash"),
                (String) row.get("previous_hash"));
    }

    /** The payload with the first digit inside a JSON string changed: still JSON, no longer the same. */
    private static byte[] withADigitChanged(byte[] payload) {
        byte[] changed = payload.clone();
        String text = new String(payload, StandardCharsets.UTF_8);
        for (int i = text.indexOf("\":\"") + 3; i < changed.length; i++) {
            if (changed[i] >= '0' && changed[i] <= '9') {
                changed[i] = (byte) (changed[i] == '7' ? '8' : '7');
                return changed;
            }
        }
        throw new IllegalStateException("no digit in a string of " + text);
    }

    private CheckpointStore checkpoints() {
        return new CheckpointStore(jdbc);
    }

    private Verdict verdict(WebTestClient.RequestHeadersSpec<?> request) {
        byte[] body = request.exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        try {
            return JSON.readValue(body, Verdict.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(new String(body, StandardCharsets.UTF_8), e);
        }
    }

    private record Offline(int exit, String output) {
    }

    private Offline offline() throws Exception {
        Path checkpointsFile = checkpointsFile();
        return offline(export(), checkpointsFile);
    }

    private static Offline offline(Path... arguments) {
        return offline(java.util.Arrays.stream(arguments).map(Path::toString).toList());
    }

    private static Offline offline(List<String> arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = OfflineVerifier.run(arguments, new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Offline(exit, out.toString(StandardCharsets.UTF_8));
    }

    private Path export() throws Exception {
        byte[] body = auditor().get().uri("/api/audit/events").accept(MediaType.APPLICATION_NDJSON).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        Path file = Files.createTempFile(files, "export", ".ndjson");
        Files.write(file, body);
        return file;
    }

    private Path checkpointsFile() throws Exception {
        return checkpointsFile("limit=10000");
    }

    private Path checkpointsFile(String page) throws Exception {
        byte[] body = auditor().get().uri("/api/audit/checkpoints?heads=true&" + page).exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        JsonNode parsed = JSON.readTree(body);
        assertThat(parsed.path("form").asText()).isEqualTo("dpe-tracker-checkpoints/1");
        Path file = Files.createTempFile(files, "checkpoints", ".json");
        Files.write(file, body);
        return file;
    }

    private WebTestClient auditor() {
        return as("auditor", "auditor-password");
    }

    private WebTestClient admin() {
        return as("admin", "admin-password");
    }

    private WebTestClient as(String user, String password) {
        return client.mutate().defaultHeaders(headers -> headers.setBasicAuth(user, password)).build();
    }
}

package no.dpe.tracker.app.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical form, the event hash and the Merkle root are what adr/0015-tamper-evident-history.md specifies, so
 * that another implementation can check a chain: each expectation here is written from the ADR, not from the code.
 */
class CanonicalFormTest {

    @Test
    void canonical_json_sorts_members_drops_white_space_and_writes_numbers_and_strings_one_way() throws Exception {
        String json = "{ \"b\" : 1, \"a\": [true, null, \"x\\n\\u0001\\u00e9/\"], \"c\": 1.50, \"d\": 1e3, \"e\": -0.0,"
                + " \"é\": 12345678901234567890 }";

        assertThat(CanonicalJson.text(CanonicalJson.parse(json)))
                .isEqualTo("{\"a\":[true,null,\"x\\n\\u0001é/\"],\"b\":1,\"c\":1.5,\"d\":1000,\"e\":0,"
                        + "\"é\":12345678901234567890}");
    }

    @Test
    void the_same_value_written_differently_has_one_canonical_form() throws Exception {
        String compact = "{\"messageId\":\"m-1\",\"size\":30,\"at\":\"2026-11-30T18:00:00Z\"}";
        String spaced = "{\n  \"at\" : \"2026-11-30T18:00:00Z\",\n  \"size\" : 30.0,\n  \"messageId\" : \"m\\u002d1\"\n}";

        assertThat(CanonicalJson.bytes(CanonicalJson.parse(spaced)))
                .isEqualTo(CanonicalJson.bytes(CanonicalJson.parse(compact)));
    }

    @Test
    void an_events_hash_is_the_sha256_of_its_canonical_form_as_the_adr_writes_it() throws Exception {
        StoredEvent event = StoredEvent.fromRow(7, "conversation-1", "Conversation", 2, "event-1",
                "no.dpe.tracker.core.api.MessageStatusRecordedEvent", null, "2026-11-30T18:00:00.120Z",
                "{\"status\":\"LEVERT\",\"messageId\":\"m-1\"}".getBytes(StandardCharsets.UTF_8),
                "{\"correlationId\":\"c-1\"}".getBytes(StandardCharsets.UTF_8), null, null);
        String previous = "ab".repeat(32);

        String expected = "{\"aggregateIdentifier\":\"conversation-1\",\"aggregateType\":\"Conversation\","
                + "\"eventIdentifier\":\"event-1\",\"form\":\"dpe-tracker-event/1\","
                + "\"metadata\":{\"correlationId\":\"c-1\"},\"payload\":{\"messageId\":\"m-1\",\"status\":\"LEVERT\"},"
                + "\"payloadRevision\":null,\"payloadType\":\"no.dpe.tracker.core.api.MessageStatusRecordedEvent\","
                + "\"previousHash\":\"" + previous + "\",\"sequenceNumber\":2,"
                + "\"timestamp\":\"2026-11-30T18:00:00.120000000Z\"}";
        assertThat(new String(event.canonicalForm(previous), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(event.computeHash(previous)).isEqualTo(sha256(expected.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void the_time_stamp_is_written_with_nine_digits_whatever_its_precision() {
        for (String stored : List.of("2026-11-30T18:00:00Z", "2024-02-29T23:59:59.5Z", "1970-01-01T00:00:00.000000001Z",
                "2026-01-05T03:04:05.123456789Z", "9999-12-31T23:59:59.999Z")) {
            StoredEvent event = StoredEvent.fromRow(1, "c", null, 0, "e", "T", null, stored, "{}".getBytes(), null,
                    null, null);
            String expected = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(Instant.parse(stored));
            assertThat(new String(event.canonicalForm(null), StandardCharsets.UTF_8))
                    .endsWith("\"timestamp\":\"" + expected + "\"}");
        }
    }

    @Test
    void the_merkle_root_sorts_leaves_by_their_utf8_bytes_and_carries_an_odd_node_up() throws Exception {
        MerkleRoot.Leaf a = new MerkleRoot.Leaf("a", 0, "00".repeat(32));
        MerkleRoot.Leaf b = new MerkleRoot.Leaf("b", 3, "11".repeat(32));
        MerkleRoot.Leaf c = new MerkleRoot.Leaf("é", 1, "22".repeat(32));

        byte[] ab = node(leaf(a), leaf(b));
        byte[] root = node(ab, leaf(c));
        assertThat(MerkleRoot.of(List.of(c, b, a))).isEqualTo(HexFormat.of().formatHex(root));
        assertThat(MerkleRoot.of(List.of())).isEqualTo(sha256(new byte[0]));
    }

    @Test
    void leaves_are_ordered_as_their_utf8_bytes_even_where_utf16_orders_them_otherwise() {
        List<String> ids = List.of("a", "ab", "b", "é", "\uFFFD", "\uD83D\uDE00", "\uD83D\uDE01", "");
        for (String x : ids) {
            for (String y : ids) {
                int bytes = java.util.Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8),
                        y.getBytes(StandardCharsets.UTF_8));
                assertThat(Integer.signum(MerkleRoot.utf8Order(x, y))).as(x + " vs " + y).isEqualTo(Integer.signum(bytes));
            }
        }
    }

    @Test
    void a_checkpoint_reads_back_the_statement_it_signed_and_knows_its_signer() throws Exception {
        var key = no.dpe.tracker.packaging.Keystores.loadOrGenerate(
                java.nio.file.Files.createTempDirectory("checkpoint").resolve("k.p12"), "secret", "k", "986252932",
                "checkpoint test", Instant.now());
        Checkpoint sealed = Checkpoint.seal(3, org.axonframework.eventhandling.GapAwareTrackingToken.newInstance(42,
                List.of(40L)), Instant.parse("2026-11-30T18:00:00Z"), 40, 9, "cd".repeat(32), null, key.privateKey(),
                key.certificate());

        Checkpoint read = Checkpoint.read(sealed.statement(), sealed.signature());
        assertThat(read.position().getIndex()).isEqualTo(42);
        assertThat(read.position().getGaps()).containsExactly(40L);
        assertThat(read.covers(41)).isTrue();
        assertThat(read.covers(40)).isFalse();
        assertThat(read.covers(43)).isFalse();
        assertThat(read.signedBy(key.certificate())).isTrue();
        Checkpoint altered = Checkpoint.read(sealed.statement().replace("\"events\":40", "\"events\":41"),
                sealed.signature());
        assertThat(altered.signedBy(key.certificate())).isFalse();
    }

    private static byte[] leaf(MerkleRoot.Leaf leaf) throws Exception {
        String json = "{\"aggregateIdentifier\":\"" + leaf.aggregateIdentifier() + "\",\"eventHash\":\""
                + leaf.eventHash() + "\",\"sequenceNumber\":" + leaf.sequenceNumber() + "}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        List<Byte> prefixed = new ArrayList<>();
        prefixed.add((byte) 0);
        for (byte b : bytes) {
            prefixed.add(b);
        }
        byte[] input = new byte[prefixed.size()];
        for (int i = 0; i < input.length; i++) {
            input[i] = prefixed.get(i);
        }
        return MessageDigest.getInstance("SHA-256").digest(input);
    }

    private static byte[] node(byte[] left, byte[] right) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update((byte) 1);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

package no.dpe.tracker.app.chain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Merkle root over every conversation's latest event (adr/0015-tamper-evident-history.md). Leaves are sorted by
 * the UTF-8 bytes of the conversation's identifier; a leaf is SHA-256 of 0x00 and the canonical JSON
 * {@code {"aggregateIdentifier":…,"eventHash":…,"sequenceNumber":…}}; a node is SHA-256 of 0x01, its left child and its
 * right child (32 bytes each); a node without a partner is carried up as it is. No leaves: SHA-256 of nothing.
 */
public final class MerkleRoot {

    /** One conversation's latest event. */
    public record Leaf(String aggregateIdentifier, long sequenceNumber, String eventHash) {
    }

    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    private MerkleRoot() {
    }

    public static String of(List<Leaf> leaves) {
        List<Keyed> keyed = new ArrayList<>(leaves.size());
        for (Leaf leaf : leaves) {
            keyed.add(new Keyed(leaf.aggregateIdentifier().getBytes(StandardCharsets.UTF_8), leafHash(leaf)));
        }
        keyed.sort((a, b) -> UNSIGNED.compare(a.key, b.key));
        List<byte[]> level = new ArrayList<>(keyed.size());
        keyed.forEach(k -> level.add(k.hash));
        if (level.isEmpty()) {
            return StoredEvent.sha256Hex(new byte[0]);
        }
        List<byte[]> current = level;
        while (current.size() > 1) {
            List<byte[]> up = new ArrayList<>((current.size() + 1) / 2);
            for (int i = 0; i < current.size(); i += 2) {
                if (i + 1 == current.size()) {
                    up.add(current.get(i));
                } else {
                    byte[] node = new byte[65];
                    node[0] = 1;
                    System.arraycopy(current.get(i), 0, node, 1, 32);
                    System.arraycopy(current.get(i + 1), 0, node, 33, 32);
                    up.add(StoredEvent.sha256(node));
                }
            }
            current = up;
        }
        return HexFormat.of().formatHex(current.get(0));
    }

    private record Keyed(byte[] key, byte[] hash) {
    }

    static byte[] leafHash(Leaf leaf) {
        ObjectNode form = JsonNodeFactory.instance.objectNode();
        form.put("aggregateIdentifier", leaf.aggregateIdentifier());
        form.put("sequenceNumber", leaf.sequenceNumber());
        form.put("eventHash", leaf.eventHash());
        byte[] json = CanonicalJson.bytes(form);
        byte[] prefixed = new byte[json.length + 1];
        System.arraycopy(json, 0, prefixed, 1, json.length);
        return StoredEvent.sha256(prefixed);
    }
}

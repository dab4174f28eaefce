package no.dpe.tracker.app.chain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;


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

    private MerkleRoot() {
    }

    public static String of(List<Leaf> leaves) {
        List<Keyed> keyed = new ArrayList<>(leaves.size());
        for (Leaf leaf : leaves) {
            keyed.add(keyed(leaf));
        }
        return ofKeyed(keyed);
    }

    /** A leaf's conversation and hash, for a caller that keeps them between roots. */
    public record Keyed(String key, byte[] hash) {
    }

    public static Keyed keyed(Leaf leaf) {
        return new Keyed(leaf.aggregateIdentifier(), leafHash(leaf));
    }

    /**
     * The order of the strings' UTF-8 bytes, without encoding them: that is the order of their code points (UTF-16
     * code units differ from it only where surrogates meet characters above U+E000).
     */
    static int utf8Order(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
                    return Integer.compare(a.codePointAt(i), b.codePointAt(i));
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /** {@link #utf8Order} as a comparator. */
    public static final java.util.Comparator<String> ORDER = MerkleRoot::utf8Order;

    /** The root over leaves already hashed; sorts the list given. */
    public static String ofKeyed(List<Keyed> keyed) {
        keyed.sort((a, b) -> utf8Order(a.key, b.key));
        return ofSorted(keyed);
    }

    /** The root over leaves already hashed and in {@link #ORDER}. */
    public static String ofSorted(List<Keyed> keyed) {
        if (keyed.isEmpty()) {
            return StoredEvent.sha256Hex(new byte[0]);
        }
        List<byte[]> current = new ArrayList<>(keyed.size());
        keyed.forEach(k -> current.add(k.hash));
        byte[] node = new byte[65];
        node[0] = 1;
        while (current.size() > 1) {
            int up = 0;
            for (int i = 0; i < current.size(); i += 2) {
                if (i + 1 == current.size()) {
                    current.set(up++, current.get(i));
                } else {
                    System.arraycopy(current.get(i), 0, node, 1, 32);
                    System.arraycopy(current.get(i + 1), 0, node, 33, 32);
                    current.set(up++, StoredEvent.sha256(node));
                }
            }
            current.subList(up, current.size()).clear();
        }
        return HexFormat.of().formatHex(current.get(0));
    }

    static byte[] leafHash(Leaf leaf) {
        StringBuilder json = new StringBuilder(160).append('\0').append("{\"aggregateIdentifier\":");
        CanonicalJson.string(leaf.aggregateIdentifier(), json);
        json.append(",\"eventHash\":");
        CanonicalJson.string(leaf.eventHash(), json);
        json.append(",\"sequenceNumber\":").append(leaf.sequenceNumber()).append('}');
        return StoredEvent.sha256(json.toString().getBytes(StandardCharsets.UTF_8));
    }
}

package no.dpe.tracker.app.chain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** The checkpoints and their heads as stored (V38__audit_chain.sql), and where the chain began. */
public final class CheckpointStore {

    /** An event of one conversation a checkpoint sealed. */
    public record SealedHead(Checkpoint checkpoint, long sequenceNumber, String eventHash) {
    }

    private final JdbcTemplate jdbc;

    public CheckpointStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Checkpoint> find(long number) {
        return jdbc.query("SELECT statement, signature FROM audit_checkpoint WHERE checkpoint_number = ?",
                (row, i) -> Checkpoint.read(row.getString(1), row.getString(2)), number).stream().findFirst();
    }

    public Optional<Checkpoint> newest() {
        return jdbc.query("SELECT statement, signature FROM audit_checkpoint ORDER BY checkpoint_number DESC LIMIT 1",
                (row, i) -> Checkpoint.read(row.getString(1), row.getString(2))).stream().findFirst();
    }

    /** The checkpoints numbered {@code from} to {@code to}, both included, in order. */
    public List<Checkpoint> between(long from, long to) {
        return jdbc.query("SELECT statement, signature FROM audit_checkpoint WHERE checkpoint_number >= ? "
                        + "AND checkpoint_number <= ? ORDER BY checkpoint_number",
                (row, i) -> Checkpoint.read(row.getString(1), row.getString(2)), from, to);
    }

    /** The conversations whose latest event changed at checkpoint {@code number}, with that event. */
    public Map<String, MerkleRoot.Leaf> headsOf(long number) {
        return heads("SELECT aggregate_identifier, sequence_number, event_hash FROM audit_checkpoint_head "
                + "WHERE checkpoint_number = ?", number);
    }

    /** Every conversation's latest event as of checkpoint {@code number}. */
    public Map<String, MerkleRoot.Leaf> headsAt(long number) {
        return heads("SELECT h.aggregate_identifier, h.sequence_number, h.event_hash FROM audit_checkpoint_head h "
                + "JOIN (SELECT aggregate_identifier, MAX(checkpoint_number) AS newest FROM audit_checkpoint_head "
                + "WHERE checkpoint_number <= ? GROUP BY aggregate_identifier) n "
                + "ON h.aggregate_identifier = n.aggregate_identifier AND h.checkpoint_number = n.newest", number);
    }

    /** Heads by conversation from a query of (conversation, sequence, hash). */
    private Map<String, MerkleRoot.Leaf> heads(String sql, Object... arguments) {
        Map<String, MerkleRoot.Leaf> heads = new HashMap<>();
        jdbc.query(sql, row -> {
            heads.put(row.getString(1), new MerkleRoot.Leaf(row.getString(1), row.getLong(2), row.getString(3)));
        }, arguments);
        return heads;
    }

    /** Each event of a conversation a checkpoint sealed as its latest, oldest checkpoint first. */
    public List<SealedHead> sealedHeadsOf(String conversationId) {
        return jdbc.query("SELECT c.statement, c.signature, h.sequence_number, h.event_hash FROM audit_checkpoint_head h "
                        + "JOIN audit_checkpoint c ON c.checkpoint_number = h.checkpoint_number "
                        + "WHERE h.aggregate_identifier = ? ORDER BY h.checkpoint_number",
                (row, i) -> new SealedHead(Checkpoint.read(row.getString(1), row.getString(2)), row.getLong(3),
                        row.getString(4)), conversationId);
    }

    /** From where the chain holds, in words. */
    public String origin() {
        return jdbc.query("SELECT chained_at, up_to_position, events FROM audit_chain_origin WHERE origin_id = 1",
                        (row, i) -> row.getLong(3) == 0
                                ? "Every event was chained as it was stored."
                                : "The " + row.getLong(3) + " event(s) up to position " + row.getLong(2)
                                + " were stored before the chain and chained by migration 39 at " + row.getString(1)
                                + ": for them the chain shows no change since then; every later event was chained "
                                + "as it was stored.")
                .stream().findFirst().orElse("No chain origin is recorded: migration 39 has not run.");
    }
}

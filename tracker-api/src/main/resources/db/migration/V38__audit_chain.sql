-- The hash chain of every conversation and the signed checkpoints over it (adr/0015-tamper-evident-history.md).

-- The SHA-256 (lower-case hex) of the event's canonical form, and the hash of the event before it in its
-- conversation (NULL for a first event). Written by the insert that stores the event. Events stored before this
-- migration get theirs from V39 (a Java migration, ChainExistingEvents), which records in audit_chain_origin from where the chain holds.
ALTER TABLE domain_event_entry ADD COLUMN event_hash VARCHAR(64);
ALTER TABLE domain_event_entry ADD COLUMN previous_hash VARCHAR(64);

-- One row: which events were chained by the migration rather than as they were stored. Their chain shows they have
-- not changed since the migration ran, not since they were recorded.
CREATE TABLE audit_chain_origin (
    origin_id       INT          NOT NULL,
    chained_at      VARCHAR(64)  NOT NULL,
    up_to_position  BIGINT       NOT NULL,
    events          BIGINT       NOT NULL,
    CONSTRAINT audit_chain_origin_pk PRIMARY KEY (origin_id)
);

-- A signed checkpoint: its statement (canonical JSON: number, position with its gaps, sealed at, counts, Merkle
-- root, hash of the previous statement) and the signature over the statement's bytes, Base64.
CREATE TABLE audit_checkpoint (
    checkpoint_number BIGINT       NOT NULL,
    position_index    BIGINT       NOT NULL,
    statement         VARCHAR      NOT NULL,
    signature         VARCHAR      NOT NULL,
    CONSTRAINT audit_checkpoint_pk PRIMARY KEY (checkpoint_number)
);

-- What changed at each checkpoint: the latest event of each conversation that had new events since the checkpoint
-- before. The heads at checkpoint N are the newest of these at or below N; the checkpoint's root is over them.
CREATE TABLE audit_checkpoint_head (
    checkpoint_number    BIGINT       NOT NULL,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    event_hash           VARCHAR(64)  NOT NULL,
    CONSTRAINT audit_checkpoint_head_pk PRIMARY KEY (checkpoint_number, aggregate_identifier)
);
CREATE INDEX audit_checkpoint_head_aggregate_ix ON audit_checkpoint_head (aggregate_identifier, checkpoint_number);

-- The sealer's own state: every conversation's latest sealed event. Equal to the heads at the newest checkpoint.
CREATE TABLE audit_chain_head (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    event_hash           VARCHAR(64)  NOT NULL,
    CONSTRAINT audit_chain_head_pk PRIMARY KEY (aggregate_identifier)
);

-- A read model being emptied for a rebuild (PendingResets, adr/0018-bulk-rebuild.md). On H2 a rebuild empties the
-- tables by TRUNCATE, which commits the transaction it runs in, so it commits this mark and the tokens at the start
-- first, and removes the mark when the tables are empty; a start that finds a mark finishes the emptying before the
-- processors run.
CREATE TABLE read_model_reset (
    processing_group VARCHAR(255)             NOT NULL PRIMARY KEY,
    requested_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

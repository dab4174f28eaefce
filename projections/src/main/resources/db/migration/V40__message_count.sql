-- How many messages there are in each process, direction and current status, kept by the message-state projection
-- batch by batch (each batch adds what it moved from one status to another), so the dpe.messages gauge reads a
-- few rows instead of counting the whole message table every refresh (at 1,000,000 messages that count took
-- seconds of CPU and pushed the lookups' pages out of H2's cache). A rebuild of message-state rebuilds it.
CREATE TABLE message_count (
    process   VARCHAR(16) NOT NULL,
    direction VARCHAR(8)  NOT NULL,
    status    VARCHAR(32) NOT NULL,
    messages  BIGINT      NOT NULL,
    PRIMARY KEY (process, direction, status)
);

-- what the projection has written so far; from here on it adds its batches' changes
INSERT INTO message_count (process, direction, status, messages)
SELECT process, direction, status, COUNT(*) FROM message_state GROUP BY process, direction, status;

-- The unfinished messages, oldest change first: support's stuck list and the dpe.messages.stuck gauge read along
-- it. With the index on last_update alone, both walked every finished message older than the bound before finding
-- the unfinished ones (at 1,000,000 delivered messages, the whole table). On message_state, kept by a streaming
-- processor, rather than on message_index: an index there is paid for by every command.
CREATE INDEX message_state_unfinished ON message_state (finished, last_update);

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

-- the dpe.messages.stuck gauge counts the unfinished messages, status by status, along this index
CREATE INDEX message_index_status_updated ON message_index (status, last_update);

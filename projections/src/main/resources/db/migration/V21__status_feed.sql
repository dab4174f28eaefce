-- The status feed (processing group "status-feed"): every status and kvittering in global event order, the
-- rows of the next-move /api/statuses. id is the event's global position (its token's index), so a replayed
-- event finds its row and inserts nothing, and a client can resume from the last id it saw. conv_id is the id
-- of the message's first row, the next-move "convId". status is NULL on a kvittering's row, whose
-- raw_receipt is the kvittering's status object.
CREATE TABLE status_feed (
    id              BIGINT                   NOT NULL PRIMARY KEY,
    conv_id         BIGINT                   NOT NULL,
    conversation_id VARCHAR(64)              NOT NULL,
    message_id      VARCHAR(64)              NOT NULL,
    direction       VARCHAR(8)               NOT NULL,
    status          VARCHAR(32),
    description     TEXT,
    raw_receipt     TEXT,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_update     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX status_feed_message ON status_feed (message_id);
CREATE INDEX status_feed_conversation ON status_feed (conversation_id);
CREATE INDEX status_feed_last_update ON status_feed (last_update);

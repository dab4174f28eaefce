-- The current state of every message, kept in the same transaction as the events (a subscribing
-- projection), so the API reads its own writes and a messageId can be used by one conversation only.
-- open_deadline is the deadline of a message that has neither finished nor expired: the deadline
-- watcher polls it (ADR 0003).
CREATE TABLE message_index (
    message_id          VARCHAR(64)              NOT NULL,
    direction           VARCHAR(8)               NOT NULL,
    conversation_id     VARCHAR(64)              NOT NULL,
    process             VARCHAR(16)              NOT NULL,
    document_type       VARCHAR(32)              NOT NULL,
    sender              VARCHAR(9)               NOT NULL,
    receiver            VARCHAR(9)               NOT NULL,
    deadline            TIMESTAMP WITH TIME ZONE NOT NULL,
    open_deadline       TIMESTAMP WITH TIME ZONE,
    status              VARCHAR(32)              NOT NULL,
    queued_for_sending  BOOLEAN                  NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    last_update         TIMESTAMP WITH TIME ZONE NOT NULL,
    sbd                 TEXT                     NOT NULL,
    PRIMARY KEY (message_id, direction)
);

CREATE INDEX message_index_conversation ON message_index (conversation_id);
CREATE INDEX message_index_open_deadline ON message_index (open_deadline);
CREATE INDEX message_index_direction_created ON message_index (direction, created_at);

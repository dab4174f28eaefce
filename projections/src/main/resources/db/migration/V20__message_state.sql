-- The message-state projection (processing group "message-state"): a streaming read model, rebuilt from
-- the event store on demand, so nothing here is the truth; the events are. Rows are written by folding one
-- event at a time onto the stored state with MessageStateFold, the same fold an auditor's "as of" view uses.

-- Every message: who, what, where it stands. id is the global position of the event that created it (stable
-- across rebuilds); last_sequence is the conversation's sequence number of the last event folded in, which
-- makes replaying an event a no-op. The kvittering columns hold eInnsyn's latest answer to the message.
CREATE TABLE message_state (
    id                        BIGINT                   NOT NULL,
    message_id                VARCHAR(64)              NOT NULL,
    direction                 VARCHAR(8)               NOT NULL,
    conversation_id           VARCHAR(64)              NOT NULL,
    process                   VARCHAR(16)              NOT NULL,
    document_type             VARCHAR(32)              NOT NULL,
    sender                    VARCHAR(9)               NOT NULL,
    receiver                  VARCHAR(9)               NOT NULL,
    deadline                  TIMESTAMP WITH TIME ZONE NOT NULL,
    status                    VARCHAR(32)              NOT NULL,
    finished                  BOOLEAN                  NOT NULL,
    queued_at                 TIMESTAMP WITH TIME ZONE,
    uncorrelated_kvittering   BOOLEAN                  NOT NULL,
    created_at                TIMESTAMP WITH TIME ZONE NOT NULL,
    last_update               TIMESTAMP WITH TIME ZONE NOT NULL,
    last_sequence             BIGINT                   NOT NULL,
    kvittering_message_id     VARCHAR(64),
    kvittering_dokument_id    VARCHAR(255),
    kvittering_referanse_type VARCHAR(32),
    kvittering_published      BOOLEAN,
    kvittering_warnings       TEXT,
    kvittering_status         TEXT,
    kvittering_occurred_at    TIMESTAMP WITH TIME ZONE,
    kvittering_recorded_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (message_id, direction)
);

CREATE UNIQUE INDEX message_state_id ON message_state (id);
CREATE INDEX message_state_conversation ON message_state (conversation_id);
CREATE INDEX message_state_last_update ON message_state (last_update);
CREATE INDEX message_state_sender ON message_state (sender);
CREATE INDEX message_state_receiver ON message_state (receiver);

-- Every status a message was given, in the order the conversation recorded them, late and after-delivery
-- arrivals marked. Keyed by the conversation's sequence number, so a replayed event inserts nothing.
CREATE TABLE message_state_history (
    conversation_id VARCHAR(64)              NOT NULL,
    sequence        BIGINT                   NOT NULL,
    message_id      VARCHAR(64)              NOT NULL,
    direction       VARCHAR(8)               NOT NULL,
    status          VARCHAR(32)              NOT NULL,
    description     TEXT,
    current_status  VARCHAR(32)              NOT NULL,
    late            BOOLEAN                  NOT NULL,
    after_delivery  BOOLEAN                  NOT NULL,
    source          VARCHAR(16)              NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    position        BIGINT,
    PRIMARY KEY (conversation_id, sequence)
);

CREATE INDEX message_state_history_message ON message_state_history (message_id, direction);

-- One row per conversation for search and lists, recomputed from its message_state rows in the same
-- transaction. Parties, process and direction are those of the conversation's first message; status is the
-- current status of the message that changed last; open_count counts messages not yet finished.
CREATE TABLE conversation_summary (
    conversation_id VARCHAR(64)              NOT NULL PRIMARY KEY,
    process         VARCHAR(16)              NOT NULL,
    document_type   VARCHAR(32)              NOT NULL,
    sender          VARCHAR(9)               NOT NULL,
    receiver        VARCHAR(9)               NOT NULL,
    direction       VARCHAR(8)               NOT NULL,
    status          VARCHAR(32)              NOT NULL,
    message_count   INTEGER                  NOT NULL,
    open_count      INTEGER                  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_update     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX conversation_summary_last_update ON conversation_summary (last_update);

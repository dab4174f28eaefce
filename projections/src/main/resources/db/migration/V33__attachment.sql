-- The files of each message, by direction, as the events name them: a file attached to an outgoing message
-- (FileAttachedEvent) or carried by a received one (MessageReceivedEvent). Kept by the message index in the
-- transaction that stores the events, so a file is listed exactly when its event is stored. The bytes live in
-- file_content, by SHA-256. ordinal keeps the order the message has its files in.
CREATE TABLE attachment (
    message_id  VARCHAR(64)              NOT NULL,
    direction   VARCHAR(8)               NOT NULL,
    name        VARCHAR(255)             NOT NULL,
    ordinal     INTEGER                  NOT NULL,
    filename    VARCHAR(255)             NOT NULL,
    media_type  VARCHAR(255)             NOT NULL,
    size        BIGINT                   NOT NULL,
    sha256      VARCHAR(64)              NOT NULL,
    title       VARCHAR(1000),
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (message_id, direction, name)
);

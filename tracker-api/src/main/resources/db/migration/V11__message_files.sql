-- Files live outside the event store, content-addressed by SHA-256 (one copy however many messages
-- carry it); the events only reference them. In the database rather than the data directory, so that
-- several nodes sharing one PostgreSQL see the same files.
CREATE TABLE file_content (
    sha256      VARCHAR(64)    NOT NULL PRIMARY KEY,
    size        BIGINT         NOT NULL,
    content     BYTEA          NOT NULL
);

-- The files uploaded for an outgoing message, before and after it is sent. A name is unique per message.
CREATE TABLE message_file (
    message_id  VARCHAR(64)              NOT NULL,
    name        VARCHAR(255)             NOT NULL,
    filename    VARCHAR(255)             NOT NULL,
    media_type  VARCHAR(255)             NOT NULL,
    size        BIGINT                   NOT NULL,
    sha256      VARCHAR(64)              NOT NULL REFERENCES file_content (sha256),
    title       VARCHAR(1000),
    uploaded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (message_id, name)
);

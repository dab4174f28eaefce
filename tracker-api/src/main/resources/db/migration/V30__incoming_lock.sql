-- A fagsystem's claim on an incoming message it peeked (GET /api/messages/in/peek): nobody else gets the
-- message until locked_until has passed. A row is claimed with one conditional UPDATE (or, the first time,
-- an INSERT that the primary key lets only one client win), so competing clients on any number of nodes
-- never get the same message. Rows of finished messages are removed.
CREATE TABLE incoming_lock (
    message_id    VARCHAR(64)              NOT NULL PRIMARY KEY,
    locked_until  TIMESTAMP WITH TIME ZONE,
    lock_owner    VARCHAR(255)
);

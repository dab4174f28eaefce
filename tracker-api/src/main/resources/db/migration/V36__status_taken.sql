-- next-move's status queue (GET /api/statuses/peek, DELETE /api/statuses/{id}): a client that polls statuses as a
-- queue takes each one off it once it has handled it. The statuses themselves stay in status_feed (a read model
-- that can be rebuilt: its ids are the events' global positions, so what was taken stays taken).
CREATE TABLE status_taken (
    status_id  BIGINT                   NOT NULL PRIMARY KEY,
    taken_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

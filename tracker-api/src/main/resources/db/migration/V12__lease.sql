-- Leases for work that one node of several must do alone (the deadline watcher). A node holds a lease
-- while it keeps renewing it; when it stops (or is killed), another takes over once the lease expires.
CREATE TABLE lease (
    name        VARCHAR(64)              NOT NULL PRIMARY KEY,
    owner       VARCHAR(255),
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO lease (name, owner, expires_at) VALUES ('deadline-watcher', NULL, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');

-- The console stores each image push's status and refreshes it only when the one
-- event is read (ServiceShareEventPost.get); the list returns what is stored.
ALTER TABLE share_events ADD COLUMN event_status TEXT NOT NULL DEFAULT 'not_start';
-- 1: this push never ends (a stuck cluster), injected by the faults endpoint.
ALTER TABLE share_events ADD COLUMN hangs INTEGER NOT NULL DEFAULT 0;
-- What the console answered on the last failed push, for the failure's reason.
ALTER TABLE share_events ADD COLUMN message TEXT NOT NULL DEFAULT '';

-- Ids the console never hands out twice (its tables count up, and giving up
-- deletes rows): SQLite would reuse the largest id after a delete.
CREATE TABLE id_sequences (
    name TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);
INSERT INTO id_sequences (name, last) VALUES
    ('share_records', COALESCE((SELECT max(id) FROM share_records), 0)),
    ('share_events', COALESCE((SELECT max(id) FROM share_events), 0));

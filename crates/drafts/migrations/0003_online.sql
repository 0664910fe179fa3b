-- What the servers confirmed, and what waits to be pushed. Secrets are never here:
-- they are in the OS keyring.

-- Where the publisher connects and what the store and console last said (JSON of
-- core::online::Connection).
CREATE TABLE connection (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    state       TEXT NOT NULL DEFAULT '{}',
    updated_at  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO connection (id) VALUES (1);

-- The last known live listing: the store's app and its packages (JSON of
-- core::online::LiveListing), so the app can show what a push will change.
CREATE TABLE live_listings (
    listing_id  TEXT PRIMARY KEY REFERENCES listings (id) ON DELETE CASCADE,
    app_id      TEXT NOT NULL,
    live        TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- The console's share record of a version being published, kept before the
-- first image push so a crash or a network cut resumes it.
ALTER TABLE versions ADD COLUMN share_id INTEGER;

-- Pushes waiting for the network, in order (JSON of core::online::OutboxAction).
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    listing_id  TEXT REFERENCES listings (id) ON DELETE CASCADE,
    action      TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    failed      INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX outbox_once ON outbox (action);

-- The publisher: one row, shared by every listing. No secrets here: they live in the OS keyring.
CREATE TABLE publisher (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    store_url     TEXT NOT NULL,
    market_domain TEXT NOT NULL,
    account_phone TEXT NOT NULL DEFAULT '',
    nickname      TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    bio           TEXT NOT NULL DEFAULT '',
    updated_at    INTEGER NOT NULL
);

CREATE TABLE listings (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    introduction  TEXT NOT NULL DEFAULT '',
    tags          TEXT NOT NULL DEFAULT '[]',               -- JSON array of strings
    publish_type  TEXT NOT NULL DEFAULT 'private' CHECK (publish_type IN ('private', 'public')),
    current_step  TEXT NOT NULL DEFAULT 'appInfo',
    -- Statuses of wizard steps 4-7 as a JSON array, recomputed in the transaction of
    -- every write so the portfolio never has to re-run the rules.
    progress      TEXT NOT NULL DEFAULT '[]',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX listings_by_update ON listings (updated_at DESC);

CREATE TABLE versions (
    id            TEXT PRIMARY KEY,
    listing_id    TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    version       TEXT NOT NULL DEFAULT '',
    alias         TEXT NOT NULL DEFAULT '',
    release_notes TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '{"kind":"notChosen"}'  -- JSON TemplateSource
);
CREATE INDEX versions_by_listing ON versions (listing_id, position);

CREATE TABLE packages (
    id            TEXT PRIMARY KEY,
    listing_id    TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    version       TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX packages_by_listing ON packages (listing_id, position);

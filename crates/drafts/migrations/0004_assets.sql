-- Images (logos, screenshots), each stored once by content hash under the data
-- folder's assets/ directory; a row says what its file is, so checks never decode
-- it again. Rows no listing refers to are removed with their files (collect_garbage).
CREATE TABLE assets (
    hash        TEXT PRIMARY KEY,                 -- SHA-256 of the file, lowercase hex
    format      TEXT NOT NULL CHECK (format IN ('png', 'jpeg', 'gif', 'webp', 'svg')),
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    bytes       INTEGER NOT NULL,
    alpha       INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);

-- The logo that will be pushed, and the file the maintainer gave before any fix.
ALTER TABLE listings ADD COLUMN logo TEXT REFERENCES assets (hash);
ALTER TABLE listings ADD COLUMN logo_original TEXT REFERENCES assets (hash);
-- The fixes that made the logo from the original (JSON of core::LogoFixes).
ALTER TABLE listings ADD COLUMN logo_fixes TEXT NOT NULL DEFAULT '{}';

CREATE TABLE screenshots (
    id          TEXT PRIMARY KEY,
    listing_id  TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    asset       TEXT NOT NULL REFERENCES assets (hash),
    caption     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX screenshots_by_listing ON screenshots (listing_id, position);

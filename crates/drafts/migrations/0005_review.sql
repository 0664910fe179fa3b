-- Rule levels the listing changes (JSON of core::RuleLevels: {"name.recommended": "off"}).
ALTER TABLE listings ADD COLUMN rule_levels TEXT NOT NULL DEFAULT '{}';
-- Opened from a bundle for review: read-only but for notes.
ALTER TABLE listings ADD COLUMN for_review INTEGER NOT NULL DEFAULT 0;
-- The RAM template the latest version packages (JSON of core::Template), when imported.
ALTER TABLE listings ADD COLUMN template TEXT;

-- One reviewer's note per field (and item: a version's or package's id, '' for none).
-- Upserted, so a note keeps its place (rowid) when it is edited.
CREATE TABLE review_notes (
    listing_id  TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    field       TEXT NOT NULL,
    item        TEXT NOT NULL DEFAULT '',
    text        TEXT NOT NULL,
    author      TEXT NOT NULL DEFAULT '',
    updated_at  INTEGER NOT NULL,
    UNIQUE (listing_id, field, item)
);

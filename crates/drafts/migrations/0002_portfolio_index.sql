-- The portfolio is read from one covering index, in its display order: no table
-- pages (introductions stay on disk), no per-row counting, no sort.
ALTER TABLE listings ADD COLUMN version_count INTEGER NOT NULL DEFAULT 0;
UPDATE listings SET version_count = (SELECT count(*) FROM versions v WHERE v.listing_id = listings.id);
CREATE INDEX listings_portfolio ON listings (updated_at DESC, id DESC, name, description, progress, version_count);
DROP INDEX listings_by_update;

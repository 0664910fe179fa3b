-- The portfolio shows each listing's logo: the covering index gains its hash,
-- so the list is still read from the index alone.
DROP INDEX listings_portfolio;
CREATE INDEX listings_portfolio ON listings (updated_at DESC, id DESC, name, description, progress, version_count, logo);

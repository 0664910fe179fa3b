-- A library version's Release mark (rainbond-install-upgrade.md B1): who set
-- it last (kept when it is cleared) and when the row was last changed.
ALTER TABLE library_versions ADD COLUMN release_user_id INTEGER;
ALTER TABLE library_versions ADD COLUMN update_time INTEGER;

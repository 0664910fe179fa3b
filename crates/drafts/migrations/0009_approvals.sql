-- Reviewers' signed approvals of a listing (rbpub_approvals): the statement
-- signed and its SSH signature, byte for byte, one per signer's key (file).
CREATE TABLE approvals (
    listing_id  TEXT NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    file        TEXT NOT NULL,
    statement   TEXT NOT NULL,
    signature   TEXT NOT NULL,
    PRIMARY KEY (listing_id, file)
);
-- The folder or bundle a listing was imported from: its project's rbpub.toml
-- [release] rule is read from there again each time it is shown.
ALTER TABLE listings ADD COLUMN imported_from TEXT;
-- What the window remembers between runs that is not a draft's: the path of
-- the user's signing key (never the key).
CREATE TABLE settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

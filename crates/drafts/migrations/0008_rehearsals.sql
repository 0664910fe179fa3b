-- The last rehearsal of a version's install and upgrade (rbpub_service::rehearse's
-- report as JSON): what reviewers see beside the preview and step 4 shows again.
CREATE TABLE rehearsals (
    version_id  TEXT PRIMARY KEY REFERENCES versions (id) ON DELETE CASCADE,
    report      TEXT NOT NULL,
    at          INTEGER NOT NULL
);

-- The console's own library (rainbond-api.md, "Publishing to the console's own
-- library"): app models (rainbond_center_app), their version rows
-- (rainbond_center_app_version, one per share, so a number can repeat), and
-- enterprise tags.

-- A record's scope: `goodrain` for a store; as sent for a local share until the
-- submit, then the model's own scope.
ALTER TABLE share_records ADD COLUMN scope TEXT NOT NULL DEFAULT 'goodrain';

CREATE TABLE library_models (
    app_id         TEXT PRIMARY KEY,
    enterprise_id  TEXT NOT NULL,
    app_name       TEXT NOT NULL,
    scope          TEXT NOT NULL,
    create_team    TEXT,
    describe       TEXT NOT NULL DEFAULT '',
    pic            TEXT,
    details        TEXT,
    dev_status     TEXT,
    source         TEXT NOT NULL DEFAULT 'local',
    is_ingerit     INTEGER NOT NULL DEFAULT 1,
    is_version     INTEGER NOT NULL DEFAULT 0,
    create_time    INTEGER NOT NULL,
    update_time    INTEGER NOT NULL
);

CREATE TABLE library_versions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id         TEXT NOT NULL,
    version        TEXT NOT NULL,
    version_alias  TEXT NOT NULL DEFAULT '',
    describe       TEXT NOT NULL DEFAULT '',
    dev_status     TEXT NOT NULL DEFAULT '',
    scope          TEXT NOT NULL,
    record_id      INTEGER,
    is_complete    INTEGER NOT NULL DEFAULT 0,
    app_template   TEXT NOT NULL DEFAULT '{}',
    region_name    TEXT,
    create_time    INTEGER NOT NULL,
    upgrade_time   INTEGER NOT NULL
);

-- The name column is unique across every enterprise, at most 32 characters.
CREATE TABLE library_tags (
    tag_id         INTEGER PRIMARY KEY AUTOINCREMENT,
    enterprise_id  TEXT NOT NULL,
    name           TEXT NOT NULL UNIQUE
);

CREATE TABLE library_model_tags (
    app_id  TEXT NOT NULL,
    tag_id  INTEGER NOT NULL,
    PRIMARY KEY (app_id, tag_id)
);

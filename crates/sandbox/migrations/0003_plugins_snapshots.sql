-- Plugin image pushes live in a table of their own, with their own ids, as the
-- console keeps them (PluginShareRecordEvent): a service event and a plugin
-- event can have the same id.
CREATE TABLE plugin_share_events (
    id            INTEGER PRIMARY KEY,
    share_id      INTEGER NOT NULL REFERENCES share_records (id),
    plugin_id     TEXT NOT NULL,
    plugin_name   TEXT NOT NULL,                    -- the plugin's alias
    event_status  TEXT NOT NULL DEFAULT 'not_start',
    started_ms    INTEGER,
    fails         INTEGER NOT NULL DEFAULT 0,
    hangs         INTEGER NOT NULL DEFAULT 0
);
INSERT INTO id_sequences (name, last) VALUES ('plugin_share_events', 0);

-- The template the submit built (the version row's app_template), which
-- complete sends to the store; NULL before the submit.
ALTER TABLE share_records ADD COLUMN template TEXT;

-- An app's snapshots: version rows of its hidden template
-- (template_type application_version).
CREATE TABLE snapshots (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id         INTEGER NOT NULL REFERENCES console_apps (group_id),
    app_model_id     TEXT NOT NULL,                 -- the hidden template's id
    version          TEXT NOT NULL,
    version_alias    TEXT NOT NULL DEFAULT '',
    app_version_info TEXT NOT NULL DEFAULT '',
    template         TEXT NOT NULL,                 -- JSON: apps, plugins, k8s_resources
    diff_summary     TEXT NOT NULL,                 -- JSON, against the snapshot before
    create_time      INTEGER NOT NULL,
    UNIQUE (group_id, version)
);

-- The hidden per-app template every snapshot of the app belongs to.
CREATE TABLE hidden_templates (
    group_id  INTEGER PRIMARY KEY REFERENCES console_apps (group_id),
    app_id    TEXT NOT NULL UNIQUE
);

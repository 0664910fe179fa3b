-- Installing library and store versions into apps, upgrading them, deleting
-- apps (rainbond-install-upgrade.md, read 2026-12-07). An app made through the
-- console has its Kubernetes name; a plainly deleted app's row stays, marked,
-- because the console leaves its components behind in the cluster.
ALTER TABLE console_apps ADD COLUMN k8s_app TEXT;
ALTER TABLE console_apps ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE console_apps ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;

-- tenant_service_group: one row per install of a model into an app.
CREATE TABLE console_upgrade_groups (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id       INTEGER NOT NULL,
    group_key      TEXT NOT NULL,        -- the model (library app_id or store app id)
    group_name     TEXT NOT NULL,
    group_version  TEXT NOT NULL,
    source         TEXT NOT NULL,        -- 'local' or 'market'
    market_name    TEXT NOT NULL DEFAULT '',
    create_time    INTEGER NOT NULL
);

-- app_upgrade_record, with its component records as JSON.
CREATE TABLE console_upgrade_records (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id         INTEGER NOT NULL,
    upgrade_group_id INTEGER NOT NULL,
    group_key        TEXT NOT NULL,
    version          TEXT NOT NULL DEFAULT '',
    old_version      TEXT NOT NULL,
    status           INTEGER NOT NULL,
    record_type      TEXT NOT NULL DEFAULT 'upgrade',
    service_records  TEXT NOT NULL DEFAULT '[]',
    started_ms       INTEGER,
    create_time      INTEGER NOT NULL,
    update_time      INTEGER NOT NULL
);

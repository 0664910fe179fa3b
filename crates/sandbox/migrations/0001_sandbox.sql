-- The sandbox's own state: one file for the console and the store it plays.

-- The store side.
CREATE TABLE store_users (
    id          INTEGER PRIMARY KEY,
    phone       TEXT NOT NULL UNIQUE,
    password    TEXT NOT NULL,
    nickname    TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    bio         TEXT NOT NULL DEFAULT '',
    access_key  TEXT NOT NULL UNIQUE,
    -- JSON array: "Write", "ReadInstall" or "OnlyRead"
    actions     TEXT NOT NULL DEFAULT '["Write"]'
);

CREATE TABLE store_apps (
    app_key_id    TEXT PRIMARY KEY,
    owner_id      INTEGER NOT NULL REFERENCES store_users (id),
    name          TEXT NOT NULL,
    "desc"        TEXT NOT NULL DEFAULT '',
    introduction  TEXT NOT NULL DEFAULT '',
    logo          TEXT NOT NULL DEFAULT '',         -- a URL served by the sandbox
    publish_type  TEXT NOT NULL DEFAULT 'private',
    tags          TEXT NOT NULL DEFAULT '[]',
    listed        INTEGER NOT NULL DEFAULT 0,
    create_time   INTEGER NOT NULL,
    update_time   INTEGER NOT NULL
);

CREATE TABLE store_versions (
    app_key_id     TEXT NOT NULL REFERENCES store_apps (app_key_id),
    version        TEXT NOT NULL,
    version_alias  TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL DEFAULT '',
    template       TEXT NOT NULL,                   -- the RAM object, as JSON text
    create_time    INTEGER NOT NULL,
    update_time    INTEGER NOT NULL,
    PRIMARY KEY (app_key_id, version)
);

CREATE TABLE store_packages (
    package_id   TEXT PRIMARY KEY,
    app_key_id   TEXT NOT NULL REFERENCES store_apps (app_key_id),
    name         TEXT NOT NULL,
    version      TEXT NOT NULL,
    type         TEXT NOT NULL DEFAULT 'free',
    description  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE images (
    id     TEXT PRIMARY KEY,
    mime   TEXT NOT NULL,
    bytes  BLOB NOT NULL
);

-- The console side.
CREATE TABLE console_users (
    user_id        INTEGER PRIMARY KEY,
    nick_name      TEXT NOT NULL UNIQUE,
    password       TEXT NOT NULL,
    email          TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    enterprise_id  TEXT NOT NULL
);

CREATE TABLE console_tokens (
    token    TEXT PRIMARY KEY,
    user_id  INTEGER NOT NULL REFERENCES console_users (user_id)
);

CREATE TABLE console_markets (
    enterprise_id  TEXT NOT NULL,
    name           TEXT NOT NULL,
    url            TEXT NOT NULL,
    domain         TEXT NOT NULL,
    access_key     TEXT NOT NULL,
    type           TEXT NOT NULL DEFAULT 'rainstore',
    PRIMARY KEY (enterprise_id, name)
);

-- Running apps in a team; `template` is the RAM the share flow publishes.
CREATE TABLE console_apps (
    group_id     INTEGER PRIMARY KEY,
    team_name    TEXT NOT NULL,
    region_name  TEXT NOT NULL,
    group_name   TEXT NOT NULL,
    template     TEXT NOT NULL
);

CREATE TABLE share_records (
    id            INTEGER PRIMARY KEY,
    group_id      INTEGER NOT NULL REFERENCES console_apps (group_id),
    team_name     TEXT NOT NULL,
    region_name   TEXT NOT NULL,
    store_name    TEXT NOT NULL,
    step          INTEGER NOT NULL DEFAULT 1,
    status        INTEGER NOT NULL DEFAULT 0,       -- 0 publishing, 1 published, 2 cancelled, 3 deleted
    is_success    INTEGER NOT NULL DEFAULT 0,
    app_model_id  TEXT NOT NULL DEFAULT '',
    version       TEXT NOT NULL DEFAULT '',
    version_alias TEXT NOT NULL DEFAULT '',
    describe      TEXT NOT NULL DEFAULT '',
    -- JSON: the share_service_list submitted with the version's info
    services      TEXT NOT NULL DEFAULT '[]',
    create_time   INTEGER NOT NULL,
    update_time   INTEGER NOT NULL
);

CREATE TABLE share_events (
    id            INTEGER PRIMARY KEY,
    share_id      INTEGER NOT NULL REFERENCES share_records (id),
    service_id    TEXT NOT NULL,
    service_name  TEXT NOT NULL,
    type          TEXT NOT NULL DEFAULT 'service',
    started_ms    INTEGER,                          -- NULL: not started
    fails         INTEGER NOT NULL DEFAULT 0        -- 1: this push ends in failure
);

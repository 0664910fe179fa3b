//! Opening the drafts database: the one place that decides whether a file on disk
//! may be touched. A damaged file, a foreign SQLite file or one written by a newer
//! app is reported and left exactly as it was; an older one is backed up first.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection};

use crate::error::{is_corrupt_sql, Error, Result};

pub const DB_FILE: &str = "drafts.db";
const LOCK_FILE: &str = "drafts.lock";

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

pub(crate) struct Opened {
    pub pool: SqlitePool,
    pub path: PathBuf,
    /// The backup taken before migrating an existing database, if one was needed.
    pub backup: Option<PathBuf>,
}

pub(crate) async fn open(dir: &Path) -> Result<Opened> {
    let folder_err = |source| Error::Folder {
        path: dir.to_path_buf(),
        source,
    };
    private_dir(dir).map_err(folder_err)?;
    let path = dir.join(DB_FILE);
    // Two instances starting on one folder must not migrate or back up at the same
    // time; the OS releases this lock if the process dies.
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(LOCK_FILE))
        .map_err(folder_err)?;
    // Waiting for the other instance blocks, so it must not hold up the async runtime.
    let lock = tokio::task::spawn_blocking(move || lock.lock().map(|()| lock))
        .await
        .map_err(|e| folder_err(std::io::Error::other(e)))?
        .map_err(folder_err)?;

    let corrupt = |e: sqlx::Error| {
        if is_corrupt_sql(&e) {
            Error::Corrupt {
                path: path.clone(),
                detail: e.to_string(),
            }
        } else {
            Error::Sql(e)
        }
    };
    // Look before touching: even switching to WAL rewrites the header, so an
    // existing file is first inspected on a read-only connection.
    let applied = if path.exists() {
        inspect(&path).await?
    } else {
        Vec::new()
    };
    let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
    if let Some(&found) = applied.iter().max() {
        if found > known {
            return Err(Error::TooNew { path, found, known });
        }
    }

    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // In WAL mode NORMAL keeps every committed transaction across an app crash
        // (SIGKILL); only an OS crash can lose the last commits.
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .map_err(corrupt)?;

    let pending = MIGRATOR.iter().any(|m| !applied.contains(&m.version));
    let backup = if pending && !applied.is_empty() {
        let schema = applied.iter().max().copied().unwrap_or(0);
        Some(back_up(&pool, dir, schema).await?)
    } else {
        None
    };
    MIGRATOR.run(&pool).await?;
    if backup.is_some() {
        remove_partial_backups(dir);
    }
    drop(lock);
    Ok(Opened { pool, path, backup })
}

const PARTIAL: &str = ".partial";

/// A copy of the database before it is migrated, under a name no earlier start
/// used: a start that failed half-way (a full disk) leaves only a `.partial`
/// file behind, never a name that blocks the next start.
async fn back_up(pool: &SqlitePool, dir: &Path, schema: i64) -> Result<PathBuf> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    let mut n = 0;
    let backup = loop {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let name = dir.join(format!("{DB_FILE}.backup-schema-{schema}-{stamp}{suffix}"));
        let partial = partial_of(&name);
        if !name.exists() && !partial.exists() {
            break name;
        }
        n += 1;
    };
    let partial = partial_of(&backup);
    // VACUUM INTO writes a consistent copy, including what still sits in the WAL.
    sqlx::query("VACUUM INTO ?1")
        .bind(partial.to_string_lossy().as_ref())
        .execute(pool)
        .await?;
    std::fs::rename(&partial, &backup).map_err(|source| Error::Folder {
        path: backup.clone(),
        source,
    })?;
    Ok(backup)
}

fn partial_of(backup: &Path) -> PathBuf {
    let mut name = backup.as_os_str().to_owned();
    name.push(PARTIAL);
    PathBuf::from(name)
}

/// Half-written backups of earlier starts that failed: only files this code
/// names (`drafts.db.backup-schema-*.partial`) are removed, and only once a
/// migration has gone through.
fn remove_partial_backups(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!("{DB_FILE}.backup-schema-");
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && name.starts_with(&prefix) && name.ends_with(PARTIAL) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The migrations already applied to an existing file, read without writing to it.
/// A file that has tables but no migration history is some other program's
/// database, and is refused.
async fn inspect(path: &Path) -> Result<Vec<i64>> {
    let corrupt = |e: sqlx::Error| {
        if is_corrupt_sql(&e) {
            Error::Corrupt {
                path: path.to_path_buf(),
                detail: e.to_string(),
            }
        } else {
            Error::Sql(e)
        }
    };
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .busy_timeout(Duration::from_secs(5));
    let mut conn = options.connect().await.map_err(corrupt)?;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(&mut conn)
    .await
    .map_err(corrupt)?;
    let applied = if tables.iter().any(|t| t == "_sqlx_migrations") {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(&mut conn)
            .await
            .map_err(corrupt)?
    } else if tables.is_empty() {
        Vec::new()
    } else {
        return Err(Error::Corrupt {
            path: path.to_path_buf(),
            detail: format!(
                "it holds other tables ({}) and no Rainbond Publisher schema",
                tables.join(", ")
            ),
        });
    };
    conn.close().await?;
    Ok(applied)
}

/// The data folder, made private to its owner (0700) when it is made, and
/// narrowed to that when it was made wider; another user's folder is refused.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let meta = std::fs::metadata(dir)?;
        // Another user's folder: the drafts, the socket and the checkpoints
        // kept there would be theirs to read and change.
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::fs::MetadataExt;
            let ours = rustix::process::geteuid().as_raw();
            if meta.uid() != ours {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!(
                        "it belongs to another user (uid {}, you are {ours}), who could read and change what is kept there",
                        meta.uid()
                    ),
                ));
            }
        }
        if meta.permissions().mode() & 0o077 != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
        Ok(())
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir)
}

//! Persistence: one connection type that is SQLite or PostgreSQL, its pool, the embedded
//! migrations of each backend, and the transaction helpers every write goes through.

pub mod audit;
pub mod auth;
pub mod award_types;
pub mod awardees;
pub mod awards;
pub mod base_salaries;
pub mod changes;
pub mod congresses;
pub mod council;
pub mod criteria;
pub mod decisions;
pub mod deferred;
pub mod documents;
pub mod dossiers;
pub mod eligibility;
pub mod error;
pub mod files;
pub mod funding;
pub mod groups;
pub mod idempotency;
pub mod imports;
pub mod initiatives;
pub mod inspections;
pub mod models;
pub mod movements;
pub mod nominations;
pub mod plans;
pub mod publicity;
pub mod quotas;
pub mod registrations;
pub mod reminders;
pub mod reorganisations;
pub mod reporting;
pub mod schema;
pub mod stats;
pub mod units;

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::R2D2Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::{AppError, AppResult};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// A connection to whichever database the service runs on.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Where the data lives, parsed from `DATABASE_URL`.
#[derive(Clone, Debug)]
pub struct DbTarget {
    pub backend: Backend,
    /// A PostgreSQL URL, or the SQLite file path.
    pub location: String,
}

impl DbTarget {
    pub fn parse(url: &str) -> Result<DbTarget, String> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DbTarget {
                backend: Backend::Postgres,
                location: url.to_owned(),
            });
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.is_empty() || path.contains("://") {
            return Err(format!(
                "DATABASE_URL '{url}' is neither postgres://… nor a SQLite file path (sqlite://path)"
            ));
        }
        Ok(DbTarget {
            backend: Backend::Sqlite,
            location: path.to_owned(),
        })
    }
}

/// The error of opening a connection, with the database's own words.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("{0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("{0}")]
    Query(#[from] diesel::result::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The pool's manager: opens the right backend and reports the real cause of a failure
/// (the derive's own `establish` tries every backend and hides it).
#[derive(Debug)]
pub struct Manager {
    target: DbTarget,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConn, ConnectError> {
        match self.target.backend {
            Backend::Postgres => {
                let mut conn = diesel::PgConnection::establish(&self.target.location)?;
                conn.batch_execute("SET TIME ZONE 'UTC'")?;
                Ok(DbConn::Postgres(conn))
            }
            Backend::Sqlite => {
                let path = std::path::Path::new(&self.target.location);
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)?;
                }
                let mut conn = diesel::SqliteConnection::establish(&self.target.location)?;
                conn.batch_execute(
                    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                )?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), ConnectError> {
        Ok(conn.ping()?)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        conn.is_broken()
    }
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// The database handle shared by handlers: a pool and the backend it speaks to.
#[derive(Clone)]
pub struct Db {
    pub pool: Pool,
    pub backend: Backend,
}

impl Db {
    /// Opens the database, failing with the real cause (a wrong password, an unknown host, …).
    pub fn connect(url: &str, max_size: u32) -> anyhow::Result<Db> {
        let target = DbTarget::parse(url).map_err(anyhow::Error::msg)?;
        let manager = Manager {
            target: target.clone(),
        };
        // One direct connection first: r2d2 alone would only say that it timed out.
        let first = r2d2::ManageConnection::connect(&manager).map_err(|e| {
            anyhow::anyhow!(
                "cannot open the {} database at {}: {e}",
                target.backend.name(),
                redact_url(&target.location)
            )
        })?;
        drop(first);
        let pool = r2d2::Pool::builder()
            .max_size(max_size)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build(manager)?;
        Ok(Db {
            pool,
            backend: target.backend,
        })
    }

    pub fn get(&self) -> AppResult<PooledConn> {
        Ok(self.pool.get()?)
    }

    /// Applies the pending migrations of this backend (one instance at a time on PostgreSQL).
    pub fn migrate(&self) -> anyhow::Result<()> {
        let mut conn = self.pool.get()?;
        let result = match &mut *conn {
            DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(drop),
            DbConn::Postgres(c) => {
                c.batch_execute("SELECT pg_advisory_lock(7216001)")?;
                let r = c.run_pending_migrations(POSTGRES_MIGRATIONS).map(drop);
                c.batch_execute("SELECT pg_advisory_unlock(7216001)")?;
                r
            }
        };
        result.map_err(|e| anyhow::anyhow!("migration failed: {e}"))
    }

    /// Runs a read on a blocking thread.
    pub async fn read<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        actix_web::web::block(move || {
            let mut conn = db.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// Runs a read on a blocking thread, waiting at most `within` for a connection and for the
    /// answer: for checks that must answer quickly whatever the database does (a database that
    /// hangs keeps one blocking thread until it answers, not the caller).
    pub async fn read_within<T, F>(&self, within: Duration, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        let work = actix_web::web::block(move || {
            let mut conn = db.pool.get_timeout(within)?;
            f(&mut conn)
        });
        match tokio::time::timeout(within, work).await {
            Ok(answer) => answer?,
            Err(_) => Err(AppError::unavailable(crate::t!(
                "Cơ sở dữ liệu không trả lời trong {} ms.",
                "The database did not answer within {} ms.",
                within.as_millis()
            ))
            .with_code(crate::error::Code::DatabaseUnavailable)),
        }
    }

    /// Runs a write transaction on a blocking thread; see [`write_tx`].
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnMut(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        actix_web::web::block(move || {
            let mut conn = db.get()?;
            write_tx(&mut conn, f)
        })
        .await?
    }

    /// Runs `f` in a transaction that is always rolled back: what a change would do, without
    /// writing it (a dry run sees exactly the rows the change would leave).
    pub async fn rehearse<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        actix_web::web::block(move || rehearse_tx(&mut *db.get()?, f)).await?
    }
}

/// Hides the password of a PostgreSQL URL in messages.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Whether an error means "the database is busy, try again": SQLite's lock, PostgreSQL's
/// serialization failure or deadlock.
pub fn is_busy(e: &diesel::result::Error) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    match e {
        Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
        Error::DatabaseError(_, info) => {
            let m = info.message();
            m.contains("database is locked")
                || m.contains("database table is locked")
                || m.contains("deadlock detected")
                || m.contains("could not serialize")
        }
        _ => false,
    }
}

const WRITE_ATTEMPTS: u32 = 8;

/// Begins a write transaction, as [`write_tx`] and [`Db::rehearse`] need it.
fn begin_write(conn: &mut DbConn) -> diesel::QueryResult<()> {
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"),
        DbConn::Postgres(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN"),
    }
}

/// Runs `f` in a write transaction that is always rolled back (see [`Db::rehearse`]).
pub fn rehearse_tx<T, F>(conn: &mut DbConn, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConn) -> AppResult<T>,
{
    begin_write(conn).map_err(AppError::from)?;
    let outcome = f(conn);
    <DbConn as Connection>::TransactionManager::rollback_transaction(conn)
        .map_err(AppError::from)?;
    outcome
}

/// A write transaction that may read before it writes. On SQLite it takes the write lock up
/// front (`BEGIN IMMEDIATE`), so two writers never both read stale data; on PostgreSQL the
/// closure locks the rows it depends on (see [`lock_key`]). A busy database is retried with
/// backoff, so the caller sees a 503 only when it stays busy, never a 500.
pub fn write_tx<T, F>(conn: &mut DbConn, mut f: F) -> AppResult<T>
where
    F: FnMut(&mut DbConn) -> AppResult<T>,
{
    let mut attempt = 0;
    loop {
        attempt += 1;
        let outcome = match begin_write(conn) {
            Ok(()) => {
                match f(conn) {
                    Ok(value) => {
                        match <DbConn as Connection>::TransactionManager::commit_transaction(conn) {
                            Ok(()) => Ok(value),
                            Err(e) => {
                                let _ = <DbConn as Connection>::TransactionManager::rollback_transaction(conn);
                                Err(Retry::from_diesel(e))
                            }
                        }
                    }
                    Err(e) => {
                        let _ =
                            <DbConn as Connection>::TransactionManager::rollback_transaction(conn);
                        Err(Retry::App(e))
                    }
                }
            }
            Err(e) => Err(Retry::from_diesel(e)),
        };
        match outcome {
            Ok(v) => return Ok(v),
            Err(Retry::Busy(e)) if attempt < WRITE_ATTEMPTS => {
                tracing::debug!(attempt, error = %e, "database busy, retrying");
                let jitter = u64::from(rand::random::<u8>() % 20);
                std::thread::sleep(Duration::from_millis(
                    10 * u64::from(attempt * attempt) + jitter,
                ));
            }
            Err(Retry::Busy(e)) => return Err(e.into()),
            Err(Retry::App(e))
                if e.code == Some(crate::error::Code::DatabaseBusy) && attempt < WRITE_ATTEMPTS =>
            {
                std::thread::sleep(Duration::from_millis(10 * u64::from(attempt * attempt)));
            }
            Err(Retry::App(e)) => return Err(e),
        }
    }
}

enum Retry {
    Busy(diesel::result::Error),
    App(AppError),
}

impl Retry {
    fn from_diesel(e: diesel::result::Error) -> Retry {
        if is_busy(&e) {
            Retry::Busy(e)
        } else {
            Retry::App(e.into())
        }
    }
}

/// Serialises writers that depend on the same fact (a quota, a fund, a key) across every
/// instance, for the rest of the transaction. SQLite's `BEGIN IMMEDIATE` already does so.
pub fn lock_key(conn: &mut DbConn, key: &str) -> AppResult<()> {
    if let DbConn::Postgres(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind::<diesel::sql_types::Text, _>(key)
            .execute(c)?;
    }
    Ok(())
}

/// Like [`lock_key`], but answers false at once when another transaction holds the key on
/// PostgreSQL instead of waiting for it. On SQLite the transaction is already the only writer.
pub fn try_lock_key(conn: &mut DbConn, key: &str) -> AppResult<bool> {
    #[derive(QueryableByName)]
    struct Taken {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        taken: bool,
    }
    if let DbConn::Postgres(c) = conn {
        let row: Taken =
            diesel::sql_query("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS taken")
                .bind::<diesel::sql_types::Text, _>(key)
                .get_result(c)?;
        return Ok(row.taken);
    }
    Ok(true)
}

/// A fresh time-ordered identifier.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Now on the service's clock, in UTC, to the microsecond (what both backends keep).
pub fn now() -> chrono::NaiveDateTime {
    crate::clock::current().now_naive()
}

/// Now on the machine's clock, whatever `THIDUA_CLOCK` says: for security time (sign-in
/// throttling) and delivery schedules (the webhook outbox), which must keep moving.
pub fn system_now() -> chrono::NaiveDateTime {
    crate::clock::Clock::System.now_naive()
}

/// The tables and columns of the live database, for the schema-parity test and `readyz`.
pub fn columns(conn: &mut DbConn) -> AppResult<Vec<(String, String)>> {
    #[derive(QueryableByName)]
    struct Col {
        #[diesel(sql_type = diesel::sql_types::Text)]
        table_name: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        column_name: String,
    }
    let rows: Vec<Col> = match conn {
        DbConn::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS table_name, p.name AS column_name \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             AND m.name <> '__diesel_schema_migrations' ORDER BY 1, 2",
        )
        .load(c)?,
        DbConn::Postgres(c) => diesel::sql_query(
            "SELECT table_name::text AS table_name, column_name::text AS column_name \
             FROM information_schema.columns WHERE table_schema = current_schema() \
             AND table_name <> '__diesel_schema_migrations' ORDER BY 1, 2",
        )
        .load(c)?,
    };
    Ok(rows
        .into_iter()
        .map(|c| (c.table_name, c.column_name))
        .collect())
}

/// A cheap round trip, for `readyz`.
pub fn ping(conn: &mut DbConn) -> AppResult<()> {
    conn.batch_execute("SELECT 1")?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn urls_pick_the_backend() {
        assert_eq!(
            DbTarget::parse("postgres://u:p@h/db").map(|t| t.backend),
            Ok(Backend::Postgres)
        );
        let t = DbTarget::parse("sqlite://data/x.db").map(|t| (t.backend, t.location));
        assert_eq!(t, Ok((Backend::Sqlite, "data/x.db".to_owned())));
        assert!(DbTarget::parse("mysql://h/db").is_err());
    }

    fn memory() -> DbConn {
        let mut c = diesel::SqliteConnection::establish(":memory:").expect("in-memory SQLite");
        c.run_pending_migrations(SQLITE_MIGRATIONS)
            .expect("migrations");
        DbConn::Sqlite(c)
    }

    #[test]
    fn units_deactivated_before_events_existed_become_events() {
        let mut c = diesel::SqliteConnection::establish(":memory:").expect("in-memory SQLite");
        // Up to the reorganisations table, without lineage.
        loop {
            let v = c
                .run_next_migration(SQLITE_MIGRATIONS)
                .expect("a migration");
            if v.to_string().ends_with("000014") {
                break;
            }
        }
        c.batch_execute(
            "INSERT INTO units (id, code, name, name_key, search_text, kind, active, valid_to, \
             successor_id, version, created_at, updated_at) VALUES \
             ('a', 'A', 'A', 'a', 'a', 'department', 1, NULL, NULL, 1, '2020-01-01 00:00:00', '2020-01-01 00:00:00'), \
             ('b', 'B', 'B', 'b', 'b', 'department', 0, '2025-02-28', 'a', 2, '2020-01-01 00:00:00', '2025-03-02 00:00:00'), \
             ('c', 'C', 'C', 'c', 'c', 'district', 0, NULL, NULL, 2, '2020-01-01 00:00:00', '2025-07-03 08:00:00')",
        )
        .expect("units deactivated the old way");
        c.run_pending_migrations(SQLITE_MIGRATIONS)
            .expect("the rest");
        let mut conn = DbConn::Sqlite(c);
        let events = reorganisations::list(&mut conn, None, None, 10).expect("events");
        let shown: Vec<(String, String, String)> = events
            .iter()
            .map(|e| {
                (
                    e.kind.as_str().to_owned(),
                    e.unit_id.clone(),
                    e.effective_on.to_string(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("absorb".to_owned(), "a".to_owned(), "2025-03-01".to_owned()),
                (
                    "dissolve".to_owned(),
                    "c".to_owned(),
                    "2025-07-03".to_owned()
                )
            ]
        );
        let ids: Vec<String> = events.iter().map(|e| e.id.clone()).collect();
        let mut links: Vec<(String, String)> = reorganisations::links(&mut conn, &ids)
            .expect("links")
            .into_iter()
            .map(|l| (l.unit_id, l.role.as_str().to_owned()))
            .collect();
        links.sort();
        assert_eq!(
            links,
            [
                ("a".to_owned(), "successor".to_owned()),
                ("b".to_owned(), "predecessor".to_owned()),
                ("c".to_owned(), "predecessor".to_owned())
            ]
        );
    }

    #[test]
    fn an_unknown_stored_text_is_an_error_naming_the_type_and_the_value() {
        use crate::domain::vocab::UnitKind;
        use diesel::sql_types::Text;
        let mut conn = memory();
        let known: UnitKind = diesel::select("press".into_sql::<Text>())
            .get_result(&mut conn)
            .expect("a known value");
        assert_eq!(known, UnitKind::Press);
        let e = diesel::select("xyz".into_sql::<Text>())
            .get_result::<UnitKind>(&mut conn)
            .expect_err("an unknown value");
        assert!(matches!(e, diesel::result::Error::DeserializationError(_)));
        let text = crate::error::with_causes(&e);
        assert!(
            text.ends_with(r#": unknown UnitKind value "xyz" in the database"#),
            "{text}"
        );
    }

    #[test]
    fn an_unknown_stored_text_in_a_row_names_its_column_for_the_log() {
        let mut conn = memory();
        conn.batch_execute(
            "INSERT INTO units (id, code, name, name_key, search_text, kind, active, version, \
             created_at, updated_at) VALUES ('u1', 'X', 'X', 'x', 'x', 'xyz', 1, 1, \
             '2025-01-01 00:00:00', '2025-01-01 00:00:00')",
        )
        .expect("insert");
        let e = schema::units::table
            .select(units::UnitRow::as_select())
            .first(&mut conn)
            .expect_err("an unknown kind");
        let text = crate::error::with_causes(&e);
        assert!(text.contains("field 'kind'"), "{text}");
        assert!(text.contains(r#"unknown UnitKind value "xyz""#), "{text}");
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact_url("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact_url("postgres://h/db"), "postgres://h/db");
    }
}

//! The audit log: every write records who, what, before and after, in the write's own transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::Value;

use super::schema::audit_log;
use super::{new_id, now, DbConn};
use crate::error::AppResult;

pub use crate::domain::access::Who;

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub id: String,
    pub occurred_at: NaiveDateTime,
    pub actor_type: String,
    pub actor_id: String,
    pub actor_unit_id: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before_data: Option<String>,
    pub after_data: Option<String>,
    pub request_id: Option<String>,
    /// The event the change was made under (a reorganisation's id), if any.
    pub cause_id: Option<String>,
}

/// Records one change. Call it inside the transaction of the change.
pub fn record(
    conn: &mut DbConn,
    who: &Who,
    action: &str,
    entity: &str,
    entity_id: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> AppResult<()> {
    let row = AuditRow {
        id: new_id(),
        occurred_at: now(),
        actor_type: who.actor_type.clone(),
        actor_id: who.actor_id.clone(),
        actor_unit_id: who.actor_unit_id.clone(),
        action: action.to_owned(),
        entity: entity.to_owned(),
        entity_id: entity_id.to_owned(),
        before_data: before.map(Value::to_string),
        after_data: after.map(Value::to_string),
        request_id: who.request_id.clone(),
        cause_id: who.cause_id.clone(),
    };
    match super::deferred::keep_audit(row) {
        None => Ok(()),
        Some(row) => insert_all(conn, std::slice::from_ref(&row)),
    }
}

/// Writes audit entries: on PostgreSQL a thousand to a statement.
pub(super) fn insert_all(conn: &mut DbConn, rows: &[AuditRow]) -> AppResult<()> {
    match conn {
        DbConn::Postgres(c) => {
            for chunk in rows.chunks(1000) {
                diesel::insert_into(audit_log::table)
                    .values(chunk)
                    .execute(c)?;
            }
        }
        DbConn::Sqlite(c) => {
            for row in rows {
                diesel::insert_into(audit_log::table)
                    .values(row)
                    .execute(c)?;
            }
        }
    }
    Ok(())
}

#[derive(Default, Debug)]
pub struct Filter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor_id: Option<String>,
    pub action: Option<String>,
    pub cause_id: Option<String>,
    pub since: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

/// The newest entries first; `after` is the id of the last entry already seen.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<AuditRow>> {
    let mut q = audit_log::table.select(AuditRow::as_select()).into_boxed();
    if let Some(v) = &f.entity {
        q = q.filter(audit_log::entity.eq(v.clone()));
    }
    if let Some(v) = &f.entity_id {
        q = q.filter(audit_log::entity_id.eq(v.clone()));
    }
    if let Some(v) = &f.actor_id {
        q = q.filter(audit_log::actor_id.eq(v.clone()));
    }
    if let Some(v) = &f.action {
        q = q.filter(audit_log::action.eq(v.clone()));
    }
    if let Some(v) = &f.cause_id {
        q = q.filter(audit_log::cause_id.eq(v.clone()));
    }
    if let Some(v) = f.since {
        q = q.filter(audit_log::occurred_at.ge(v));
    }
    if let Some(v) = f.until {
        q = q.filter(audit_log::occurred_at.lt(v));
    }
    if let Some(id) = after {
        q = q.filter(audit_log::id.lt(id.to_owned()));
    }
    Ok(q.order(audit_log::id.desc()).limit(limit + 1).load(conn)?)
}

/// When the last change of anything was recorded: a safe `Last-Modified` for public pages
/// (every write, deletions included, is in the log).
pub fn last_change(conn: &mut DbConn) -> AppResult<Option<NaiveDateTime>> {
    Ok(audit_log::table
        .order(audit_log::id.desc())
        .select(audit_log::occurred_at)
        .first(conn)
        .optional()?)
}

//! Units' webhooks, reminders (đôn đốc), and the outbox that delivers them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{plans, reminders, webhook_outbox, webhooks};
use super::DbConn;
use crate::domain::vocab::ReminderKind;
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Clone, Debug)]
#[diesel(table_name = webhooks)]
pub struct WebhookRow {
    pub unit_id: String,
    pub url: String,
    pub secret: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Serialize, Clone, Debug)]
#[diesel(table_name = reminders)]
pub struct ReminderRow {
    pub id: String,
    pub unit_id: String,
    pub kind: ReminderKind,
    /// JSON: what the reminder is about (report type and period, plans, or a date range).
    pub subject: String,
    pub message: String,
    pub sent_by: String,
    pub sender_unit_id: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Queryable, Selectable, Insertable, Clone, Debug)]
#[diesel(table_name = webhook_outbox)]
pub struct OutboxRow {
    /// The `webhook-id` of the message.
    pub id: String,
    pub unit_id: String,
    pub reminder_id: Option<String>,
    pub event_type: String,
    pub payload: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
    pub failed_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn webhook(conn: &mut DbConn, unit_id: &str) -> AppResult<Option<WebhookRow>> {
    Ok(webhooks::table
        .find(unit_id)
        .select(WebhookRow::as_select())
        .first(conn)
        .optional()?)
}

/// Registers or replaces a unit's webhook.
pub fn put_webhook(conn: &mut DbConn, row: &WebhookRow) -> AppResult<()> {
    diesel::delete(webhooks::table.find(&row.unit_id)).execute(conn)?;
    diesel::insert_into(webhooks::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn delete_webhook(conn: &mut DbConn, unit_id: &str) -> AppResult<bool> {
    Ok(diesel::delete(webhooks::table.find(unit_id)).execute(conn)? == 1)
}

pub fn insert_reminder(conn: &mut DbConn, row: &ReminderRow) -> AppResult<()> {
    diesel::insert_into(reminders::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn insert_message(conn: &mut DbConn, row: &OutboxRow) -> AppResult<()> {
    diesel::insert_into(webhook_outbox::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Reminders, newest first; `after` is the last id seen.
pub fn reminders(
    conn: &mut DbConn,
    unit_id: Option<&str>,
    kind: Option<ReminderKind>,
    after: Option<&str>,
    limit: i64,
) -> AppResult<Vec<ReminderRow>> {
    let mut q = reminders::table
        .select(ReminderRow::as_select())
        .into_boxed();
    if let Some(u) = unit_id {
        q = q.filter(reminders::unit_id.eq(u.to_owned()));
    }
    if let Some(k) = kind {
        q = q.filter(reminders::kind.eq(k));
    }
    if let Some(id) = after {
        q = q.filter(reminders::id.lt(id.to_owned()));
    }
    Ok(q.order(reminders::id.desc()).limit(limit + 1).load(conn)?)
}

/// The outbox messages of some reminders.
pub fn messages_of(conn: &mut DbConn, reminder_ids: &[String]) -> AppResult<Vec<OutboxRow>> {
    Ok(webhook_outbox::table
        .filter(webhook_outbox::reminder_id.eq_any(reminder_ids))
        .select(OutboxRow::as_select())
        .load(conn)?)
}

/// Messages due for an attempt, oldest first.
pub fn due(
    conn: &mut DbConn,
    at: NaiveDateTime,
    skip_units: &[String],
    limit: i64,
) -> AppResult<Vec<OutboxRow>> {
    Ok(webhook_outbox::table
        .filter(diesel::dsl::not(webhook_outbox::unit_id.eq_any(skip_units)))
        .filter(webhook_outbox::delivered_at.is_null())
        .filter(webhook_outbox::failed_at.is_null())
        .filter(webhook_outbox::next_attempt_at.le(at))
        .order(webhook_outbox::next_attempt_at)
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)?)
}

/// Takes a due message for one attempt until `lease_until`; false when another instance took
/// it first (its `next_attempt_at` moved).
pub fn claim(conn: &mut DbConn, row: &OutboxRow, lease_until: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(
        webhook_outbox::table
            .find(&row.id)
            .filter(webhook_outbox::next_attempt_at.eq(row.next_attempt_at))
            .filter(webhook_outbox::delivered_at.is_null())
            .filter(webhook_outbox::failed_at.is_null()),
    )
    .set(webhook_outbox::next_attempt_at.eq(lease_until))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn delivered(conn: &mut DbConn, id: &str, attempts: i32) -> AppResult<()> {
    diesel::update(webhook_outbox::table.find(id))
        .set((
            webhook_outbox::attempts.eq(attempts),
            webhook_outbox::delivered_at.eq(Some(super::system_now())),
            webhook_outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn retry_at(
    conn: &mut DbConn,
    id: &str,
    attempts: i32,
    at: NaiveDateTime,
    error: &str,
) -> AppResult<()> {
    diesel::update(webhook_outbox::table.find(id))
        .set((
            webhook_outbox::attempts.eq(attempts),
            webhook_outbox::next_attempt_at.eq(at),
            webhook_outbox::last_error.eq(Some(truncate(error))),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn give_up(conn: &mut DbConn, id: &str, attempts: i32, error: &str) -> AppResult<()> {
    diesel::update(webhook_outbox::table.find(id))
        .set((
            webhook_outbox::attempts.eq(attempts),
            webhook_outbox::failed_at.eq(Some(super::system_now())),
            webhook_outbox::last_error.eq(Some(truncate(error))),
        ))
        .execute(conn)?;
    Ok(())
}

fn truncate(error: &str) -> String {
    error.chars().take(500).collect()
}

/// Plans not issued by their due date (before `today`): (plan id, unit id, title, due date),
/// of one movement or all, due in one year or any.
pub fn overdue_plans(
    conn: &mut DbConn,
    today: chrono::NaiveDate,
    movement_id: Option<&str>,
    year: Option<i32>,
) -> AppResult<Vec<(String, String, String, chrono::NaiveDate)>> {
    let mut q = plans::table
        .filter(plans::issued_on.is_null())
        .filter(plans::due_on.lt(today))
        .select((plans::id, plans::unit_id, plans::title, plans::due_on))
        .into_boxed();
    if let Some(m) = movement_id {
        q = q.filter(plans::movement_id.eq(m.to_owned()));
    }
    if let Some(y) = year {
        if let (Some(first), Some(last)) = (
            chrono::NaiveDate::from_ymd_opt(y, 1, 1),
            chrono::NaiveDate::from_ymd_opt(y, 12, 31),
        ) {
            q = q.filter(plans::due_on.between(first, last));
        }
    }
    Ok(q.order((plans::unit_id, plans::due_on)).load(conn)?)
}

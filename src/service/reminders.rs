//! Use cases of reminders (đôn đốc): units' webhooks, finding the units a reminder concerns
//! (missing a report, with a plan overdue, with nothing on their portal), recording each
//! reminder with its outbox message, and the outbox steps of the delivery worker.

use crate::error::Code;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use utoipa::ToSchema;

use super::reports::{of_units, stored_json, ComplianceFilter};
use super::{new_id, now, DbConn, Who};
use crate::domain::vocab::{ComplianceStatus, DeliveryStatus, ReminderKind};
use crate::domain::{page as paging, today};
use crate::error::{unknown_reference, AppError, AppResult, FieldError};
use crate::store::reminders as store;
pub use crate::store::reminders::{OutboxRow, ReminderRow, WebhookRow};
use crate::store::reporting::{leads_on, participants};
use crate::store::{audit, movements, stats, system_now, units};
use crate::t;

#[derive(Serialize, ToSchema)]
pub struct Delivery {
    pub status: DeliveryStatus,
    /// The `webhook-id` of the message.
    pub message_id: Option<String>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// A reminder: what its unit's webhook receives in `data`.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8d01", "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03",
    "kind": "missing_report", "subject": {"report_type_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8a01", "report_type_code": "BC-TDKT-QUY", "period": "2025Q3", "due_date": "2025-09-19"},
    "message": "Đề nghị quý cơ quan gửi báo cáo BC-TDKT-QUY kỳ 2025Q3 (hạn 2025-09-19).",
    "sent_by": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f0001", "sender_unit_id": null, "created_at": "2025-09-22T01:00:00Z"}))]
pub struct ReminderData {
    pub id: String,
    pub unit_id: String,
    pub kind: ReminderKind,
    /// What it is about: `report_type_id`, `report_type_code`, `period`, `due_date`; or `plans`
    /// (id, title, due date); or `from` and `to`.
    #[schema(value_type = Object)]
    pub subject: Value,
    pub message: String,
    pub sent_by: String,
    pub sender_unit_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A reminder and how its message to the unit's webhook went.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8d01", "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03",
    "kind": "missing_report", "subject": {"report_type_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8a01", "report_type_code": "BC-TDKT-QUY", "period": "2025Q3", "due_date": "2025-09-19"},
    "message": "Đề nghị quý cơ quan gửi báo cáo BC-TDKT-QUY kỳ 2025Q3 (hạn 2025-09-19).",
    "sent_by": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f0001", "sender_unit_id": null, "created_at": "2025-09-22T01:00:00Z",
    "delivery": {"status": "delivered", "message_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8d02", "attempts": 1, "last_error": null, "delivered_at": "2025-09-22T01:00:01Z"}}))]
pub struct Reminder {
    #[serde(flatten)]
    pub reminder: ReminderData,
    pub delivery: Delivery,
}

/// The message a unit's webhook receives for each reminder (Standard Webhooks: signed in
/// `webhook-signature`, one `webhook-id` for every retry of it).
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"type": "reminder.created", "timestamp": "2025-09-22T01:00:00Z",
    "data": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8d01", "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03",
    "kind": "missing_report", "subject": {"report_type_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8a01", "report_type_code": "BC-TDKT-QUY", "period": "2025Q3", "due_date": "2025-09-19"},
    "message": "Đề nghị quý cơ quan gửi báo cáo BC-TDKT-QUY kỳ 2025Q3 (hạn 2025-09-19).",
    "sent_by": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f0001", "sender_unit_id": null, "created_at": "2025-09-22T01:00:00Z"}}))]
pub struct ReminderMessage {
    /// The event: `reminder.created`.
    #[schema(value_type = ReminderEvent)]
    pub r#type: &'static str,
    /// When the reminder was sent.
    pub timestamp: DateTime<Utc>,
    pub data: ReminderData,
}

/// The events a unit's webhook receives.
#[derive(ToSchema)]
#[allow(dead_code)]
pub enum ReminderEvent {
    #[schema(rename = "reminder.created")]
    ReminderCreated,
}

#[derive(Serialize, ToSchema)]
pub struct SentReminders {
    /// How many units were reminded (0 when none is concerned).
    pub count: usize,
    pub reminders: Vec<Reminder>,
}

impl Delivery {
    /// How the message of a reminder went (`no_webhook` when there is none).
    fn of(message: Option<&OutboxRow>) -> Delivery {
        match message {
            None => Delivery {
                status: DeliveryStatus::NoWebhook,
                message_id: None,
                attempts: 0,
                last_error: None,
                delivered_at: None,
            },
            Some(m) => Delivery {
                status: if m.delivered_at.is_some() {
                    DeliveryStatus::Delivered
                } else if m.failed_at.is_some() {
                    DeliveryStatus::Failed
                } else {
                    DeliveryStatus::Pending
                },
                message_id: Some(m.id.clone()),
                attempts: m.attempts,
                last_error: m.last_error.clone(),
                delivered_at: m.delivered_at.map(|t| t.and_utc()),
            },
        }
    }
}

impl Reminder {
    /// A reminder with its delivery; a stored subject that is not JSON is a loud error.
    pub fn of(r: ReminderRow, message: Option<&OutboxRow>) -> AppResult<Reminder> {
        Ok(Reminder {
            reminder: ReminderData::of(r)?,
            delivery: Delivery::of(message),
        })
    }
}

impl ReminderData {
    fn of(r: ReminderRow) -> AppResult<ReminderData> {
        Ok(ReminderData {
            subject: stored_json("reminders.subject", &r.subject)?,
            kind: r.kind,
            id: r.id,
            unit_id: r.unit_id,
            message: r.message,
            sent_by: r.sent_by,
            sender_unit_id: r.sender_unit_id,
            created_at: r.created_at.and_utc(),
        })
    }
}

/// A unit's webhook to register or replace, its URL checked.
pub struct PutWebhook {
    pub unit_id: String,
    pub url: String,
    /// Issue a new signing secret.
    pub rotate_secret: bool,
}

/// Registers or replaces a unit's webhook: the row and whether its secret was issued now (the
/// first registration, or a rotation). The secret itself never reaches the audit log.
pub fn put_webhook(
    conn: &mut DbConn,
    who: &Who,
    cmd: &PutWebhook,
) -> AppResult<(WebhookRow, bool)> {
    if !units::missing(conn, std::slice::from_ref(&cmd.unit_id))?.is_empty() {
        return Err(AppError::not_found("đơn vị (unit)"));
    }
    let before = store::webhook(conn, &cmd.unit_id)?;
    let at = now();
    let issue = before.is_none() || cmd.rotate_secret;
    let row = WebhookRow {
        unit_id: cmd.unit_id.clone(),
        url: cmd.url.clone(),
        secret: match &before {
            Some(w) if !issue => w.secret.clone(),
            _ => crate::webhooks::new_secret(),
        },
        created_at: before.as_ref().map_or(at, |w| w.created_at),
        updated_at: at,
    };
    store::put_webhook(conn, &row)?;
    audit::record(
        conn,
        who,
        if before.is_some() { "update" } else { "create" },
        "webhook",
        &cmd.unit_id,
        before.as_ref().map(|w| json!({"url": w.url})).as_ref(),
        Some(&json!({"url": row.url, "secret_rotated": issue})),
    )?;
    Ok((row, issue))
}

/// A unit's webhook; 404 when it has none.
pub fn webhook(conn: &mut DbConn, unit_id: &str) -> AppResult<WebhookRow> {
    store::webhook(conn, unit_id)?
        .ok_or_else(|| AppError::not_found("webhook của đơn vị (unit webhook)"))
}

/// Removes a unit's webhook; 404 when it has none.
pub fn delete_webhook(conn: &mut DbConn, who: &Who, unit_id: &str) -> AppResult<()> {
    if !store::delete_webhook(conn, unit_id)? {
        return Err(AppError::not_found("webhook của đơn vị (unit webhook)"));
    }
    audit::record(conn, who, "delete", "webhook", unit_id, None, None)
}

/// Hands a unit's webhook over to `to` when `to` has none of its own; otherwise, or when `to`
/// is `None`, removes it: a step of a reorganisation. The secret stays with the URL.
pub fn hand_over_webhook(
    conn: &mut DbConn,
    who: &Who,
    from: &str,
    to: Option<&str>,
) -> AppResult<Option<String>> {
    let Some(before) = store::webhook(conn, from)? else {
        return Ok(None);
    };
    store::delete_webhook(conn, from)?;
    let to = match to {
        Some(unit) if store::webhook(conn, unit)?.is_none() => unit,
        _ => {
            audit::record(conn, who, "reorganise", "webhook", from, None, None)?;
            return Ok(None);
        }
    };
    let row = WebhookRow {
        unit_id: to.to_owned(),
        updated_at: now(),
        ..before
    };
    store::put_webhook(conn, &row)?;
    let after = json!({"url": row.url, "from_unit_id": from});
    audit::record(conn, who, "reorganise", "webhook", to, None, Some(&after))?;
    Ok(Some(to.to_owned()))
}

/// Reminders to send, their fields checked: the service finds the units concerned.
pub struct SendReminders {
    pub kind: ReminderKind,
    /// For `missing_report`: the report type's id or code, and the period.
    pub report_type: Option<String>,
    pub period: Option<String>,
    /// For `overdue_plan`: only plans due in this year.
    pub year: Option<i32>,
    /// For `no_portal_item`: the period looked at.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub movement_id: Option<String>,
    /// Only these of the units concerned.
    pub unit_ids: Option<Vec<String>>,
    /// The text sent instead of the standard one.
    pub message: Option<String>,
    /// The sender's unit when it reminds as a movement's lead unit (it must lead the movement).
    pub lead_unit: Option<String>,
    /// The user who sends them.
    pub sender: String,
}

/// The units a reminder concerns, each with its subject and standard text.
type Target = (String, Value, String);

/// The units missing a report of a type and period, as compliance finds them (a `partial`
/// successor too: its duty is not met); its errors name the members of the reminder's body
/// rather than the query parameters.
fn missing_report(conn: &mut DbConn, cmd: &SendReminders) -> AppResult<Vec<Target>> {
    let q = ComplianceFilter {
        report_type: cmd.report_type.clone().unwrap_or_default(),
        period: cmd.period.clone().unwrap_or_default(),
        group: None,
        movement: cmd.movement_id.clone(),
        status: None,
    };
    let c = of_units(conn, &q, None).map_err(|e| {
        // The parameters of compliance are members of this body.
        match e.errors.first().and_then(|f| f.parameter.clone()) {
            Some(p) => {
                let pointer = if p == "type" {
                    "/report_type".to_owned()
                } else {
                    format!("/{p}")
                };
                // The same problem (its kind and code), pointing into this body.
                let mut moved = e.clone();
                moved.errors = e
                    .errors
                    .iter()
                    .map(|f| FieldError::body(pointer.clone(), f.detail.clone()))
                    .collect();
                moved
            }
            None => e,
        }
    })?;
    let code = crate::store::reporting::report_type(conn, &c.report_type_id)?
        .map(|t| t.code)
        .unwrap_or_default();
    let subject = json!({"report_type_id": c.report_type_id, "report_type_code": code,
        "period": c.period, "due_date": c.due_date});
    let text = format!(
        "Đề nghị quý cơ quan gửi báo cáo {code} kỳ {} (hạn {}).",
        c.period, c.due_date
    );
    Ok(c.units
        .into_iter()
        .filter(|u| {
            matches!(
                u.status,
                ComplianceStatus::Missing | ComplianceStatus::Partial
            )
        })
        .map(|u| (u.unit_id, subject.clone(), text.clone()))
        .collect())
}

/// The units with plans overdue today, each with its plans.
fn overdue_plan(
    conn: &mut DbConn,
    cmd: &SendReminders,
    today: NaiveDate,
) -> AppResult<Vec<Target>> {
    let mut by_unit: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (id, unit, title, due) in
        store::overdue_plans(conn, today, cmd.movement_id.as_deref(), cmd.year)?
    {
        by_unit
            .entry(unit)
            .or_default()
            .push(json!({"plan_id": id, "title": title, "due_date": due}));
    }
    Ok(by_unit
        .into_iter()
        .map(|(unit, plans)| {
            let text = format!(
                "Đề nghị quý cơ quan ban hành {} kế hoạch đã quá hạn.",
                plans.len()
            );
            (unit, json!({"plans": plans}), text)
        })
        .collect())
}

/// The active units with nothing on their own portal between two days.
fn no_portal_item(
    conn: &mut DbConn,
    cmd: &SendReminders,
    today: NaiveDate,
) -> AppResult<Vec<Target>> {
    let (from, to) = (cmd.from.unwrap_or(today), cmd.to.unwrap_or(today));
    let with: HashSet<String> = stats::units_with_portal_items(conn, from, to)?
        .into_iter()
        .collect();
    let mut units: Vec<String> = stats::active_units(conn)?
        .into_iter()
        .map(|(id, _, _)| id)
        .filter(|id| !with.contains(id))
        .collect();
    if let Some(m) = &cmd.movement_id {
        let year = chrono::Datelike::year(&to);
        let part: HashSet<String> = participants(conn, year, to)?
            .into_iter()
            .filter(|(mv, _, _)| mv == m)
            .map(|(_, _, u)| u)
            .collect();
        units.retain(|u| part.contains(u));
    }
    let text = format!(
        "Đề nghị quý cơ quan đăng tải tin bài về phong trào thi đua, điển hình tiên tiến trên cổng thông tin của đơn vị (từ {from} đến {to} chưa có)."
    );
    Ok(units
        .into_iter()
        .map(|u| (u, json!({"from": from, "to": to}), text.clone()))
        .collect())
}

/// Checks the movement named, and that a lead unit leads it today.
fn check_movement(conn: &mut DbConn, cmd: &SendReminders) -> AppResult<()> {
    let Some(m) = &cmd.movement_id else {
        return Ok(());
    };
    if movements::get(conn, m)?.is_none() {
        return Err(unknown_reference("/movement_id", "phong trào / movement"));
    }
    if let Some(unit) = &cmd.lead_unit {
        if !leads_on(conn, Some(m), today())?.contains(unit) {
            return Err(AppError::forbidden(t!(
                "Đơn vị của bạn không chủ trì phong trào này.",
                "Your unit does not lead this movement."
            ))
            .with_code(Code::NotLeadUnit));
        }
    }
    Ok(())
}

/// The outbox message announcing a reminder to a unit with a webhook (`None` without one).
fn announce(conn: &mut DbConn, row: &ReminderRow) -> AppResult<Option<OutboxRow>> {
    if store::webhook(conn, &row.unit_id)?.is_none() {
        return Ok(None);
    }
    let message = ReminderMessage {
        r#type: "reminder.created",
        timestamp: row.created_at.and_utc(),
        data: ReminderData::of(row.clone())?,
    };
    let m = OutboxRow {
        id: new_id(),
        unit_id: row.unit_id.clone(),
        reminder_id: Some(row.id.clone()),
        event_type: message.r#type.to_owned(),
        payload: serde_json::to_string(&message).unwrap_or_default(),
        attempts: 0,
        // Deliveries run on the machine's clock (see `store::system_now`).
        next_attempt_at: system_now(),
        delivered_at: None,
        failed_at: None,
        last_error: None,
        created_at: row.created_at,
    };
    store::insert_message(conn, &m)?;
    Ok(Some(m))
}

/// Sends reminders to every unit concerned: each is recorded, announced to the unit's webhook
/// through the outbox, and audited.
pub fn send(conn: &mut DbConn, who: &Who, cmd: &SendReminders) -> AppResult<SentReminders> {
    check_movement(conn, cmd)?;
    let today = today();
    let mut found = match cmd.kind {
        ReminderKind::MissingReport => missing_report(conn, cmd)?,
        ReminderKind::OverduePlan => overdue_plan(conn, cmd, today)?,
        ReminderKind::NoPortalItem => no_portal_item(conn, cmd, today)?,
    };
    if let Some(only) = &cmd.unit_ids {
        found.retain(|(u, _, _)| only.contains(u));
    }
    // A unit that has ended is reminded of nothing, whatever it left undone.
    let ids: Vec<String> = found.iter().map(|(u, _, _)| u.clone()).collect();
    let ended: HashSet<String> = units::ended_before(conn, &ids, today)?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    found.retain(|(u, _, _)| !ended.contains(u));
    let at = now();
    let mut sent = Vec::with_capacity(found.len());
    for (unit_id, subject, text) in found {
        let row = ReminderRow {
            id: new_id(),
            unit_id,
            kind: cmd.kind,
            subject: subject.to_string(),
            message: cmd.message.clone().unwrap_or(text),
            sent_by: cmd.sender.clone(),
            sender_unit_id: cmd.lead_unit.clone(),
            created_at: at,
        };
        store::insert_reminder(conn, &row)?;
        let message = announce(conn, &row)?;
        audit::record(
            conn,
            who,
            "send",
            "reminder",
            &row.id,
            None,
            Some(&json!({"unit_id": row.unit_id, "kind": row.kind, "subject": subject})),
        )?;
        sent.push(Reminder::of(row, message.as_ref())?);
    }
    Ok(SentReminders {
        count: sent.len(),
        reminders: sent,
    })
}

/// A page of reminders, newest first, with their delivery, and the cursor of the next.
pub fn reminders(
    conn: &mut DbConn,
    unit: Option<&str>,
    kind: Option<ReminderKind>,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<Reminder>, Option<String>)> {
    let rows = store::reminders(conn, unit, kind, after, limit)?;
    let (rows, next) = paging::split(rows, limit, |r| r.id.clone());
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let messages: HashMap<String, OutboxRow> = store::messages_of(conn, &ids)?
        .into_iter()
        .filter_map(|m| m.reminder_id.clone().map(|r| (r, m)))
        .collect();
    let items = rows
        .into_iter()
        .map(|r| {
            let m = messages.get(&r.id);
            Reminder::of(r, m)
        })
        .collect::<AppResult<Vec<_>>>()?;
    Ok((items, next))
}

/// A claimed outbox message and its unit's webhook (URL and secret), if it still has one.
pub type Claimed = (OutboxRow, Option<(String, String)>);

/// Claims up to `limit` due outbox messages for `lease` (on the machine's clock), each with its
/// unit's webhook (URL and secret) if it still has one; messages of `skip_units` (whose
/// deliveries are under way) are left for later.
pub fn claim_due(
    conn: &mut DbConn,
    lease: Duration,
    skip_units: &[String],
    limit: i64,
) -> AppResult<Vec<Claimed>> {
    let mut claimed = Vec::new();
    for row in store::due(conn, system_now(), skip_units, limit)? {
        if store::claim(conn, &row, system_now() + lease)? {
            let hook = store::webhook(conn, &row.unit_id)?.map(|w| (w.url, w.secret));
            claimed.push((row, hook));
        }
    }
    Ok(claimed)
}

/// An attempt to deliver an outbox message: its number and how it went.
pub struct Attempt {
    pub attempts: i32,
    pub outcome: Result<(), String>,
    /// Attempts before the message is given up.
    pub max_attempts: i32,
    /// The wait before the next attempt if this one failed.
    pub retry_in: Duration,
}

/// Records a delivery attempt: delivered, given up after the last attempt, or tried again
/// later (on the machine's clock).
pub fn record_attempt(conn: &mut DbConn, id: &str, a: &Attempt) -> AppResult<()> {
    match &a.outcome {
        Ok(()) => store::delivered(conn, id, a.attempts),
        Err(e) if a.attempts >= a.max_attempts => store::give_up(conn, id, a.attempts, e),
        Err(e) => store::retry_at(conn, id, a.attempts, system_now() + a.retry_in, e),
    }
}

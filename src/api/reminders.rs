//! Reminders (đôn đốc): the coordinator — or a movement's lead unit, for the units in its
//! movement — reminds the units missing a report, with a plan overdue, or with nothing on their
//! own portal in a period. Each reminder is recorded and, when the unit registered a webhook,
//! delivered there from the outbox in the Standard Webhooks format (see `crate::webhooks`).

use std::collections::{BTreeMap, HashMap, HashSet};

use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::reports::{compliance_of, ComplianceQuery};
use super::{page, utc, Check, Ctx};
use crate::domain::access::{Actor, Caller, Role, Scope};
use crate::domain::vocab::{ComplianceStatus, DeliveryStatus, ReminderKind};
use crate::domain::{page as paging, today};
use crate::error::{AppError, AppResult, FieldError};
use crate::store::reminders::{self as store, OutboxRow, ReminderRow, WebhookRow};
use crate::store::reporting::{leads_on, participants};
use crate::store::{audit, movements, new_id, now, stats, units, DbConn};
use crate::webhooks::{self, TargetError};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    // The webhook lives under `/api/v1/units/{id}`, beside the units' routes.
    cfg.service(put_webhook)
        .service(read_webhook)
        .service(delete_webhook)
        .service(scope("/api/v1/reminders").service(send).service(list));
}

/// A unit's webhook registration.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://baocao.sonoivu.hungyen.gov.vn/thidua/webhook"}))]
pub struct WebhookInput {
    /// Where reminders are POSTed. In production it must resolve to public addresses only.
    #[schema(min_length = 1, max_length = 500)]
    pub url: String,
    /// Issue a new signing secret (the old one stops working at once).
    #[serde(default)]
    pub rotate_secret: bool,
}

#[derive(Serialize, ToSchema)]
#[schema(example = json!({"unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "url": "https://baocao.sonoivu.hungyen.gov.vn/thidua/webhook",
    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwXz7bq1c2d3e=", "created_at": "2025-07-01T02:00:00Z", "updated_at": "2025-07-01T02:00:00Z"}))]
pub struct Webhook {
    pub unit_id: String,
    pub url: String,
    /// The signing secret (`whsec_…`): shown only when it is issued (first registration or
    /// `rotate_secret`); keep it to verify `webhook-signature`.
    pub secret: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Webhook {
    fn of(w: WebhookRow, show_secret: bool) -> Webhook {
        Webhook {
            secret: show_secret.then_some(w.secret),
            unit_id: w.unit_id,
            url: w.url,
            created_at: utc(w.created_at),
            updated_at: utc(w.updated_at),
        }
    }
}

fn unit_of(conn: &mut DbConn, id: &str) -> AppResult<()> {
    if units::missing(conn, &[id.to_owned()])?.is_empty() {
        Ok(())
    } else {
        Err(AppError::not_found("đơn vị (unit)"))
    }
}

/// Registers or replaces the unit's webhook (its officer, its software with `reports:write`,
/// or a registrar). The first registration, or `rotate_secret`, answers the signing secret.
#[utoipa::path(
    tag = "reminders", request_body = WebhookInput,
    params(("id" = String, Path, description = "Mã định danh của đơn vị")),
    responses((status = 200, description = "Webhook của đơn vị", body = Webhook)),
    security(("bearer" = []))
)]
#[put("/api/v1/units/{id}/webhook")]
pub async fn put_webhook(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: super::Body<WebhookInput>,
) -> AppResult<HttpResponse> {
    let unit_id = id.into_inner();
    ctx.caller.require_for_unit(&unit_id, Scope::ReportsWrite)?;
    let b = body.into_inner();
    let mut c = Check::new();
    let url = c.url("/url", Some(&b.url)).unwrap_or_default();
    c.finish()?;
    if let Err(e) = webhooks::resolve_target(&url, state.config.mode).await {
        let detail = match e {
            TargetError::Internal(ip) => t!(
                "Địa chỉ {} không phải địa chỉ công khai; không gửi được đến mạng nội bộ.",
                "{} is not a public address; webhooks cannot target internal networks.",
                ip
            ),
            TargetError::Unresolved => t!(
                "Không phân giải được tên máy chủ.",
                "The host name does not resolve."
            ),
            TargetError::Malformed => t!(
                "Phải là địa chỉ http:// hoặc https://.",
                "Must be an http:// or https:// address."
            ),
        };
        return Err(AppError::invalid(vec![FieldError::body("/url", detail)])
            .with_code("webhook_target_refused"));
    }
    let who = ctx.who();
    let (row, shown) = state
        .db
        .write(move |conn| {
            unit_of(conn, &unit_id)?;
            let before = store::webhook(conn, &unit_id)?;
            let at = now();
            let issue = before.is_none() || b.rotate_secret;
            let row = WebhookRow {
                unit_id: unit_id.clone(),
                url: url.clone(),
                secret: match &before {
                    Some(w) if !issue => w.secret.clone(),
                    _ => webhooks::new_secret(),
                },
                created_at: before.as_ref().map_or(at, |w| w.created_at),
                updated_at: at,
            };
            store::put_webhook(conn, &row)?;
            // The secret itself never reaches the audit log.
            audit::record(
                conn,
                &who,
                if before.is_some() { "update" } else { "create" },
                "webhook",
                &unit_id,
                before.as_ref().map(|w| json!({"url": w.url})).as_ref(),
                Some(&json!({"url": row.url, "secret_rotated": issue})),
            )?;
            Ok((row, issue))
        })
        .await?;
    Ok(HttpResponse::Ok().json(Webhook::of(row, shown)))
}

/// Reads the unit's webhook (without its secret).
#[utoipa::path(
    tag = "reminders",
    params(("id" = String, Path, description = "Mã định danh của đơn vị")),
    responses((status = 200, description = "Webhook của đơn vị", body = Webhook)),
    security(("bearer" = []))
)]
#[get("/api/v1/units/{id}/webhook")]
pub async fn read_webhook(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let unit_id = id.into_inner();
    caller
        .require_for_unit(&unit_id, Scope::ReportsRead)
        .or_else(|_| caller.require_for_unit(&unit_id, Scope::ReportsWrite))?;
    let row = state
        .db
        .read(move |conn| {
            store::webhook(conn, &unit_id)?
                .ok_or_else(|| AppError::not_found("webhook của đơn vị (unit webhook)"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(Webhook::of(row, false)))
}

/// Removes the unit's webhook; reminders are still recorded and listed.
#[utoipa::path(
    tag = "reminders",
    params(("id" = String, Path, description = "Mã định danh của đơn vị")),
    responses((status = 204, description = "Đã xoá webhook")),
    security(("bearer" = []))
)]
#[delete("/api/v1/units/{id}/webhook")]
pub async fn delete_webhook(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let unit_id = id.into_inner();
    ctx.caller.require_for_unit(&unit_id, Scope::ReportsWrite)?;
    let who = ctx.who();
    state
        .db
        .write(move |conn| {
            if !store::delete_webhook(conn, &unit_id)? {
                return Err(AppError::not_found("webhook của đơn vị (unit webhook)"));
            }
            audit::record(conn, &who, "delete", "webhook", &unit_id, None, None)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Reminders to send: the service finds the units concerned.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "missing_report", "report_type": "BC-TDKT-QUY", "period": "2025Q3",
    "message": "Đề nghị quý cơ quan gửi báo cáo công tác thi đua, khen thưởng quý III trước ngày 25/9/2025."}))]
pub struct NewReminders {
    pub kind: ReminderKind,
    /// For `missing_report`: the report type's id or code.
    #[schema(max_length = 100)]
    pub report_type: Option<String>,
    /// For `missing_report`: the period (`2025Q3`, or an ad-hoc request's code).
    #[schema(max_length = 20)]
    pub period: Option<String>,
    /// For `overdue_plan`: only plans due in this year.
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    /// For `no_portal_item`: the period looked at.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only the units of this movement (its lead units and the units with a plan of it). A
    /// lead unit's officer must name the movement it leads.
    pub movement_id: Option<String>,
    /// Only these of the units concerned.
    #[schema(max_items = 1000)]
    pub unit_ids: Option<Vec<String>>,
    /// The text sent; a standard text when left out.
    #[schema(max_length = 2000)]
    pub message: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct Delivery {
    pub status: DeliveryStatus,
    /// The `webhook-id` of the message.
    pub message_id: Option<String>,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub delivered_at: Option<DateTime<Utc>>,
}

#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8d01", "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03",
    "kind": "missing_report", "subject": {"report_type_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8a01", "report_type_code": "BC-TDKT-QUY", "period": "2025Q3", "due_date": "2025-09-19"},
    "message": "Đề nghị quý cơ quan gửi báo cáo BC-TDKT-QUY kỳ 2025Q3 (hạn 2025-09-19).",
    "sent_by": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f0001", "sender_unit_id": null, "created_at": "2025-09-22T01:00:00Z",
    "delivery": {"status": "delivered", "message_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f8d02", "attempts": 1, "last_error": null, "delivered_at": "2025-09-22T01:00:01Z"}}))]
pub struct Reminder {
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
    pub delivery: Delivery,
}

#[derive(Serialize, ToSchema)]
pub struct SentReminders {
    /// How many units were reminded (0 when none is concerned).
    pub count: usize,
    pub reminders: Vec<Reminder>,
}

fn to_dto(r: ReminderRow, message: Option<&OutboxRow>) -> Reminder {
    let delivery = match message {
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
            delivered_at: m.delivered_at.map(utc),
        },
    };
    Reminder {
        subject: serde_json::from_str(&r.subject).unwrap_or(Value::Null),
        kind: r.kind,
        id: r.id,
        unit_id: r.unit_id,
        message: r.message,
        sent_by: r.sent_by,
        sender_unit_id: r.sender_unit_id,
        created_at: utc(r.created_at),
        delivery,
    }
}

fn required(c: &mut Check, pointer: &str, present: bool) {
    if !present {
        c.fail(
            pointer,
            t!(
                "Cần cho loại đôn đốc này.",
                "Required for this kind of reminder."
            ),
        );
    }
}

/// The units a reminder concerns, each with its subject and standard text.
fn targets(conn: &mut DbConn, b: &NewReminders) -> AppResult<Vec<(String, Value, String)>> {
    let today = today();
    Ok(match b.kind {
        ReminderKind::MissingReport => {
            let q = ComplianceQuery {
                report_type: b.report_type.clone().unwrap_or_default(),
                period: b.period.clone().unwrap_or_default(),
                group: None,
                movement: b.movement_id.clone(),
                status: Some(ComplianceStatus::Missing),
            };
            let c = compliance_of(conn, &q).map_err(|e| {
                // The parameters of compliance are members of this body.
                match e.errors.first().and_then(|f| f.parameter.clone()) {
                    Some(p) => {
                        let pointer = if p == "type" {
                            "/report_type".to_owned()
                        } else {
                            format!("/{p}")
                        };
                        let invalid = AppError::invalid(
                            e.errors
                                .iter()
                                .map(|f| FieldError::body(pointer.clone(), f.detail.clone()))
                                .collect(),
                        );
                        match e.code {
                            Some(code) => invalid.with_code(code),
                            None => invalid,
                        }
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
            c.units
                .into_iter()
                .map(|u| (u.unit_id, subject.clone(), text.clone()))
                .collect()
        }
        ReminderKind::OverduePlan => {
            let mut by_unit: BTreeMap<String, Vec<Value>> = BTreeMap::new();
            for (id, unit, title, due) in
                store::overdue_plans(conn, today, b.movement_id.as_deref(), b.year)?
            {
                by_unit
                    .entry(unit)
                    .or_default()
                    .push(json!({"plan_id": id, "title": title, "due_date": due}));
            }
            by_unit
                .into_iter()
                .map(|(unit, plans)| {
                    let text = format!(
                        "Đề nghị quý cơ quan ban hành {} kế hoạch đã quá hạn.",
                        plans.len()
                    );
                    (unit, json!({"plans": plans}), text)
                })
                .collect()
        }
        ReminderKind::NoPortalItem => {
            let (from, to) = (b.from.unwrap_or(today), b.to.unwrap_or(today));
            let with: HashSet<String> = stats::units_with_portal_items(conn, from, to)?
                .into_iter()
                .collect();
            let mut units: Vec<String> = stats::active_units(conn)?
                .into_iter()
                .map(|(id, _, _)| id)
                .filter(|id| !with.contains(id))
                .collect();
            if let Some(m) = &b.movement_id {
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
            units
                .into_iter()
                .map(|u| (u, json!({"from": from, "to": to}), text.clone()))
                .collect()
        }
    })
}

/// Sends reminders to every unit concerned (admins and coordinators; a movement's lead unit for
/// the units of its movement). Each is recorded and, where the unit has a webhook, delivered
/// there at least once (`reminder.created`, Standard Webhooks); `delivery` shows how it went.
#[utoipa::path(
    tag = "reminders", request_body = NewReminders,
    responses((status = 201, description = "Đã gửi đôn đốc", body = SentReminders)),
    security(("bearer" = []))
)]
#[post("")]
pub async fn send(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<NewReminders>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    match b.kind {
        ReminderKind::MissingReport => {
            required(&mut c, "/report_type", b.report_type.is_some());
            required(&mut c, "/period", b.period.is_some());
        }
        ReminderKind::NoPortalItem => {
            required(&mut c, "/from", b.from.is_some());
            required(&mut c, "/to", b.to.is_some());
            if b.from.zip(b.to).is_some_and(|(f, t)| f > t) {
                c.fail(
                    "/to",
                    t!("Phải sau ngày bắt đầu.", "Must not precede from."),
                );
            }
        }
        ReminderKind::OverduePlan => {}
    }
    if b.year.is_some_and(|y| !(2000..=2100).contains(&y)) {
        c.fail(
            "/year",
            t!("Năm từ 2000 đến 2100.", "A year from 2000 to 2100."),
        );
    }
    c.optional("/report_type", b.report_type.as_deref(), 100);
    c.optional("/period", b.period.as_deref(), 20);
    let custom = c.optional("/message", b.message.as_deref(), 2000);
    if b.unit_ids.as_ref().is_some_and(|u| u.len() > 1000) {
        c.fail(
            "/unit_ids",
            t!("Tối đa 1000 đơn vị.", "At most 1000 units."),
        );
    }
    c.finish()?;
    // The council reminds anyone; a lead unit, the units of the movement it leads now.
    let lead_unit = if ctx.caller.is(&[Role::Admin, Role::Coordinator]) {
        None
    } else {
        let unit = match (&ctx.caller.actor, &ctx.caller.unit) {
            (Actor::User { role, .. }, Some(u)) if *role == Role::UnitOfficer => u.clone(),
            _ => {
                return Err(AppError::forbidden(t!(
                    "Chỉ cơ quan thường trực hoặc đơn vị chủ trì phong trào được đôn đốc.",
                    "Only the coordinator or a movement's lead unit sends reminders."
                ))
                .with_code("role_required"))
            }
        };
        if b.movement_id.is_none() {
            return Err(AppError::invalid(vec![FieldError::body(
                "/movement_id",
                t!(
                    "Đơn vị chủ trì nêu phong trào mình chủ trì.",
                    "A lead unit names the movement it leads."
                ),
            )]));
        }
        Some(unit)
    };
    let who = ctx.who();
    let sender = ctx.caller.id().to_owned();
    let answer = state
        .db
        .write(move |conn| {
            if let Some(m) = &b.movement_id {
                if movements::get(conn, m)?.is_none() {
                    return Err(super::unknown_reference(
                        "/movement_id",
                        "phong trào / movement",
                    ));
                }
                if let Some(unit) = &lead_unit {
                    if !leads_on(conn, Some(m), today())?.contains(unit) {
                        return Err(AppError::forbidden(t!(
                            "Đơn vị của bạn không chủ trì phong trào này.",
                            "Your unit does not lead this movement."
                        ))
                        .with_code("not_lead_unit"));
                    }
                }
            }
            let mut found = targets(conn, &b)?;
            if let Some(only) = &b.unit_ids {
                found.retain(|(u, _, _)| only.contains(u));
            }
            let at = now();
            let mut sent = Vec::with_capacity(found.len());
            for (unit_id, subject, text) in found {
                let row = ReminderRow {
                    id: new_id(),
                    unit_id: unit_id.clone(),
                    kind: b.kind,
                    subject: subject.to_string(),
                    message: custom.clone().unwrap_or(text),
                    sent_by: sender.clone(),
                    sender_unit_id: lead_unit.clone(),
                    created_at: at,
                };
                store::insert_reminder(conn, &row)?;
                let message = match store::webhook(conn, &unit_id)? {
                    None => None,
                    Some(_) => {
                        let mut data =
                            serde_json::to_value(to_dto(row.clone(), None)).unwrap_or_default();
                        if let Some(o) = data.as_object_mut() {
                            o.remove("delivery");
                        }
                        let m = OutboxRow {
                            id: new_id(),
                            unit_id: unit_id.clone(),
                            reminder_id: Some(row.id.clone()),
                            event_type: "reminder.created".to_owned(),
                            payload: json!({"type": "reminder.created", "timestamp": utc(at), "data": data})
                                .to_string(),
                            attempts: 0,
                            // Deliveries run on the machine's clock (see `store::system_now`).
                            next_attempt_at: crate::store::system_now(),
                            delivered_at: None,
                            failed_at: None,
                            last_error: None,
                            created_at: at,
                        };
                        store::insert_message(conn, &m)?;
                        Some(m)
                    }
                };
                audit::record(
                    conn,
                    &who,
                    "send",
                    "reminder",
                    &row.id,
                    None,
                    Some(&json!({"unit_id": row.unit_id, "kind": row.kind, "subject": subject})),
                )?;
                sent.push(to_dto(row, message.as_ref()));
            }
            Ok(SentReminders {
                count: sent.len(),
                reminders: sent,
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(answer))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReminderQuery {
    pub unit_id: Option<String>,
    pub kind: Option<ReminderKind>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Lists reminders, newest first, with their delivery; a unit's officer or software sees the
/// reminders its unit received.
#[utoipa::path(
    tag = "reminders", params(ReminderQuery),
    responses((status = 200, description = "Các lần đôn đốc", body = super::Page<Reminder>)),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ReminderQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let own = super::bound_to_unit(&caller).map(str::to_owned);
    if let (Some(own), Some(asked)) = (&own, &q.unit_id) {
        if own != asked {
            return Err(AppError::forbidden(t!(
                "Bạn chỉ xem được việc đôn đốc đơn vị mình.",
                "You may read only your own unit's reminders."
            ))
            .with_code("other_unit"));
        }
    }
    let unit = own.or(q.unit_id);
    let kind = q.kind;
    let (items, next) = state
        .db
        .read(move |conn| {
            let rows = store::reminders(conn, unit.as_deref(), kind, after.as_deref(), limit)?;
            let (rows, next) = paging::split(rows, limit, |r| r.id.clone());
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let messages: HashMap<String, OutboxRow> = store::messages_of(conn, &ids)?
                .into_iter()
                .filter_map(|m| m.reminder_id.clone().map(|r| (r, m)))
                .collect();
            let items: Vec<Reminder> = rows
                .into_iter()
                .map(|r| {
                    let m = messages.get(&r.id);
                    to_dto(r, m)
                })
                .collect();
            Ok((items, next))
        })
        .await?;
    Ok(page(&req, items, next))
}

//! Reminders (đôn đốc): the coordinator — or a movement's lead unit, for the units in its
//! movement — reminds the units missing a report, with a plan overdue, or with nothing on their
//! own portal in a period. Each reminder is recorded and, when the unit registered a webhook,
//! delivered there from the outbox in the Standard Webhooks format (see `crate::webhooks`).
//! The rules are in [`crate::service::reminders`].

use crate::error::Code;
use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::{bound_to_unit, page, utc, Body, Check, Ctx, Page};
use crate::domain::access::{Actor, Caller, Role};
use crate::domain::page as paging;
use crate::domain::vocab::ReminderKind;
use crate::error::{AppError, AppResult, FieldError, Text};
use crate::service::reminders::{self as service, PutWebhook, SendReminders, WebhookRow};
pub use crate::service::reminders::{Delivery, Reminder, SentReminders};
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

/// Why a webhook target is refused, as the caller reads it.
fn refusal(e: TargetError) -> Text {
    match e {
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
    body: Body<WebhookInput>,
) -> AppResult<HttpResponse> {
    let unit_id = id.into_inner();
    crate::domain::access::doors::WEBHOOK_WRITE.for_unit(&ctx.caller, &unit_id)?;
    let b = body.into_inner();
    let mut c = Check::new();
    let url = c.url("/url", Some(&b.url)).unwrap_or_default();
    c.finish()?;
    if let Err(e) = webhooks::resolve_target(&url, state.config.mode).await {
        return Err(
            AppError::invalid(vec![FieldError::body("/url", refusal(e))])
                .with_code(Code::WebhookTargetRefused),
        );
    }
    let who = ctx.who();
    let cmd = PutWebhook {
        unit_id,
        url,
        rotate_secret: b.rotate_secret,
    };
    let (row, shown) = state
        .db
        .write(move |conn| service::put_webhook(conn, &who, &cmd))
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
    crate::domain::access::doors::WEBHOOK_READ.for_unit(&caller, &unit_id)?;
    let row = state
        .db
        .read(move |conn| service::webhook(conn, &unit_id))
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
    crate::domain::access::doors::WEBHOOK_WRITE.for_unit(&ctx.caller, &unit_id)?;
    let who = ctx.who();
    state
        .db
        .write(move |conn| service::delete_webhook(conn, &who, &unit_id))
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

/// Checks the reminders asked for, each error at its member: the custom text, if any.
fn check_reminders(b: &NewReminders) -> AppResult<Option<String>> {
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
    for (i, id) in b.unit_ids.iter().flatten().enumerate() {
        c.optional(&format!("/unit_ids/{i}"), Some(id), 36);
    }
    c.finish()?;
    Ok(custom)
}

/// Who may send: the council reminds anyone (`None`); a unit officer, as its movement's lead
/// unit, the units of the movement it names (its unit).
fn lead_unit_of(caller: &Caller, b: &NewReminders) -> AppResult<Option<String>> {
    if caller.is(&[Role::Admin, Role::Coordinator]) {
        return Ok(None);
    }
    let unit = match (&caller.actor, &caller.unit) {
        (Actor::User { role, .. }, Some(u)) if *role == Role::UnitOfficer => u.clone(),
        _ => {
            return Err(AppError::forbidden(t!(
                "Chỉ cơ quan thường trực hoặc đơn vị chủ trì phong trào được đôn đốc.",
                "Only the coordinator or a movement's lead unit sends reminders."
            ))
            .with_code(Code::RoleRequired))
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
    Ok(Some(unit))
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
    body: Body<NewReminders>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let message = check_reminders(&b)?;
    let lead_unit = lead_unit_of(&ctx.caller, &b)?;
    let cmd = SendReminders {
        kind: b.kind,
        report_type: b.report_type,
        period: b.period,
        year: b.year,
        from: b.from,
        to: b.to,
        movement_id: b.movement_id,
        unit_ids: b.unit_ids,
        message,
        lead_unit,
        sender: ctx.caller.id().to_owned(),
    };
    let who = ctx.who();
    let answer = state
        .db
        .write(move |conn| service::send(conn, &who, &cmd))
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
    responses((status = 200, description = "Các lần đôn đốc", body = Page<Reminder>)),
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
    let own = bound_to_unit(&caller).map(str::to_owned);
    if let (Some(own), Some(asked)) = (&own, &q.unit_id) {
        if own != asked {
            return Err(AppError::forbidden(t!(
                "Bạn chỉ xem được việc đôn đốc đơn vị mình.",
                "You may read only your own unit's reminders."
            ))
            .with_code(Code::OtherUnit));
        }
    }
    let unit = own.or(q.unit_id);
    let kind = q.kind;
    let (items, next) = state
        .db
        .read(move |conn| service::reminders(conn, unit.as_deref(), kind, after.as_deref(), limit))
        .await?;
    Ok(page(&req, items, next))
}

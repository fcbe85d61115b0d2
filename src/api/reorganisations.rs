//! `/api/v1/reorganisations`: renames, moves and dissolutions of units, each on a legal
//! document and effective on a day. The rules are in [`crate::service::reorganisations`].

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::units::Unit;
use super::{page, utc, Check, Ctx, DryRunQuery, Page};
use crate::domain::access::{Caller, Role};
use crate::domain::page as paging;
use crate::domain::vocab::ReorganisationKind;
use crate::error::AppResult;
use crate::service::reorganisations::{self as service, NewReorganisation, ReorganisationRow};
use crate::service::units::shown_one;
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create).service(list).service(read);
}

/// A reorganisation to record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "rename", "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a07",
    "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01", "effective_on": "2025-03-01",
    "name": "Sở Khoa học và Công nghệ", "code": "SKHCN"}))]
pub struct ReorganisationRequest {
    pub kind: ReorganisationKind,
    #[schema(max_length = 36)]
    pub unit_id: String,
    /// The legal document it rests on (in force, issued on or before `effective_on`).
    #[schema(max_length = 36)]
    pub document_id: String,
    /// The first day of the new state (for `dissolve`, the day after the unit's last); not
    /// after today.
    pub effective_on: NaiveDate,
    /// `rename`: the new name.
    #[schema(min_length = 1, max_length = 300)]
    pub name: Option<String>,
    /// `rename`: the new code, when it changes.
    #[schema(min_length = 1, max_length = 50)]
    pub code: Option<String>,
    /// `move`: the new parent unit.
    #[schema(max_length = 36)]
    pub parent_id: Option<String>,
}

/// A recorded reorganisation.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f9a01", "kind": "rename",
    "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a07", "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01",
    "effective_on": "2025-03-01", "name": "Sở Khoa học và Công nghệ", "code": "SKHCN", "parent_id": null,
    "created_by": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f0001", "created_at": "2025-03-01T02:00:00Z"}))]
pub struct Reorganisation {
    pub id: String,
    pub kind: ReorganisationKind,
    pub unit_id: String,
    pub document_id: String,
    pub effective_on: NaiveDate,
    pub name: Option<String>,
    pub code: Option<String>,
    pub parent_id: Option<String>,
    /// Who recorded it.
    #[schema(max_length = 36)]
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl From<ReorganisationRow> for Reorganisation {
    fn from(r: ReorganisationRow) -> Reorganisation {
        Reorganisation {
            id: r.id,
            kind: r.kind,
            unit_id: r.unit_id,
            document_id: r.document_id,
            effective_on: r.effective_on,
            name: r.new_name,
            code: r.new_code,
            parent_id: r.new_parent_id,
            created_by: r.created_by,
            created_at: utc(r.created_at),
        }
    }
}

/// The event and the unit as it leaves it (a dry run: as it would).
#[derive(Serialize, ToSchema)]
pub struct ReorganisationOutcome {
    pub reorganisation: Reorganisation,
    pub unit: Unit,
    /// Whether nothing was written.
    pub dry_run: bool,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReorganisationQuery {
    /// Only the events of this unit.
    #[param(max_length = 36)]
    pub unit_id: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

impl ReorganisationRequest {
    /// The event, with every missing or invalid field named.
    fn check(self) -> AppResult<NewReorganisation> {
        let mut c = Check::new();
        let name = self.name.as_deref().map(|n| c.name("/name", n, 300));
        let code = c.optional("/code", self.code.as_deref(), 50);
        let unit_id = c
            .optional("/unit_id", Some(&self.unit_id), 36)
            .unwrap_or_default();
        let document_id = c
            .optional("/document_id", Some(&self.document_id), 36)
            .unwrap_or_default();
        let parent_id = c.optional("/parent_id", self.parent_id.as_deref(), 36);
        let needs = |c: &mut Check, pointer: &str, given: bool| {
            if !given {
                c.fail(
                    pointer,
                    t!("Cần có với loại này.", "Required for this kind."),
                );
            }
        };
        let (named, parented) = (name.is_some() || code.is_some(), parent_id.is_some());
        match self.kind {
            ReorganisationKind::Rename => needs(&mut c, "/name", named),
            ReorganisationKind::Move => needs(&mut c, "/parent_id", parented),
            ReorganisationKind::Dissolve => {}
        }
        let only = |c: &mut Check, pointer: &str, given: bool| {
            if given {
                c.fail(
                    pointer,
                    t!("Không dùng với loại này.", "Not used with this kind."),
                );
            }
        };
        if self.kind != ReorganisationKind::Rename {
            only(&mut c, "/name", named);
        }
        if self.kind != ReorganisationKind::Move {
            only(&mut c, "/parent_id", parented);
        }
        c.finish()?;
        Ok(NewReorganisation {
            kind: self.kind,
            unit_id,
            document_id,
            effective_on: self.effective_on,
            name,
            code,
            parent_id,
        })
    }
}

/// Records a reorganisation and applies it to its unit; `dry_run=true` shows the outcome and
/// writes nothing.
#[utoipa::path(
    tag = "units", request_body = ReorganisationRequest, params(DryRunQuery),
    responses(
        (status = 201, description = "Đã ghi nhận và áp dụng", body = ReorganisationOutcome,
            headers(("Location" = String, description = "Địa chỉ"))),
        (status = 200, description = "Chạy thử: kết quả nếu ghi nhận, không lưu gì", body = ReorganisationOutcome),
    ),
    security(("bearer" = []))
)]
#[post("/api/v1/reorganisations")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    query: web::Query<DryRunQuery>,
    body: super::Body<ReorganisationRequest>,
) -> AppResult<HttpResponse> {
    let dry_run = query.dry_run.unwrap_or(false);
    // Viewers may look at what an event would do; only registrars record one.
    if !dry_run {
        ctx.caller.require(&[Role::Admin, Role::Coordinator])?;
    }
    let cmd = body.into_inner().check()?;
    let who = ctx.who();
    let apply = move |conn: &mut crate::service::DbConn| {
        let done = service::record(conn, &who, &cmd)?;
        Ok((done.event, shown_one(conn, done.unit)?))
    };
    let (event, unit) = if dry_run {
        state.db.rehearse(apply).await?
    } else {
        state.db.write(apply).await?
    };
    let location = format!("/api/v1/reorganisations/{}", event.id);
    let outcome = ReorganisationOutcome {
        reorganisation: event.into(),
        unit: unit.into(),
        dry_run,
    };
    if dry_run {
        return Ok(HttpResponse::Ok().json(outcome));
    }
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, location))
        .json(outcome))
}

/// Lists reorganisations in the order they took effect.
#[utoipa::path(
    tag = "units", params(ReorganisationQuery),
    responses((status = 200, description = "Một trang sắp xếp tổ chức", body = Page<Reorganisation>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("/api/v1/reorganisations")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ReorganisationQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let (rows, next) = state
        .db
        .read(move |conn| service::list(conn, q.unit_id.as_deref(), q.cursor.as_deref(), limit))
        .await?;
    let items: Vec<Reorganisation> = rows.into_iter().map(Into::into).collect();
    Ok(page(&req, items, next))
}

/// Reads one reorganisation.
#[utoipa::path(
    tag = "units", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Sắp xếp tổ chức", body = Reorganisation)),
    security(("bearer" = []))
)]
#[get("/api/v1/reorganisations/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let row = state.db.read(move |conn| service::get(conn, &id)).await?;
    Ok(HttpResponse::Ok().json(Reorganisation::from(row)))
}

//! `/api/v1/awardees`: the individuals and collectives (cá nhân, tập thể) that commendations
//! are given to, with the priority category of the letter, the position, an individual's
//! gender and the personal data the dossier forms need — shown, as a model's are, only to
//! admins, coordinators and the officers of the awardee's unit.

use std::collections::HashMap;

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::models::{check_personal, PersonalData};
use super::movements::UnitRef;
use super::{created, double_option, page, utc, with_etag, Body, Check, Ctx, Page};
use crate::domain::access::{doors, Caller};
use crate::domain::awardees::Gender;
use crate::domain::models::{may_see_personal_data, Category, ModelKind};
use crate::domain::page as paging;
use crate::error::{AppError, AppResult};
use crate::http::if_match::IfMatch;
use crate::service::awardees::{self as service, AwardeeChange, NewAwardee, Personal, Shown};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(read)
        .service(update);
}

/// An individual or collective that commendations are given to.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5b01", "kind": "individual", "name": "Nguyễn Thị Hoa",
    "unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "code": "SLDTBXH", "name": "Sở Lao động-Thương binh và Xã hội"},
    "category": "frontline_staff", "priority": true, "position": "Chuyên viên Phòng Bảo trợ xã hội",
    "gender": "female", "personal_data": {"birth_date": "1985-09-12", "phone": "0912 345 678"},
    "version": 1, "created_at": "2026-12-07T08:00:00Z", "updated_at": "2026-12-07T08:00:00Z"
}))]
pub struct Awardee {
    pub id: String,
    pub kind: ModelKind,
    pub name: String,
    pub unit: Option<UnitRef>,
    pub category: Category,
    /// Whether the letter gives the category priority.
    pub priority: bool,
    /// Position (chức vụ) or occupation.
    pub position: Option<String>,
    /// Individuals only.
    pub gender: Option<Gender>,
    /// Only for admins, coordinators and the officers of the awardee's unit; `null` otherwise.
    pub personal_data: Option<PersonalData>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new awardee, recorded by its unit's officer or a coordinator.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "individual", "name": "Nguyễn Thị Hoa", "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03",
    "category": "frontline_staff", "position": "Chuyên viên Phòng Bảo trợ xã hội", "gender": "female",
    "personal_data": {"birth_date": "1985-09-12", "phone": "0912 345 678"}
}))]
pub struct AwardeeCreate {
    pub kind: ModelKind,
    #[schema(min_length = 1, max_length = 300)]
    pub name: String,
    /// The unit the individual works in, or the collective belongs to.
    #[schema(max_length = 36)]
    pub unit_id: String,
    pub category: Category,
    #[schema(min_length = 1, max_length = 300)]
    pub position: Option<String>,
    /// Individuals only.
    pub gender: Option<Gender>,
    /// Individuals only.
    pub personal_data: Option<PersonalData>,
}

/// Changes to an awardee; absent members stay, `null` erases.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"position": "Phó Trưởng phòng Bảo trợ xã hội"}))]
pub struct AwardeePatch {
    #[schema(min_length = 1, max_length = 300)]
    pub name: Option<String>,
    pub category: Option<Category>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(min_length = 1, max_length = 300)]
    pub position: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub gender: Option<Option<Gender>>,
    /// Replaces the personal data; `null` erases it.
    #[serde(default, deserialize_with = "double_option")]
    pub personal_data: Option<Option<PersonalData>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AwardeeQuery {
    /// Words of the name or position; case and diacritics do not matter.
    #[param(max_length = 200)]
    pub q: Option<String>,
    #[param(max_length = 36)]
    pub unit_id: Option<String>,
    pub kind: Option<ModelKind>,
    pub category: Option<Category>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    #[param(max_length = 500)]
    pub cursor: Option<String>,
}

/// Builds the answers for awardee rows as `caller` may see them.
fn assemble(caller: &Caller, shown: Shown) -> Vec<Awardee> {
    let units: HashMap<String, UnitRef> = shown
        .units
        .into_iter()
        .map(|(id, code, name)| (id.clone(), UnitRef { id, code, name }))
        .collect();
    shown
        .rows
        .into_iter()
        .map(|r| Awardee {
            personal_data: if may_see_personal_data(caller, &r.unit_id) {
                PersonalData::of(&Personal::of(&r))
            } else {
                None
            },
            unit: units.get(&r.unit_id).cloned(),
            kind: r.kind,
            priority: r.category.is_priority(),
            category: r.category,
            position: r.position,
            gender: r.gender,
            id: r.id,
            name: r.name,
            version: r.version,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        })
        .collect()
}

fn one(caller: &Caller, shown: Shown) -> AppResult<Awardee> {
    assemble(caller, shown)
        .pop()
        .ok_or_else(|| AppError::internal("awardee vanished"))
}

/// A gender is an individual's.
fn check_gender(c: &mut Check, kind: ModelKind, gender: Option<Gender>) {
    if gender.is_some() && kind == ModelKind::Collective {
        c.fail(
            "/gender",
            t!("Tập thể không có giới tính.", "A collective has no gender."),
        );
    }
}

pub(crate) fn check_new(b: AwardeeCreate) -> AppResult<NewAwardee> {
    let mut c = Check::new();
    let name = c.name("/name", &b.name, 300);
    let position = b.position.as_deref().map(|p| c.name("/position", p, 300));
    check_gender(&mut c, b.kind, b.gender);
    let personal = b
        .personal_data
        .as_ref()
        .map(|p| check_personal(&mut c, b.kind, p))
        .unwrap_or_default();
    c.finish()?;
    Ok(NewAwardee {
        kind: b.kind,
        name,
        unit_id: b.unit_id,
        category: b.category,
        position,
        gender: b.gender,
        personal,
    })
}

/// Checks a change against the awardee's kind, known only once it is read.
fn check_change(p: &AwardeePatch, kind: ModelKind) -> AppResult<AwardeeChange> {
    let mut c = Check::new();
    let change = AwardeeChange {
        name: p.name.as_deref().map(|v| c.name("/name", v, 300)),
        category: p.category,
        position: p
            .position
            .as_ref()
            .map(|o| o.as_deref().map(|v| c.name("/position", v, 300))),
        gender: p.gender,
        personal: p.personal_data.as_ref().map(|o| {
            o.as_ref()
                .map(|pd| check_personal(&mut c, kind, pd))
                .unwrap_or_default()
        }),
    };
    check_gender(&mut c, kind, change.gender.flatten());
    c.finish()?;
    Ok(change)
}

/// Records an individual or collective (its unit's officers, or a coordinator).
#[utoipa::path(
    tag = "awardees", request_body = AwardeeCreate,
    responses((status = 201, description = "Đã ghi nhận cá nhân, tập thể", body = Awardee,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/awardees")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<AwardeeCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    doors::AWARDEES_WRITE.for_unit(&ctx.caller, &b.unit_id)?;
    let new = check_new(b)?;
    let who = ctx.who();
    let shown = state
        .db
        .write(move |conn| service::create(conn, &who, new.clone()))
        .await?;
    let awardee = one(&ctx.caller, shown)?;
    Ok(created(
        format!("/api/v1/awardees/{}", awardee.id),
        awardee.version,
        &awardee,
    ))
}

/// Lists individuals and collectives in Vietnamese alphabetical order.
#[utoipa::path(
    tag = "awardees", params(AwardeeQuery),
    responses((status = 200, description = "Một trang cá nhân, tập thể", body = Page<Awardee>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("/api/v1/awardees")]
pub async fn list(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<AwardeeQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<(String, String)> = paging::decode(q.cursor.as_deref())?;
    let filter = service::Filter {
        terms: super::search_terms(q.q.as_deref())?,
        unit_id: q.unit_id,
        kind: q.kind,
        category: q.category,
    };
    let (shown, next) = state
        .db
        .read(move |conn| service::list(conn, &filter, after, limit))
        .await?;
    Ok(page(&req, assemble(&caller, shown), next))
}

/// Reads one individual or collective.
#[utoipa::path(
    tag = "awardees", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Cá nhân, tập thể", body = Awardee, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/api/v1/awardees/{id}")]
pub async fn read(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let shown = state
        .db
        .read(move |conn| {
            let row = service::read(conn, &id)?;
            service::show(conn, vec![row])
        })
        .await?;
    let awardee = one(&caller, shown)?;
    Ok(with_etag(awardee.version, &awardee))
}

/// Changes an individual or collective (its unit's officers, or a coordinator).
#[utoipa::path(
    tag = "awardees", request_body = AwardeePatch,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Cá nhân, tập thể sau khi sửa", body = Awardee, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/api/v1/awardees/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: Body<AwardeePatch>,
) -> AppResult<HttpResponse> {
    let p = body.into_inner();
    let who = ctx.who();
    let caller = ctx.caller.clone();
    let shown = state
        .db
        .write(move |conn| {
            let before = service::editable(conn, &caller, &id)?;
            let change = check_change(&p, before.kind)?;
            service::change(conn, &who, before, change, if_match.as_deref())
        })
        .await?;
    let awardee = one(&ctx.caller, shown)?;
    Ok(with_etag(awardee.version, &awardee))
}

//! `/api/v1/award-types`: the titles (danh hiệu thi đua) and forms (hình thức khen thưởng) as
//! data — for whom, of which level, in which stream — with their versions on a legal basis,
//! each in force from a day: the deciding authority, the bonus coefficient (per mille, exact),
//! the council's ballot and its threshold, registration, and the dossier items. The forms of
//! commendation (`/api/v1/commendation-forms`, `form_id`) are these types.

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::nominations::check;
use super::{created, utc, with_etag, Body, Check, Ctx};
use crate::domain::access::Caller;
use crate::domain::awardees::{AwardLevel, AwardNature, AwardStream, Recipient};
use crate::domain::today;
use crate::error::{AppError, AppResult};
use crate::http::if_match::IfMatch;
use crate::service::award_types::{
    self as service, Filter, NewAwardType, NewVersion, Shown, TypeChange, VersionRow,
};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(read)
        .service(update)
        .service(add_version);
}

/// A document the dossier of an award type needs.
#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}))]
pub struct DossierItem {
    #[schema(min_length = 1, max_length = 50, pattern = "^[a-z0-9-]+$")]
    pub code: String,
    #[schema(min_length = 1, max_length = 300)]
    pub name: String,
    #[serde(default)]
    pub required: bool,
}

/// What the law fixes for an award type from a day, on a legal basis.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-0000-7000-8000-0000002b0003",
    "legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP", "document_id": null,
    "valid_from": "2025-07-01", "valid_to": null, "deciding_authority": "Chủ tịch UBND tỉnh",
    "bonus_coefficient_per_mille": 3000, "ballot_required": true, "ballot_threshold_percent": 90,
    "registration_required": true,
    "dossier_items": [{"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}],
    "note": "Hệ số tiền thưởng: Nghị định 152/2025/NĐ-CP Điều 49-50."
}))]
pub struct AwardTypeVersion {
    pub id: String,
    pub legal_basis: String,
    pub document_id: Option<String>,
    pub valid_from: NaiveDate,
    /// The last day in force; `null` while in force.
    pub valid_to: Option<NaiveDate>,
    pub deciding_authority: String,
    /// The bonus coefficient × 1000 (3.0 is 3000), exact; `null` until the coordinator sets it.
    pub bonus_coefficient_per_mille: Option<i32>,
    /// Whether the council votes by secret ballot.
    pub ballot_required: bool,
    /// The share of the council's total membership that must agree.
    pub ballot_threshold_percent: Option<i32>,
    /// Whether units register for it at the start of the year.
    pub registration_required: bool,
    pub dossier_items: Vec<DossierItem>,
    /// What to check in the figures (the seed's notes).
    pub note: Option<String>,
}

/// A title or a form, with its versions.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-0000-7000-8000-0000000a0003", "code": "chien-si-thi-dua-cap-tinh",
    "name": "Danh hiệu Chiến sĩ thi đua cấp tỉnh", "nature": "title", "recipient": "individual",
    "level": "provincial", "stream": "merit", "active": true, "in_force": null, "versions": [],
    "version": 1, "created_at": "2026-12-07T00:00:00Z", "updated_at": "2026-12-07T00:00:00Z"
}))]
pub struct AwardType {
    pub id: String,
    pub code: String,
    pub name: String,
    pub nature: AwardNature,
    pub recipient: Recipient,
    pub level: AwardLevel,
    pub stream: AwardStream,
    /// Whether new nominations may name it.
    pub active: bool,
    /// The version in force on the day asked (`on`, today by default).
    pub in_force: Option<AwardTypeVersion>,
    /// Every version, oldest first.
    #[schema(max_items = 100)]
    pub versions: Vec<AwardTypeVersion>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct AwardTypes {
    #[schema(max_items = 1000)]
    pub items: Vec<AwardType>,
}

/// A version on a new legal basis, in force from `valid_from`.
#[derive(Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "legal_basis": "Quy chế Thi đua, khen thưởng tỉnh Hưng Yên (Quyết định số 25/2026/QĐ-UBND)",
    "valid_from": "2026-07-01", "deciding_authority": "Chủ tịch UBND tỉnh",
    "bonus_coefficient_per_mille": 3000, "ballot_threshold_percent": 90, "registration_required": true,
    "dossier_items": [{"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}]
}))]
pub struct VersionCreate {
    #[schema(min_length = 1, max_length = 500)]
    pub legal_basis: String,
    /// The document that sets it (`/api/v1/documents`), if recorded.
    #[schema(max_length = 36)]
    pub document_id: Option<String>,
    pub valid_from: NaiveDate,
    #[schema(min_length = 1, max_length = 300)]
    pub deciding_authority: String,
    #[schema(minimum = 0, maximum = 100000)]
    pub bonus_coefficient_per_mille: Option<i32>,
    /// Present: the council votes, and this share of its total membership must agree.
    #[schema(minimum = 50, maximum = 100)]
    pub ballot_threshold_percent: Option<i32>,
    #[serde(default)]
    pub registration_required: bool,
    #[serde(default)]
    #[schema(max_items = 30)]
    pub dossier_items: Vec<DossierItem>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// A new award type (the coordinator).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "code": "lao-dong-xuat-sac", "name": "Lao động xuất sắc (danh hiệu của tỉnh)", "nature": "title",
    "recipient": "individual", "level": "base", "stream": "merit"
}))]
pub struct AwardTypeCreate {
    #[schema(min_length = 1, max_length = 50, pattern = "^[a-z0-9-]+$")]
    pub code: String,
    #[schema(min_length = 1, max_length = 300)]
    pub name: String,
    pub nature: AwardNature,
    pub recipient: Recipient,
    pub level: AwardLevel,
    pub stream: AwardStream,
    /// The first version, if known.
    pub version: Option<VersionCreate>,
}

/// Changes to an award type; absent members stay. Its nature never changes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"active": false}))]
pub struct AwardTypePatch {
    #[schema(min_length = 1, max_length = 300)]
    pub name: Option<String>,
    pub recipient: Option<Recipient>,
    pub level: Option<AwardLevel>,
    pub stream: Option<AwardStream>,
    pub active: Option<bool>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AwardTypeQuery {
    pub nature: Option<AwardNature>,
    pub recipient: Option<Recipient>,
    pub level: Option<AwardLevel>,
    pub stream: Option<AwardStream>,
    pub active: Option<bool>,
    /// The day whose version `in_force` shows; today by default.
    pub on: Option<NaiveDate>,
}

fn version_of(v: VersionRow) -> AwardTypeVersion {
    AwardTypeVersion {
        dossier_items: serde_json::from_str(&v.dossier_items).unwrap_or_default(),
        id: v.id,
        legal_basis: v.legal_basis,
        document_id: v.document_id,
        valid_from: v.valid_from,
        valid_to: v.valid_to,
        deciding_authority: v.deciding_authority,
        bonus_coefficient_per_mille: v.bonus_per_mille,
        ballot_required: v.ballot_required,
        ballot_threshold_percent: v.ballot_threshold_percent,
        registration_required: v.registration_required,
        note: v.note,
    }
}

/// Builds the answers, each with the version in force on `on`.
fn assemble(shown: Shown, on: NaiveDate) -> Vec<AwardType> {
    let Shown { rows, versions } = shown;
    rows.into_iter()
        .map(|r| {
            let own: Vec<&VersionRow> = versions
                .iter()
                .filter(|v| v.award_type_id == r.id)
                .collect();
            let in_force = own
                .iter()
                .find(|v| v.in_force_on(on))
                .map(|v| version_of((*v).clone()));
            AwardType {
                versions: own.into_iter().cloned().map(version_of).collect(),
                in_force,
                id: r.id,
                code: r.code,
                name: r.name,
                nature: r.nature,
                recipient: r.recipient,
                level: r.level,
                stream: r.stream,
                active: r.active,
                version: r.version,
                created_at: utc(r.created_at),
                updated_at: utc(r.updated_at),
            }
        })
        .collect()
}

fn one(shown: Shown) -> AppResult<AwardType> {
    assemble(shown, today())
        .pop()
        .ok_or_else(|| AppError::internal("award type vanished"))
}

fn check_version(c: &mut Check, at: &str, v: &VersionCreate) -> NewVersion {
    let legal_basis = c.name(&format!("{at}/legal_basis"), &v.legal_basis, 500);
    let deciding_authority = c.name(
        &format!("{at}/deciding_authority"),
        &v.deciding_authority,
        300,
    );
    let note = c.optional(&format!("{at}/note"), v.note.as_deref(), 2000);
    if v.bonus_coefficient_per_mille
        .is_some_and(|b| !(0..=100_000).contains(&b))
    {
        c.fail(
            &format!("{at}/bonus_coefficient_per_mille"),
            t!(
                "Hệ số từ 0 đến 100000 (phần nghìn).",
                "Between 0 and 100000 (per mille)."
            ),
        );
    }
    if v.ballot_threshold_percent
        .is_some_and(|p| !(50..=100).contains(&p))
    {
        c.fail(
            &format!("{at}/ballot_threshold_percent"),
            t!("Tỷ lệ từ 50 đến 100%.", "Between 50 and 100 per cent."),
        );
    }
    let items = check_items(c, at, &v.dossier_items);
    NewVersion {
        legal_basis,
        document_id: v.document_id.clone(),
        valid_from: v.valid_from,
        deciding_authority,
        bonus_per_mille: v.bonus_coefficient_per_mille,
        ballot_threshold_percent: v.ballot_threshold_percent,
        registration_required: v.registration_required,
        dossier_items: serde_json::to_string(&items).unwrap_or_else(|_| "[]".to_owned()),
        note,
    }
}

/// The dossier items, each with a valid code and name, no code twice.
fn check_items(c: &mut Check, at: &str, given: &[DossierItem]) -> Vec<DossierItem> {
    let mut items = Vec::with_capacity(given.len());
    for (i, item) in given.iter().enumerate() {
        let pointer = format!("{at}/dossier_items/{i}");
        match check::form(&item.code, &item.name) {
            Ok((code, name)) if !items.iter().any(|d: &DossierItem| d.code == code) => {
                items.push(DossierItem {
                    code,
                    name,
                    required: item.required,
                })
            }
            Ok(_) => c.fail(
                &format!("{pointer}/code"),
                t!("Mã này đã có ở trên.", "This code is given above."),
            ),
            Err(_) => c.fail(
                &pointer,
                t!(
                    "Mã (chữ thường, số, gạch ngang) và tên (tối đa 300 ký tự) là bắt buộc.",
                    "A code (lowercase letters, digits, hyphens) and a name (at most 300 characters) are required."
                ),
            ),
        }
    }
    items
}

/// Lists the award types by code, each with the version in force on `on`.
#[utoipa::path(
    tag = "award-types", params(AwardTypeQuery),
    responses((status = 200, description = "Các loại khen thưởng", body = AwardTypes)),
    security(("bearer" = []))
)]
#[get("/api/v1/award-types")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<AwardTypeQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let filter = Filter {
        nature: q.nature,
        recipient: q.recipient,
        level: q.level,
        stream: q.stream,
        active: q.active,
    };
    let shown = state
        .db
        .read(move |conn| service::list(conn, &filter))
        .await?;
    let items = assemble(shown, q.on.unwrap_or_else(today));
    Ok(HttpResponse::Ok().json(AwardTypes { items }))
}

/// Records an award type (the coordinator).
#[utoipa::path(
    tag = "award-types", request_body = AwardTypeCreate,
    responses((status = 201, description = "Đã ghi nhận loại khen thưởng", body = AwardType,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/award-types")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<AwardTypeCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let (code, name) = check::form(&b.code, &b.name)?;
    let mut c = Check::new();
    let version = b
        .version
        .as_ref()
        .map(|v| check_version(&mut c, "/version", v));
    c.finish()?;
    let new = NewAwardType {
        code,
        name,
        nature: b.nature,
        recipient: b.recipient,
        level: b.level,
        stream: b.stream,
        version,
    };
    let who = ctx.who();
    let shown = state
        .db
        .write(move |conn| service::create(conn, &who, &new))
        .await?;
    let t = one(shown)?;
    Ok(created(
        format!("/api/v1/award-types/{}", t.id),
        t.version,
        &t,
    ))
}

/// Reads one award type with its versions.
#[utoipa::path(
    tag = "award-types", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Loại khen thưởng", body = AwardType, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/api/v1/award-types/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let shown = state.db.read(move |conn| service::read(conn, &id)).await?;
    let t = one(shown)?;
    Ok(with_etag(t.version, &t))
}

/// Changes an award type (the coordinator); its nature never changes.
#[utoipa::path(
    tag = "award-types", request_body = AwardTypePatch,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Loại khen thưởng sau khi sửa", body = AwardType, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/api/v1/award-types/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: Body<AwardTypePatch>,
) -> AppResult<HttpResponse> {
    let p = body.into_inner();
    let mut c = Check::new();
    let change = TypeChange {
        name: p.name.as_deref().map(|v| c.name("/name", v, 300)),
        recipient: p.recipient,
        level: p.level,
        stream: p.stream,
        active: p.active,
    };
    c.finish()?;
    let who = ctx.who();
    let shown = state
        .db
        .write(move |conn| service::update(conn, &who, &id, &change, if_match.as_deref()))
        .await?;
    let t = one(shown)?;
    Ok(with_etag(t.version, &t))
}

/// Adds a version on a new legal basis, in force from its day (the coordinator).
#[utoipa::path(
    tag = "award-types", request_body = VersionCreate,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 201, description = "Loại khen thưởng với phiên bản mới", body = AwardType,
        headers(("ETag" = String, description = "Phiên bản mới"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/award-types/{id}/versions")]
pub async fn add_version(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: Body<VersionCreate>,
) -> AppResult<HttpResponse> {
    let mut c = Check::new();
    let v = check_version(&mut c, "", &body.into_inner());
    c.finish()?;
    let who = ctx.who();
    let shown = state
        .db
        .write(move |conn| service::add_version(conn, &who, &id, &v, if_match.as_deref()))
        .await?;
    let t = one(shown)?;
    Ok(created(
        format!("/api/v1/award-types/{}", t.id),
        t.version,
        &t,
    ))
}

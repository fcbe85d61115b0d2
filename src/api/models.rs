//! `/api/v1/exemplary-models`: exemplary models (điển hình tiên tiến) — discovered, nurtured,
//! replicated — with the priority categories of the letter. Personal data of individuals is
//! shown only to admins, coordinators and the officers of the model's own unit, and the audit
//! log records only that it changed.

use std::collections::HashMap;

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::movements::UnitRef;
use super::{created, double_option, page, utc, with_etag, Body, Check, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::models::{is_public, may_see_personal_data, Category, ModelKind, Stage};
use crate::domain::{page as paging, today};
use crate::error::{AppError, AppResult};
use crate::http::if_match::IfMatch;
use crate::service::models::{self as service, ModelChange, NewModel, Personal, Shown};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(list)
        .service(read)
        .service(update)
        .service(change_stage)
        .service(remove);
}

/// A movement as a model cites it.
#[derive(Serialize, ToSchema, Clone)]
pub struct MovementRef {
    pub id: String,
    pub code: String,
    /// The current name.
    pub name: String,
}

/// Personal data of an individual; stored only when given.
#[derive(Serialize, Deserialize, ToSchema, Clone, Default)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"birth_date": "1978-04-02", "phone": "0912 345 678", "national_id": "033078001234", "home_address": "Thôn Đông, xã Phụng Công, huyện Văn Giang"}))]
pub struct PersonalData {
    pub birth_date: Option<NaiveDate>,
    #[schema(max_length = 50)]
    pub phone: Option<String>,
    #[schema(max_length = 20)]
    pub national_id: Option<String>,
    #[schema(max_length = 500)]
    pub home_address: Option<String>,
}

/// An exemplary model.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5a01", "kind": "collective", "name": "Tổ sản xuất rau an toàn thôn Đông",
    "managing_unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "code": "SLDTBXH", "name": "Sở Lao động-Thương binh và Xã hội"},
    "movements": [{"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01", "code": "PT-NGUOI-NGHEO", "name": "Vì người nghèo-Không để ai bị bỏ lại phía sau"}],
    "category": "small_collective", "priority": true,
    "summary": "Tổ hợp tác 12 hộ nghèo thoát nghèo bền vững nhờ trồng rau an toàn theo chuỗi.",
    "achievements": "Năm 2023, tổ giúp 12 hộ thoát nghèo...", "stage": "nurtured",
    "discovered_on": "2023-03-01", "nurtured_on": "2023-09-15", "replicated_on": null,
    "published": true, "consent_recorded_at": null, "public": true,
    "awardee_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5a01", "personal_data": null,
    "version": 3, "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct Model {
    pub id: String,
    pub kind: ModelKind,
    pub name: String,
    pub managing_unit: Option<UnitRef>,
    pub movements: Vec<MovementRef>,
    pub category: Category,
    /// Whether the category is one the letter gives priority to.
    pub priority: bool,
    pub summary: String,
    pub achievements: String,
    pub stage: Stage,
    pub discovered_on: NaiveDate,
    pub nurtured_on: Option<NaiveDate>,
    pub replicated_on: Option<NaiveDate>,
    /// The unit wants it shown on the provincial e-portal.
    pub published: bool,
    /// When the individual's consent to publication was recorded.
    pub consent_recorded_at: Option<DateTime<Utc>>,
    /// Whether the public feed shows it (published, and for an individual, with consent).
    pub public: bool,
    /// The individual or collective the model is (`/api/v1/awardees`).
    pub awardee_id: Option<String>,
    /// The awardee's; only for admins, coordinators and the officers of the managing unit,
    /// `null` otherwise.
    pub personal_data: Option<PersonalData>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A newly discovered model.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "individual", "name": "Nguyễn Văn Bình", "managing_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03",
    "movement_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01"], "category": "farmer",
    "summary": "Nông dân sản xuất kinh doanh giỏi, giúp 15 hộ nghèo có việc làm.",
    "achievements": "Từ năm 2020 ông Bình phát triển mô hình trồng nhãn lồng...", "discovered_on": "2023-05-10",
    "personal_data": {"phone": "0912 345 678"}, "consent": true, "published": true
}))]
pub struct ModelCreate {
    pub kind: ModelKind,
    #[schema(min_length = 1, max_length = 300)]
    pub name: String,
    pub managing_unit_id: String,
    #[schema(min_items = 1, max_items = 20)]
    pub movement_ids: Vec<String>,
    pub category: Category,
    #[schema(min_length = 1, max_length = 1000)]
    pub summary: String,
    #[schema(max_length = 20000)]
    pub achievements: Option<String>,
    /// Today when absent.
    pub discovered_on: Option<NaiveDate>,
    /// The individual or collective the model is, already recorded (`/api/v1/awardees`), of
    /// the model's kind; absent, one is recorded from the model, with the model's id.
    pub awardee_id: Option<String>,
    /// Individuals only, and only for a new awardee (an existing one keeps its own).
    pub personal_data: Option<PersonalData>,
    /// The individual consents to publication.
    #[serde(default)]
    pub consent: bool,
    #[serde(default)]
    pub published: bool,
}

/// Changes to a model; absent members stay. `consent: false` withdraws consent.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"published": true, "summary": "Tổ hợp tác 12 hộ thoát nghèo bền vững."}))]
pub struct ModelPatch {
    #[schema(min_length = 1, max_length = 300)]
    pub name: Option<String>,
    #[schema(min_items = 1, max_items = 20)]
    pub movement_ids: Option<Vec<String>>,
    pub category: Option<Category>,
    #[schema(min_length = 1, max_length = 1000)]
    pub summary: Option<String>,
    #[schema(max_length = 20000)]
    pub achievements: Option<String>,
    /// Replaces the personal data; `null` erases it.
    #[serde(default, deserialize_with = "double_option")]
    pub personal_data: Option<Option<PersonalData>>,
    pub consent: Option<bool>,
    pub published: Option<bool>,
}

/// The next stage of a model, and the day it was reached.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"stage": "nurtured", "on": "2023-09-15"}))]
pub struct StageChange {
    pub stage: Stage,
    pub on: NaiveDate,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ModelQuery {
    /// Words of the name, summary or unit; case and diacritics do not matter.
    #[param(max_length = 200)]
    pub q: Option<String>,
    pub movement_id: Option<String>,
    pub unit_id: Option<String>,
    pub kind: Option<ModelKind>,
    pub category: Option<Category>,
    pub stage: Option<Stage>,
    pub published: Option<bool>,
    /// Discovered in this year.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

impl PersonalData {
    /// The personal data shown, or `None` when there is none.
    pub(super) fn of(p: &Personal) -> Option<PersonalData> {
        (!p.is_empty()).then(|| PersonalData {
            birth_date: p.birth_date,
            phone: p.phone.clone(),
            national_id: p.national_id.clone(),
            home_address: p.home_address.clone(),
        })
    }
}

/// Builds the answers for model rows as `caller` may see them.
pub fn assemble(caller: &Caller, shown: Shown) -> Vec<Model> {
    let mut movements_by: HashMap<String, Vec<MovementRef>> = HashMap::new();
    for (model, id, code, name) in shown.movements {
        movements_by
            .entry(model)
            .or_default()
            .push(MovementRef { id, code, name });
    }
    let unit_refs: HashMap<String, UnitRef> = shown
        .units
        .into_iter()
        .map(|(id, code, name)| (id.clone(), UnitRef { id, code, name }))
        .collect();
    shown
        .rows
        .into_iter()
        .map(|r| {
            let kind = r.kind;
            let category = r.category;
            Model {
                personal_data: r
                    .awardee_id
                    .as_ref()
                    .filter(|_| may_see_personal_data(caller, &r.managing_unit_id))
                    .and_then(|a| shown.personal.get(a))
                    .and_then(PersonalData::of),
                awardee_id: r.awardee_id,
                public: is_public(r.published, kind, r.consent_at.is_some()),
                movements: movements_by.remove(&r.id).unwrap_or_default(),
                managing_unit: unit_refs.get(&r.managing_unit_id).cloned(),
                kind,
                priority: category.is_priority(),
                category,
                stage: r.stage,
                consent_recorded_at: r.consent_at.map(utc),
                id: r.id,
                name: r.name,
                summary: r.summary,
                achievements: r.achievements,
                discovered_on: r.discovered_on,
                nurtured_on: r.nurtured_on,
                replicated_on: r.replicated_on,
                published: r.published,
                version: r.version,
                created_at: utc(r.created_at),
                updated_at: utc(r.updated_at),
            }
        })
        .collect()
}

fn one(caller: &Caller, shown: Shown) -> AppResult<Model> {
    assemble(caller, shown)
        .pop()
        .ok_or_else(|| AppError::internal("model vanished"))
}

pub(super) fn check_personal(c: &mut Check, kind: ModelKind, p: &PersonalData) -> Personal {
    if kind == ModelKind::Collective {
        c.fail(
            "/personal_data",
            t!(
                "Tập thể không có dữ liệu cá nhân.",
                "A collective has no personal data."
            ),
        );
    }
    if p.birth_date.is_some_and(|d| d > today()) {
        c.fail(
            "/personal_data/birth_date",
            t!(
                "Ngày sinh không thể ở tương lai.",
                "birth_date cannot be in the future."
            ),
        );
    }
    let national_id = c.optional("/personal_data/national_id", p.national_id.as_deref(), 20);
    if national_id
        .as_deref()
        .is_some_and(|n| !n.chars().all(|ch| ch.is_ascii_digit()) || !(9..=12).contains(&n.len()))
    {
        c.fail(
            "/personal_data/national_id",
            t!(
                "Số định danh gồm 9 đến 12 chữ số.",
                "A national ID number is 9 to 12 digits."
            ),
        );
    }
    Personal {
        birth_date: p.birth_date,
        phone: c.optional("/personal_data/phone", p.phone.as_deref(), 50),
        national_id,
        home_address: c.optional(
            "/personal_data/home_address",
            p.home_address.as_deref(),
            500,
        ),
    }
}

/// Refuses consent for a collective: only individuals give it.
fn check_consent(c: &mut Check, kind: ModelKind, consent: bool) {
    if consent && kind == ModelKind::Collective {
        c.fail(
            "/consent",
            t!(
                "Chỉ cá nhân mới cần đồng ý công khai.",
                "Only individuals give consent."
            ),
        );
    }
}

/// Checks the personal data and consent of a change against the model's kind, known only
/// once the model is read: `Some` replaces the personal data (`null` erases it).
fn check_personal_change(
    personal: Option<&Option<PersonalData>>,
    consent: Option<bool>,
    kind: ModelKind,
) -> AppResult<Option<Personal>> {
    let mut c = Check::new();
    let personal = personal.map(|o| {
        o.as_ref()
            .map(|pd| check_personal(&mut c, kind, pd))
            .unwrap_or_default()
    });
    check_consent(&mut c, kind, consent == Some(true));
    c.finish()?;
    Ok(personal)
}

fn check_movements(c: &mut Check, ids: &[String]) -> Vec<String> {
    if ids.is_empty() || ids.len() > 20 {
        c.fail(
            "/movement_ids",
            t!(
                "Cần từ 1 đến 20 phong trào.",
                "Between 1 and 20 movements are needed."
            ),
        );
    }
    super::unique(ids)
}

/// Checks a new model's fields into the command that records it.
pub(super) fn check_new(b: ModelCreate) -> AppResult<NewModel> {
    let mut c = Check::new();
    let name = c.name("/name", &b.name, 300);
    let summary = c.name("/summary", &b.summary, 1000);
    let achievements = c
        .optional("/achievements", b.achievements.as_deref(), 20000)
        .unwrap_or_default();
    let movement_ids = check_movements(&mut c, &b.movement_ids);
    let personal = b
        .personal_data
        .as_ref()
        .map(|p| check_personal(&mut c, b.kind, p))
        .unwrap_or_default();
    let discovered_on = b.discovered_on.unwrap_or_else(today);
    if discovered_on > today() {
        c.fail(
            "/discovered_on",
            t!(
                "Ngày phát hiện không thể ở tương lai.",
                "discovered_on cannot be in the future."
            ),
        );
    }
    check_consent(&mut c, b.kind, b.consent);
    c.finish()?;
    Ok(NewModel {
        kind: b.kind,
        name,
        managing_unit_id: b.managing_unit_id,
        movement_ids,
        category: b.category,
        summary,
        achievements,
        discovered_on,
        awardee_id: b.awardee_id,
        personal,
        consent: b.consent,
        published: b.published,
    })
}

/// Records a newly discovered exemplary model.
#[utoipa::path(
    tag = "exemplary-models", request_body = ModelCreate,
    responses((status = 201, description = "Đã ghi nhận điển hình tiên tiến", body = Model,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/exemplary-models")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<ModelCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    crate::domain::access::doors::MODELS_WRITE.for_unit(&ctx.caller, &b.managing_unit_id)?;
    let new = check_new(b)?;
    let who = ctx.who();
    let shown = state
        .db
        .write(move |conn| service::create(conn, &who, &new))
        .await?;
    let model = one(&ctx.caller, shown)?;
    Ok(created(
        format!("/api/v1/exemplary-models/{}", model.id),
        model.version,
        &model,
    ))
}

/// Lists exemplary models in Vietnamese alphabetical order.
#[utoipa::path(
    tag = "exemplary-models", params(ModelQuery),
    responses((status = 200, description = "Một trang điển hình tiên tiến", body = Page<Model>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("/api/v1/exemplary-models")]
pub async fn list(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ModelQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<(String, String)> = paging::decode(q.cursor.as_deref())?;
    let filter = service::Filter {
        terms: super::search_terms(q.q.as_deref())?,
        movement_id: q.movement_id,
        unit_id: q.unit_id,
        kind: q.kind,
        category: q.category,
        stage: q.stage,
        published: q.published,
        year: super::year_param("year", q.year, 2000..=2100)?,
        public_only: false,
    };
    let (shown, next) = state
        .db
        .read(move |conn| service::list(conn, &filter, after, limit))
        .await?;
    Ok(page(&req, assemble(&caller, shown), next))
}

/// Reads one exemplary model.
#[utoipa::path(
    tag = "exemplary-models", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Điển hình tiên tiến", body = Model, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/api/v1/exemplary-models/{id}")]
pub async fn read(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let shown = state.db.read(move |conn| service::read(conn, &id)).await?;
    let model = one(&caller, shown)?;
    Ok(with_etag(model.version, &model))
}

/// Changes a model (its unit's officers, or a coordinator).
#[utoipa::path(
    tag = "exemplary-models", request_body = ModelPatch,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Điển hình tiên tiến sau khi sửa", body = Model, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/api/v1/exemplary-models/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: Body<ModelPatch>,
) -> AppResult<HttpResponse> {
    let p = body.into_inner();
    let mut c = Check::new();
    let mut change = ModelChange {
        name: p.name.as_deref().map(|v| c.name("/name", v, 300)),
        summary: p.summary.as_deref().map(|v| c.name("/summary", v, 1000)),
        achievements: p.achievements.as_deref().map(|v| {
            c.optional("/achievements", Some(v), 20000)
                .unwrap_or_default()
        }),
        movement_ids: p
            .movement_ids
            .as_deref()
            .map(|m| check_movements(&mut c, m)),
        category: p.category,
        personal: None,
        consent: p.consent,
        published: p.published,
    };
    c.finish()?;
    let who = ctx.who();
    let caller = ctx.caller.clone();
    let shown = state
        .db
        .write(move |conn| {
            let before = service::editable(conn, &caller, &id)?;
            change.personal =
                check_personal_change(p.personal_data.as_ref(), p.consent, before.kind)?;
            service::update(conn, &who, before, &change, if_match.as_deref())
        })
        .await?;
    let model = one(&ctx.caller, shown)?;
    Ok(with_etag(model.version, &model))
}

/// Moves a model to its next stage (nurtured, then replicated), keeping the day of each step.
#[utoipa::path(
    tag = "exemplary-models", request_body = StageChange,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Điển hình tiên tiến ở giai đoạn mới", body = Model, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/api/v1/exemplary-models/{id}/stage")]
pub async fn change_stage(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: Body<StageChange>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let who = ctx.who();
    let caller = ctx.caller.clone();
    let shown = state
        .db
        .write(move |conn| {
            let to = (b.stage, b.on);
            service::change_stage(conn, &caller, &who, &id, to, if_match.as_deref())
        })
        .await?;
    let model = one(&ctx.caller, shown)?;
    Ok(with_etag(model.version, &model))
}

/// Removes a model recorded in error; it leaves every list (and the public feed).
#[utoipa::path(
    tag = "exemplary-models",
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 204, description = "Đã xóa")),
    security(("bearer" = []))
)]
#[delete("/api/v1/exemplary-models/{id}")]
pub async fn remove(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let who = ctx.who();
    let caller = ctx.caller.clone();
    state
        .db
        .write(move |conn| service::remove(conn, &caller, &who, &id, if_match.as_deref()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

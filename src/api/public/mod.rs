//! `/public/v1/…`: what the provincial e-portal pulls, with no login. Only published models
//! (an individual only with recorded consent), never personal data. Every answer carries
//! `ETag`, `Last-Modified` and `Cache-Control`, and revalidation answers 304.

use crate::error::Code;
use std::collections::HashMap;

mod atom;

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::models::MovementRef;
use super::movements::Movement;
use super::{utc, Page};
use crate::domain::models::{Category, ModelKind, Stage};
use crate::domain::page as paging;
use crate::domain::register::Channel;
use crate::error::{AppError, AppResult};
use crate::http::cache::prepare_json;
use crate::service::public::{self as service, Shown};
use crate::AppState;
pub use atom::{atom, atom_feed};

pub fn configure(cfg: &mut ServiceConfig) {
    // `changes` before `{id}`, which would otherwise take the word as an id.
    cfg.service(list_models)
        .service(atom_feed)
        .service(model_changes)
        .service(read_model)
        .service(list_movements);
}

/// A sync token: opaque to clients, the position in the public change log.
fn sync_token(seq: i64) -> String {
    log_token("sync", seq)
}

fn parse_sync_token(token: Option<&str>) -> AppResult<i64> {
    parse_log_token("sync", token)
}

/// A token of a position in the change log `log`, opaque to clients.
pub(crate) fn log_token(log: &str, seq: i64) -> String {
    paging::encode(&(log, seq))
}

/// The position a token of `log` gives (0 when absent); 400 `invalid_sync_token` for a token
/// of another log or none at all.
pub(crate) fn parse_log_token(log: &str, token: Option<&str>) -> AppResult<i64> {
    let Some(token) = token else { return Ok(0) };
    let parsed: Option<(String, i64)> = if token.chars().count() > 200 {
        None
    } else {
        paging::decode(Some(token)).ok().flatten()
    };
    match parsed {
        Some((kind, seq)) if kind == log && seq >= 0 => Ok(seq),
        _ => Err(AppError::invalid_param(
            "since",
            crate::t!(
                "sync_token không hợp lệ; dùng sync_token của một câu trả lời trước.",
                "Invalid sync token; use the sync_token of an earlier answer."
            ),
        )
        .with_code(Code::InvalidSyncToken)),
    }
}

/// A page of the public list, with the token to follow changes from.
#[derive(Serialize, ToSchema)]
pub struct PublicModelPage {
    pub items: Vec<PublicModel>,
    /// Give it back as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
    /// Follow `/public/v1/exemplary-models/changes?since=<sync_token>` from here: every change
    /// after this answer will be there.
    #[schema(example = "WyJzeW5jIiw0Ml0")]
    pub sync_token: String,
}

/// One change of the public list: the model as it is now, or a tombstone.
#[derive(Serialize, ToSchema)]
pub struct PublicChange {
    pub id: String,
    /// `upsert`: show `model` (new or changed); `delete`: remove it (unpublished, deleted,
    /// consent withdrawn).
    #[schema(example = "upsert")]
    pub change: String,
    pub model: Option<PublicModel>,
}

/// Changes after a sync token.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"changes": [{"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5a02", "change": "delete", "model": null}], "sync_token": "WyJzeW5jIiw0M10", "has_more": false}))]
pub struct PublicChanges {
    pub changes: Vec<PublicChange>,
    /// Ask again with this token; it moves past every change returned.
    pub sync_token: String,
    /// More changes wait: ask again at once.
    pub has_more: bool,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ChangesQuery {
    /// A `sync_token` from an earlier answer; from the beginning when absent.
    #[param(max_length = 200)]
    pub since: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// A unit as the public sees it.
#[derive(Serialize, ToSchema, Clone)]
pub struct PublicUnit {
    pub id: String,
    pub name: String,
}

/// A link to something published about a model.
#[derive(Serialize, ToSchema, Clone)]
pub struct PublicityLink {
    pub channel: Channel,
    pub title: String,
    pub url: String,
    pub published_on: NaiveDate,
}

/// A commendation a model holds.
#[derive(Serialize, ToSchema, Clone)]
#[schema(example = json!({"nomination_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01", "form": "Bằng khen của Chủ tịch UBND tỉnh",
    "year": 2025, "track": "annual", "decision_number": "2150/QĐ-UBND", "decision_date": "2025-12-20"}))]
pub struct PublicHonour {
    pub nomination_id: String,
    /// The form of commendation.
    pub form: String,
    pub year: i32,
    pub track: crate::domain::vocab::Track,
    pub decision_number: Option<String>,
    pub decision_date: Option<NaiveDate>,
}

/// An exemplary model as the e-portal shows it.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5a01", "kind": "collective", "name": "Tổ sản xuất rau an toàn thôn Đông",
    "unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "name": "Sở Lao động-Thương binh và Xã hội"},
    "movements": [{"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01", "code": "PT-NGUOI-NGHEO", "name": "Vì người nghèo-Không để ai bị bỏ lại phía sau"}],
    "category": "small_collective", "summary": "Tổ hợp tác 12 hộ nghèo thoát nghèo bền vững nhờ trồng rau an toàn theo chuỗi.",
    "stage": "replicated", "honours": [],
    "publicity": [{"channel": "radio_tv", "title": "Gương sáng giúp người nghèo", "url": "https://hungyentv.vn/tin/2", "published_on": "2023-10-02"}],
    "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct PublicModel {
    pub id: String,
    pub kind: ModelKind,
    pub name: String,
    pub unit: Option<PublicUnit>,
    /// The movements, by their current names.
    pub movements: Vec<MovementRef>,
    pub category: Category,
    pub summary: String,
    pub stage: Stage,
    /// Commendations granted by approved nominations, newest decision first; a revoked
    /// honour leaves (and the model shows up in the changes feed).
    pub honours: Vec<PublicHonour>,
    pub publicity: Vec<PublicityLink>,
    pub updated_at: DateTime<Utc>,
}

/// One model with its full achievements.
#[derive(Serialize, ToSchema)]
pub struct PublicModelDetail {
    #[serde(flatten)]
    pub model: PublicModel,
    /// Follow changes from here.
    pub sync_token: String,
    pub achievements: String,
    pub discovered_on: NaiveDate,
    pub nurtured_on: Option<NaiveDate>,
    pub replicated_on: Option<NaiveDate>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicModelQuery {
    /// A movement id.
    pub movement: Option<String>,
    /// A unit id.
    pub unit: Option<String>,
    pub kind: Option<ModelKind>,
    pub category: Option<Category>,
    /// Discovered in this year.
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    /// Words of the name or summary; case and diacritics do not matter (`rau an toan`).
    #[param(max_length = 200)]
    pub q: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicMovementQuery {
    /// Words of any name the movement has had.
    #[param(max_length = 200)]
    pub q: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// The public form of the models shown, in their order.
fn public_models(shown: Shown) -> Vec<PublicModel> {
    let mut movements_by: HashMap<String, Vec<MovementRef>> = HashMap::new();
    for (model, id, code, name) in shown.movements {
        movements_by
            .entry(model)
            .or_default()
            .push(MovementRef { id, code, name });
    }
    let mut publicity_by: HashMap<String, Vec<PublicityLink>> = HashMap::new();
    for (model, item) in shown.publicity {
        publicity_by.entry(model).or_default().push(PublicityLink {
            channel: item.channel,
            title: item.title,
            url: item.url,
            published_on: item.published_on,
        });
    }
    let mut honours_by = honours_by_model(shown.honours, shown.forms);
    let unit_names: HashMap<String, String> = shown
        .units
        .into_iter()
        .map(|(id, _, name)| (id, name))
        .collect();
    shown
        .rows
        .into_iter()
        .map(|r| PublicModel {
            unit: unit_names.get(&r.managing_unit_id).map(|name| PublicUnit {
                id: r.managing_unit_id,
                name: name.clone(),
            }),
            movements: movements_by.remove(&r.id).unwrap_or_default(),
            honours: honours_by.remove(&r.id).unwrap_or_default(),
            publicity: publicity_by.remove(&r.id).unwrap_or_default(),
            id: r.id,
            kind: r.kind,
            name: r.name,
            category: r.category,
            summary: r.summary,
            stage: r.stage,
            updated_at: utc(r.updated_at),
        })
        .collect()
}

/// The honours of these models, by model.
fn honours_by_model(
    honours: Vec<service::NominationRow>,
    forms: Vec<service::FormRow>,
) -> HashMap<String, Vec<PublicHonour>> {
    let forms: HashMap<String, String> = forms.into_iter().map(|f| (f.id, f.name)).collect();
    let mut out: HashMap<String, Vec<PublicHonour>> = HashMap::new();
    for r in honours {
        let Some(model) = r.model_id.clone() else {
            continue;
        };
        out.entry(model).or_default().push(PublicHonour {
            nomination_id: r.id,
            form: forms.get(&r.form_id).cloned().unwrap_or_default(),
            year: r.year,
            track: r.track,
            decision_number: r.decision_number,
            decision_date: r.decision_date,
        });
    }
    out
}

/// One public model with its whole story.
fn detail_of(mut found: service::ModelDetail) -> AppResult<PublicModelDetail> {
    let row = found
        .shown
        .rows
        .first_mut()
        .ok_or_else(|| AppError::internal("model vanished"))?;
    let (achievements, discovered_on, nurtured_on, replicated_on) = (
        std::mem::take(&mut row.achievements),
        row.discovered_on,
        row.nurtured_on,
        row.replicated_on,
    );
    let model = public_models(found.shown)
        .pop()
        .ok_or_else(|| AppError::internal("model vanished"))?;
    Ok(PublicModelDetail {
        model,
        sync_token: sync_token(found.head),
        achievements,
        discovered_on,
        nurtured_on,
        replicated_on,
    })
}

/// The published exemplary models, in Vietnamese alphabetical order.
#[utoipa::path(
    tag = "public", params(PublicModelQuery),
    responses(
        (status = 200, description = "Một trang điển hình tiên tiến đã công khai", body = PublicModelPage,
            headers(("ETag" = String, description = "Bộ kiểm tra của trang"), ("Last-Modified" = String, description = "Lần thay đổi gần nhất"),
                ("Cache-Control" = String, description = "public, max-age=60"))),
        (status = 304, description = "Bản đã lưu vẫn đúng"),
        (status = 429, description = "Quá nhiều yêu cầu", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    )
)]
#[get("/public/v1/exemplary-models")]
pub async fn list_models(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<PublicModelQuery>,
) -> AppResult<HttpResponse> {
    if let Some(hit) = state.public_cache.hit(&req) {
        return Ok(hit);
    }
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<(String, String)> = paging::decode(q.cursor.as_deref())?;
    let filter = service::Filter {
        terms: super::search_terms(q.q.as_deref())?,
        movement_id: q.movement,
        unit_id: q.unit,
        kind: q.kind,
        category: q.category,
        year: super::year_param("year", q.year, 2000..=2100)?,
        public_only: true,
        ..Default::default()
    };
    let found = state
        .db
        .read(move |conn| service::models(conn, &filter, after, limit))
        .await?;
    let page = PublicModelPage {
        items: public_models(found.shown),
        next_cursor: found.next,
        sync_token: sync_token(found.head),
    };
    let link = super::next_link(&req, &page.next_cursor);
    Ok(state
        .public_cache
        .remember(&req, prepare_json(&page, found.last, link)))
}

/// One published exemplary model.
#[utoipa::path(
    tag = "public", params(("id" = String, Path, description = "Mã định danh")),
    responses(
        (status = 200, description = "Điển hình tiên tiến", body = PublicModelDetail,
            headers(("ETag" = String, description = "Bộ kiểm tra"), ("Last-Modified" = String, description = "Lần thay đổi gần nhất"),
                ("Cache-Control" = String, description = "public, max-age=60"))),
        (status = 304, description = "Bản đã lưu vẫn đúng"),
        (status = 404, description = "Không có, hoặc không công khai", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Quá nhiều yêu cầu", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    )
)]
#[get("/public/v1/exemplary-models/{id}")]
pub async fn read_model(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    if let Some(hit) = state.public_cache.hit(&req) {
        return Ok(hit);
    }
    let found = state.db.read(move |conn| service::model(conn, &id)).await?;
    let last = found.last;
    let detail = detail_of(found)?;
    Ok(state
        .public_cache
        .remember(&req, prepare_json(&detail, last, None)))
}

/// The movements with their former names and lead units.
#[utoipa::path(
    tag = "public", params(PublicMovementQuery),
    responses(
        (status = 200, description = "Một trang phong trào thi đua", body = Page<Movement>,
            headers(("ETag" = String, description = "Bộ kiểm tra"), ("Last-Modified" = String, description = "Lần thay đổi gần nhất"),
                ("Cache-Control" = String, description = "public, max-age=60"))),
        (status = 304, description = "Bản đã lưu vẫn đúng"),
        (status = 429, description = "Quá nhiều yêu cầu", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    )
)]
#[get("/public/v1/movements")]
pub async fn list_movements(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<PublicMovementQuery>,
) -> AppResult<HttpResponse> {
    if let Some(hit) = state.public_cache.hit(&req) {
        return Ok(hit);
    }
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<(String, String)> = paging::decode(q.cursor.as_deref())?;
    let filter = service::MovementFilter {
        terms: super::search_terms(q.q.as_deref())?,
        ..Default::default()
    };
    let (page, last) = state
        .db
        .read(move |conn| {
            let (items, next, last) = service::movements(conn, &filter, after, limit)?;
            Ok((
                Page {
                    items,
                    next_cursor: next,
                },
                last,
            ))
        })
        .await?;
    let link = super::next_link(&req, &page.next_cursor);
    Ok(state
        .public_cache
        .remember(&req, prepare_json(&page, last, link)))
}

/// Every change to the public list after a sync token, oldest first: models that appeared or
/// changed (also through a renamed movement or unit, or new publicity) as `upsert` with their
/// current public form, and models that left it as `delete` tombstones. Nothing is skipped,
/// even when writers commit out of order.
#[utoipa::path(
    tag = "public", params(ChangesQuery),
    responses(
        (status = 200, description = "Các thay đổi sau sync_token", body = PublicChanges,
            headers(("ETag" = String, description = "Bộ kiểm tra"), ("Last-Modified" = String, description = "Lần thay đổi gần nhất"),
                ("Cache-Control" = String, description = "public, max-age=60"))),
        (status = 304, description = "Bản đã lưu vẫn đúng"),
        (status = 429, description = "Quá nhiều yêu cầu", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    )
)]
#[get("/public/v1/exemplary-models/changes")]
pub async fn model_changes(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ChangesQuery>,
) -> AppResult<HttpResponse> {
    if let Some(hit) = state.public_cache.hit(&req) {
        return Ok(hit);
    }
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let since = parse_sync_token(q.since.as_deref())?;
    let found = state
        .db
        .read(move |conn| service::changes_after(conn, since, limit))
        .await?;
    let mut current: HashMap<String, PublicModel> = HashMap::new();
    for m in public_models(found.shown) {
        current.insert(m.id.clone(), m);
    }
    let changes = found
        .ids
        .into_iter()
        .map(|id| match current.remove(&id) {
            Some(model) => PublicChange {
                id,
                change: "upsert".to_owned(),
                model: Some(model),
            },
            None => PublicChange {
                id,
                change: "delete".to_owned(),
                model: None,
            },
        })
        .collect();
    let answer = PublicChanges {
        changes,
        sync_token: sync_token(found.position),
        has_more: found.has_more,
    };
    Ok(state
        .public_cache
        .remember(&req, prepare_json(&answer, found.last, None)))
}

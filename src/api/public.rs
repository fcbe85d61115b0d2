//! `/public/v1/…`: what the provincial e-portal pulls, with no login. Only published models
//! (an individual only with recorded consent), never personal data. Every answer carries
//! `ETag`, `Last-Modified` and `Cache-Control`, and revalidation answers 304.

use std::collections::HashMap;

use actix_web::{get, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::models::MovementRef;
use super::movements::assemble as assemble_movements;
use super::movements::Movement;
use super::{utc, Page};
use crate::domain::models::{Category, ModelKind, Stage};
use crate::domain::page as paging;
use crate::domain::register::Channel;
use crate::error::{AppError, AppResult};
use crate::http::cache::{prepare, prepare_json};
use crate::store::models::{self as store, ModelRow};
use crate::store::{audit, changes, movements, publicity, units, DbConn};
use crate::AppState;

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
    paging::encode(&("sync", seq))
}

fn parse_sync_token(token: Option<&str>) -> AppResult<i64> {
    let Some(token) = token else { return Ok(0) };
    let parsed: Option<(String, i64)> = paging::decode(Some(token)).ok().flatten();
    match parsed {
        Some((kind, seq)) if kind == "sync" && seq >= 0 => Ok(seq),
        _ => Err(AppError::invalid_param(
            "since",
            crate::t!(
                "sync_token không hợp lệ; dùng sync_token của một câu trả lời trước.",
                "Invalid sync token; use the sync_token of an earlier answer."
            ),
        )
        .with_code("invalid_sync_token")),
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

/// The honours of these models, by model.
pub fn honours_by_model(
    conn: &mut DbConn,
    ids: &[String],
) -> AppResult<HashMap<String, Vec<PublicHonour>>> {
    let rows = crate::store::nominations::honours_of(conn, ids)?;
    let forms: HashMap<String, String> = crate::store::nominations::forms(conn)?
        .into_iter()
        .map(|f| (f.id, f.name))
        .collect();
    let mut out: HashMap<String, Vec<PublicHonour>> = HashMap::new();
    for r in rows {
        out.entry(r.model_id.clone())
            .or_default()
            .push(PublicHonour {
                nomination_id: r.id,
                form: forms.get(&r.form_id).cloned().unwrap_or_default(),
                year: r.year,
                track: r.track,
                decision_number: r.decision_number,
                decision_date: r.decision_date,
            });
    }
    Ok(out)
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

fn public_models(
    conn: &mut DbConn,
    rows: Vec<ModelRow>,
) -> AppResult<Vec<(PublicModel, ModelRow)>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut movements_by: HashMap<String, Vec<MovementRef>> = HashMap::new();
    for (model, id, code, name) in store::movements_of(conn, &ids)? {
        movements_by
            .entry(model)
            .or_default()
            .push(MovementRef { id, code, name });
    }
    let mut publicity_by: HashMap<String, Vec<PublicityLink>> = HashMap::new();
    for (model, item) in publicity::for_models(conn, &ids)? {
        publicity_by.entry(model).or_default().push(PublicityLink {
            channel: item.channel,
            title: item.title,
            url: item.url,
            published_on: item.published_on,
        });
    }
    let mut honours_by = honours_by_model(conn, &ids)?;
    let unit_ids: Vec<String> = rows.iter().map(|r| r.managing_unit_id.clone()).collect();
    let unit_names: HashMap<String, String> = units::names(conn, &unit_ids)?
        .into_iter()
        .map(|(id, _, name)| (id, name))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let m = PublicModel {
                id: r.id.clone(),
                kind: r.kind,
                name: r.name.clone(),
                unit: unit_names.get(&r.managing_unit_id).map(|name| PublicUnit {
                    id: r.managing_unit_id.clone(),
                    name: name.clone(),
                }),
                movements: movements_by.remove(&r.id).unwrap_or_default(),
                category: r.category,
                summary: r.summary.clone(),
                stage: r.stage,
                honours: honours_by.remove(&r.id).unwrap_or_default(),
                publicity: publicity_by.remove(&r.id).unwrap_or_default(),
                updated_at: utc(r.updated_at),
            };
            (m, r)
        })
        .collect())
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
    let filter = store::Filter {
        terms: super::search_terms(q.q.as_deref())?,
        movement_id: q.movement,
        unit_id: q.unit,
        kind: q.kind,
        category: q.category,
        year: super::year_param("year", q.year, 2000..=2100)?,
        public_only: true,
        ..Default::default()
    };
    let (page, last) = state
        .db
        .read(move |conn| {
            // The token first: whatever commits after it is in the change log after it.
            let token = sync_token(changes::head(conn)?);
            let last = audit::last_change(conn)?;
            let rows = store::list(conn, &filter, after, limit)?;
            let (rows, next) = paging::split(rows, limit, |r| (r.name_key.clone(), r.id.clone()));
            let items = public_models(conn, rows)?
                .into_iter()
                .map(|(m, _)| m)
                .collect();
            Ok((
                PublicModelPage {
                    items,
                    next_cursor: next,
                    sync_token: token,
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
    let id = id.into_inner();
    let (detail, last) = state
        .db
        .read(move |conn| {
            let token = sync_token(changes::head(conn)?);
            let last = audit::last_change(conn)?;
            let row = store::get(conn, &id)?
                .filter(ModelRow::is_public)
                .ok_or_else(|| AppError::not_found("điển hình tiên tiến (exemplary model)"))?;
            let (model, row) = public_models(conn, vec![row])?
                .pop()
                .ok_or_else(|| AppError::internal("model vanished"))?;
            Ok((
                PublicModelDetail {
                    model,
                    sync_token: token,
                    achievements: row.achievements,
                    discovered_on: row.discovered_on,
                    nurtured_on: row.nurtured_on,
                    replicated_on: row.replicated_on,
                },
                last,
            ))
        })
        .await?;
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
    let filter = movements::Filter {
        terms: super::search_terms(q.q.as_deref())?,
        ..Default::default()
    };
    let (page, last) = state
        .db
        .read(move |conn| {
            let last = audit::last_change(conn)?;
            let rows = movements::list(conn, &filter, after, limit)?;
            let (rows, next) = paging::split(rows, limit, |r| (r.name_key.clone(), r.id.clone()));
            Ok((
                Page {
                    items: assemble_movements(conn, rows)?,
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
    if q.since.as_deref().is_some_and(|s| s.chars().count() > 200) {
        return Err(parse_sync_token(Some("!"))
            .err()
            .unwrap_or_else(|| AppError::internal("token")));
    }
    let since = parse_sync_token(q.since.as_deref())?;
    let (answer, last) = state
        .db
        .read(move |conn| {
            let last = audit::last_change(conn)?;
            let rows = changes::after(conn, since, limit + 1)?;
            let has_more = rows.len() > usize::try_from(limit).unwrap_or(0);
            let rows: Vec<(i64, String)> = rows
                .into_iter()
                .take(usize::try_from(limit).unwrap_or(0))
                .collect();
            let position = rows.last().map_or(since, |(seq, _)| *seq);
            // A model changed twice in the page appears once, in its current form.
            let mut ids: Vec<String> = Vec::new();
            for (_, id) in rows.into_iter().rev() {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            ids.reverse();
            let mut current: HashMap<String, PublicModel> = HashMap::new();
            let visible: Vec<ModelRow> = ids
                .iter()
                .map(|id| store::get(conn, id))
                .collect::<AppResult<Vec<_>>>()?
                .into_iter()
                .flatten()
                .filter(ModelRow::is_public)
                .collect();
            for (m, _) in public_models(conn, visible)? {
                current.insert(m.id.clone(), m);
            }
            let changes = ids
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
            Ok((
                PublicChanges {
                    changes,
                    sync_token: sync_token(position),
                    has_more,
                },
                last,
            ))
        })
        .await?;
    Ok(state
        .public_cache
        .remember(&req, prepare_json(&answer, last, None)))
}

/// Escapes text for XML content and attributes.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The Atom 1.0 document of the newest public models.
pub fn atom(models: &[PublicModel], updated: DateTime<Utc>) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
    out.push_str("  <id>urn:thidua:public:exemplary-models</id>\n");
    out.push_str("  <title>Điển hình tiên tiến tỉnh Hưng Yên</title>\n");
    out.push_str(
        "  <subtitle>Các gương điển hình tiên tiến trong phong trào thi đua yêu nước</subtitle>\n",
    );
    out.push_str(&format!(
        "  <updated>{}</updated>\n",
        updated.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    ));
    out.push_str("  <link rel=\"self\" type=\"application/atom+xml\" href=\"/public/v1/exemplary-models.atom\"/>\n");
    out.push_str("  <author><name>Ủy ban nhân dân tỉnh Hưng Yên</name></author>\n");
    for m in models {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <id>urn:uuid:{}</id>\n", xml(&m.id)));
        out.push_str(&format!("    <title>{}</title>\n", xml(&m.name)));
        out.push_str(&format!(
            "    <updated>{}</updated>\n",
            m.updated_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ));
        out.push_str(&format!("    <link rel=\"alternate\" type=\"application/json\" href=\"/public/v1/exemplary-models/{}\"/>\n", xml(&m.id)));
        if let Some(unit) = &m.unit {
            out.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                xml(&unit.name)
            ));
        }
        out.push_str(&format!(
            "    <category term=\"{}\"/>\n",
            m.category.as_str()
        ));
        for movement in &m.movements {
            out.push_str(&format!(
                "    <category term=\"{}\" label=\"{}\"/>\n",
                xml(&movement.code),
                xml(&movement.name)
            ));
        }
        out.push_str(&format!("    <summary>{}</summary>\n", xml(&m.summary)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// An Atom 1.0 feed of the 50 most recently changed public models.
#[utoipa::path(
    tag = "public",
    responses(
        (status = 200, description = "Nguồn tin Atom 1.0", body = String, content_type = "application/atom+xml",
            headers(("ETag" = String, description = "Bộ kiểm tra"), ("Last-Modified" = String, description = "Lần thay đổi gần nhất"),
                ("Cache-Control" = String, description = "public, max-age=60"))),
        (status = 304, description = "Bản đã lưu vẫn đúng"),
        (status = 429, description = "Quá nhiều yêu cầu", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    )
)]
#[get("/public/v1/exemplary-models.atom")]
pub async fn atom_feed(state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    if let Some(hit) = state.public_cache.hit(&req) {
        return Ok(hit);
    }
    let (models, last) = state
        .db
        .read(|conn| {
            let last = audit::last_change(conn)?;
            let rows = store::newest_public(conn, 50)?;
            Ok((
                public_models(conn, rows)?
                    .into_iter()
                    .map(|(m, _)| m)
                    .collect::<Vec<_>>(),
                last,
            ))
        })
        .await?;
    let updated = models
        .first()
        .map_or_else(|| last.unwrap_or_default().and_utc(), |m| m.updated_at);
    let body = atom(&models, updated).into_bytes();
    Ok(state.public_cache.remember(
        &req,
        prepare(body, "application/atom+xml; charset=utf-8", last, None),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            xml("Tổ \"A\" & <B>\u{1}"),
            "Tổ &quot;A&quot; &amp; &lt;B&gt;"
        );
    }
}

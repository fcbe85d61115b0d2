//! `/api/v1/publicity-items` (and `/api/v1/exemplary-models/{id}/publicity-items`): what was
//! published about exemplary models and movements — on the unit's portal, the provincial
//! portal, provincial radio-TV, newspapers — recorded per unit (letter point 3).

use std::collections::HashMap;

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::movements::UnitRef;
use super::{
    check_if_match, created, etag, if_match, page, unknown_reference, utc, with_etag, Body, Check,
    Ctx, Page,
};
use crate::domain::access::{Caller, Scope};
use crate::domain::page as paging;
use crate::domain::register::Channel;
use crate::domain::today;
use crate::error::{AppError, AppResult};
use crate::store::publicity::{self as store, ItemRow};
use crate::store::{audit, changes, models, new_id, now, units, DbConn};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1/publicity-items")
            .service(create)
            .service(list)
            .service(read)
            .service(update)
            .service(remove),
    )
    // A model's items live under `/api/v1/exemplary-models/{id}`, beside the models' routes.
    .service(list_for_model)
    .service(create_for_model);
}

/// A publicity item.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a01", "channel": "radio_tv",
    "title": "Gương sáng giúp người nghèo thoát nghèo ở Văn Giang", "url": "https://hungyentv.vn/guong-sang-giup-nguoi-ngheo",
    "published_on": "2023-10-02",
    "unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a06", "code": "DPTTH-HY", "name": "Đài Phát thanh và Truyền hình Hưng Yên"},
    "model_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5a01"], "movement_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01"],
    "version": 1, "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct Item {
    pub id: String,
    pub channel: Channel,
    pub title: String,
    /// An http or https address.
    pub url: String,
    pub published_on: NaiveDate,
    /// The unit that published it.
    pub unit: Option<UnitRef>,
    pub model_ids: Vec<String>,
    pub movement_ids: Vec<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new publicity item.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "channel": "unit_portal", "title": "Tuyên truyền gương điển hình tiên tiến năm 2023",
    "url": "https://sonoivu.hungyen.gov.vn/tin-tuc/guong-dien-hinh-2023", "published_on": "2023-10-02",
    "unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a02", "model_ids": [], "movement_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01"]
}))]
pub struct ItemInput {
    pub channel: Channel,
    #[schema(min_length = 1, max_length = 500)]
    pub title: String,
    #[schema(min_length = 1, max_length = 500)]
    pub url: String,
    pub published_on: NaiveDate,
    /// The publishing unit.
    pub unit_id: String,
    #[serde(default)]
    #[schema(max_items = 50)]
    pub model_ids: Vec<String>,
    #[serde(default)]
    #[schema(max_items = 20)]
    pub movement_ids: Vec<String>,
}

/// Changes to an item; `model_ids` and `movement_ids` replace the links.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "Tuyên truyền gương điển hình tiên tiến năm 2023 (cập nhật)"}))]
pub struct ItemPatch {
    pub channel: Option<Channel>,
    #[schema(min_length = 1, max_length = 500)]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 500)]
    pub url: Option<String>,
    pub published_on: Option<NaiveDate>,
    #[schema(max_items = 50)]
    pub model_ids: Option<Vec<String>>,
    #[schema(max_items = 20)]
    pub movement_ids: Option<Vec<String>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ItemQuery {
    pub unit_id: Option<String>,
    pub channel: Option<Channel>,
    pub model_id: Option<String>,
    pub movement_id: Option<String>,
    /// Published on or after this day.
    pub from: Option<NaiveDate>,
    /// Published on or before this day.
    pub to: Option<NaiveDate>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

fn assemble(conn: &mut DbConn, rows: Vec<ItemRow>) -> AppResult<Vec<Item>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut models_by: HashMap<String, Vec<String>> = HashMap::new();
    let mut movements_by: HashMap<String, Vec<String>> = HashMap::new();
    for (item, model, movement) in store::links(conn, &ids)? {
        if let Some(m) = model {
            models_by.entry(item.clone()).or_default().push(m);
        }
        if let Some(m) = movement {
            movements_by.entry(item).or_default().push(m);
        }
    }
    let unit_ids: Vec<String> = rows.iter().map(|r| r.unit_id.clone()).collect();
    let unit_refs = super::movements::unit_refs(conn, &unit_ids)?;
    Ok(rows
        .into_iter()
        .map(|r| Item {
            channel: r.channel,
            unit: unit_refs.get(&r.unit_id).cloned(),
            model_ids: models_by.remove(&r.id).unwrap_or_default(),
            movement_ids: movements_by.remove(&r.id).unwrap_or_default(),
            id: r.id,
            title: r.title,
            url: r.url,
            published_on: r.published_on,
            version: r.version,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        })
        .collect())
}

fn one(conn: &mut DbConn, row: ItemRow) -> AppResult<Item> {
    assemble(conn, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("item vanished"))
}

fn ensure_links(conn: &mut DbConn, model_ids: &[String], movement_ids: &[String]) -> AppResult<()> {
    for m in model_ids {
        if models::get(conn, m)?.is_none() {
            return Err(unknown_reference(
                "/model_ids",
                "điển hình tiên tiến / exemplary model",
            ));
        }
    }
    let missing = models::missing_movements(conn, movement_ids)?;
    if !missing.is_empty() {
        return Err(unknown_reference("/movement_ids", "phong trào / movement"));
    }
    Ok(())
}

fn snapshot(conn: &mut DbConn, row: &ItemRow) -> AppResult<serde_json::Value> {
    Ok(serde_json::to_value(one(conn, row.clone())?).unwrap_or_default())
}

fn load(conn: &mut DbConn, id: &str) -> AppResult<ItemRow> {
    store::get(conn, id)?
        .ok_or_else(|| AppError::not_found("tin bài tuyên truyền (publicity item)"))
}

async fn insert_item(
    ctx: Ctx,
    state: &AppState,
    b: ItemInput,
    extra_model: Option<String>,
) -> AppResult<HttpResponse> {
    ctx.caller
        .require_for_unit(&b.unit_id, Scope::ModelsWrite)?;
    let mut c = Check::new();
    let title = c.name("/title", &b.title, 500);
    let url = c.url("/url", Some(&b.url)).unwrap_or_default();
    if b.published_on > today() {
        c.fail(
            "/published_on",
            t!(
                "Ngày đăng không thể ở tương lai.",
                "published_on cannot be in the future."
            ),
        );
    }
    if b.model_ids.len() > 50 || b.movement_ids.len() > 20 {
        c.fail(
            "/model_ids",
            t!(
                "Tối đa 50 điển hình và 20 phong trào.",
                "At most 50 models and 20 movements."
            ),
        );
    }
    c.finish()?;
    let mut model_ids = b.model_ids.clone();
    model_ids.extend(extra_model);
    let model_ids = super::unique(&model_ids);
    let movement_ids = super::unique(&b.movement_ids);
    let at = now();
    let row = ItemRow {
        id: new_id(),
        channel: b.channel,
        title,
        url,
        published_on: b.published_on,
        unit_id: b.unit_id.clone(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    let who = ctx.who();
    let item = state
        .db
        .write(move |conn| {
            if units::get(conn, &row.unit_id)?.is_none() {
                return Err(unknown_reference("/unit_id", "đơn vị / unit"));
            }
            ensure_links(conn, &model_ids, &movement_ids)?;
            store::insert(conn, &row)?;
            store::set_links(conn, &row.id, &model_ids, &movement_ids)?;
            changes::touch(conn, &model_ids)?;
            let after = snapshot(conn, &row)?;
            audit::record(
                conn,
                &who,
                "create",
                "publicity_item",
                &row.id,
                None,
                Some(&after),
            )?;
            one(conn, row.clone())
        })
        .await?;
    Ok(created(
        format!("/api/v1/publicity-items/{}", item.id),
        item.version,
        &item,
    ))
}

/// Records a publicity item.
#[utoipa::path(
    tag = "publicity", request_body = ItemInput,
    responses((status = 201, description = "Đã ghi nhận tin bài", body = Item,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<ItemInput>,
) -> AppResult<HttpResponse> {
    insert_item(ctx, &state, body.into_inner(), None).await
}

/// Records a publicity item about this model (the model is linked automatically).
#[utoipa::path(
    tag = "publicity", request_body = ItemInput,
    params(("id" = String, Path, description = "Mã định danh điển hình")),
    responses((status = 201, description = "Đã ghi nhận tin bài", body = Item,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/exemplary-models/{id}/publicity-items")]
pub async fn create_for_model(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Body<ItemInput>,
) -> AppResult<HttpResponse> {
    let model_id = id.into_inner();
    let check = model_id.clone();
    state
        .db
        .read(move |conn| {
            models::get(conn, &check)?
                .map(drop)
                .ok_or_else(|| AppError::not_found("điển hình tiên tiến (exemplary model)"))
        })
        .await?;
    insert_item(ctx, &state, body.into_inner(), Some(model_id)).await
}

async fn list_items(
    state: &AppState,
    req: &HttpRequest,
    filter: store::Filter,
    limit: Option<i64>,
    cursor: Option<String>,
) -> AppResult<HttpResponse> {
    let limit = paging::limit(limit)?;
    let after: Option<(NaiveDate, String)> = paging::decode(cursor.as_deref())?;
    let (items, next) = state
        .db
        .read(move |conn| {
            let rows = store::list(conn, &filter, after, limit)?;
            let (rows, next) = paging::split(rows, limit, |r| (r.published_on, r.id.clone()));
            Ok((assemble(conn, rows)?, next))
        })
        .await?;
    Ok(page(req, items, next))
}

/// Lists publicity items, newest first.
#[utoipa::path(
    tag = "publicity", params(ItemQuery),
    responses((status = 200, description = "Một trang tin bài", body = Page<Item>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ItemQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let filter = store::Filter {
        unit_id: q.unit_id,
        channel: q.channel,
        model_id: q.model_id,
        movement_id: q.movement_id,
        from: q.from,
        to: q.to,
    };
    list_items(&state, &req, filter, q.limit, q.cursor).await
}

/// Lists the publicity items about one model.
#[utoipa::path(
    tag = "publicity",
    params(("id" = String, Path, description = "Mã định danh điển hình"), PageQuery),
    responses((status = 200, description = "Một trang tin bài", body = Page<Item>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("/api/v1/exemplary-models/{id}/publicity-items")]
pub async fn list_for_model(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let model_id = id.into_inner();
    let check = model_id.clone();
    state
        .db
        .read(move |conn| {
            models::get(conn, &check)?
                .map(drop)
                .ok_or_else(|| AppError::not_found("điển hình tiên tiến (exemplary model)"))
        })
        .await?;
    let q = query.into_inner();
    let filter = store::Filter {
        model_id: Some(model_id),
        ..Default::default()
    };
    list_items(&state, &req, filter, q.limit, q.cursor).await
}

/// Reads one publicity item.
#[utoipa::path(
    tag = "publicity", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Tin bài", body = Item, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let item = state
        .db
        .read(move |conn| {
            let row = load(conn, &id)?;
            one(conn, row)
        })
        .await?;
    Ok(with_etag(item.version, &item))
}

/// Corrects a publicity item (its unit's officers, or a coordinator).
#[utoipa::path(
    tag = "publicity", request_body = ItemPatch,
    params(("id" = String, Path, description = "Mã định danh"),
        ("If-Match" = Option<String>, Header, description = "ETag đã đọc; 412 nếu bản ghi đã đổi")),
    responses((status = 200, description = "Tin bài sau khi sửa", body = Item, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: Body<ItemPatch>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    let mut c = Check::new();
    let title = p.title.as_deref().map(|v| c.name("/title", v, 500));
    let url = p
        .url
        .as_deref()
        .map(|v| c.url("/url", Some(v)).unwrap_or_default());
    if p.published_on.is_some_and(|d| d > today()) {
        c.fail(
            "/published_on",
            t!(
                "Ngày đăng không thể ở tương lai.",
                "published_on cannot be in the future."
            ),
        );
    }
    c.finish()?;
    let expected = if_match(&req);
    let who = ctx.who();
    let caller = ctx.caller.clone();
    let item = state
        .db
        .write(move |conn| {
            let before = load(conn, &id)?;
            caller.require_for_unit(&before.unit_id, Scope::ModelsWrite)?;
            let before_json = snapshot(conn, &before)?;
            let current = one(conn, before.clone())?;
            let model_ids = super::unique(p.model_ids.as_deref().unwrap_or(&current.model_ids));
            let movement_ids =
                super::unique(p.movement_ids.as_deref().unwrap_or(&current.movement_ids));
            ensure_links(conn, &model_ids, &movement_ids)?;
            let mut row = before.clone();
            if let Some(v) = p.channel {
                row.channel = v;
            }
            if let Some(v) = &title {
                row.title = v.clone();
            }
            if let Some(v) = &url {
                row.url = v.clone();
            }
            if let Some(v) = p.published_on {
                row.published_on = v;
            }
            check_if_match(expected.as_deref(), before.version)?;
            row.version += 1;
            row.updated_at = now();
            if !store::update(conn, &row, before.version)? {
                return Err(AppError::stale(&etag(before.version)));
            }
            let mut touched = changes::models_of_item(conn, &row.id)?;
            store::set_links(conn, &row.id, &model_ids, &movement_ids)?;
            touched.extend(model_ids.iter().cloned());
            changes::touch(conn, &touched)?;
            let after = snapshot(conn, &row)?;
            audit::record(
                conn,
                &who,
                "update",
                "publicity_item",
                &row.id,
                Some(&before_json),
                Some(&after),
            )?;
            one(conn, row)
        })
        .await?;
    Ok(with_etag(item.version, &item))
}

/// Deletes a publicity item recorded in error.
#[utoipa::path(
    tag = "publicity",
    params(("id" = String, Path, description = "Mã định danh"),
        ("If-Match" = Option<String>, Header, description = "ETag đã đọc; 412 nếu bản ghi đã đổi")),
    responses((status = 204, description = "Đã xóa")),
    security(("bearer" = []))
)]
#[delete("/{id}")]
pub async fn remove(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let expected = if_match(&req);
    let who = ctx.who();
    let caller = ctx.caller.clone();
    state
        .db
        .write(move |conn| {
            let before = load(conn, &id)?;
            caller.require_for_unit(&before.unit_id, Scope::ModelsWrite)?;
            check_if_match(expected.as_deref(), before.version)?;
            let before_json = snapshot(conn, &before)?;
            let touched = changes::models_of_item(conn, &before.id)?;
            store::delete(conn, &before.id)?;
            changes::touch(conn, &touched)?;
            audit::record(
                conn,
                &who,
                "delete",
                "publicity_item",
                &before.id,
                Some(&before_json),
                None,
            )?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

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
use super::{created, page, utc, with_etag, Body, Check, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::register::Channel;
use crate::domain::today;
use crate::error::{AppError, AppResult};
use crate::http::if_match::IfMatch;
use crate::service::publicity::{self as service, ItemChange, NewItem, Shown};
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

/// Builds the answers for the items shown.
fn assemble(shown: Shown) -> Vec<Item> {
    let mut models_by: HashMap<String, Vec<String>> = HashMap::new();
    let mut movements_by: HashMap<String, Vec<String>> = HashMap::new();
    for (item, model, movement) in shown.links {
        if let Some(m) = model {
            models_by.entry(item.clone()).or_default().push(m);
        }
        if let Some(m) = movement {
            movements_by.entry(item).or_default().push(m);
        }
    }
    let unit_refs: HashMap<String, UnitRef> = shown
        .units
        .into_iter()
        .map(|(id, code, name)| (id.clone(), UnitRef { id, code, name }))
        .collect();
    shown
        .rows
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
        .collect()
}

fn one(shown: Shown) -> AppResult<Item> {
    assemble(shown)
        .pop()
        .ok_or_else(|| AppError::internal("item vanished"))
}

/// Refuses a publication day in the future.
fn check_published_on(c: &mut Check, day: Option<NaiveDate>) {
    if day.is_some_and(|d| d > today()) {
        c.fail(
            "/published_on",
            t!(
                "Ngày đăng không thể ở tương lai.",
                "published_on cannot be in the future."
            ),
        );
    }
}

/// Checks a new item's fields into the command that records it, linked also to `extra_model`.
fn check_new(b: ItemInput, extra_model: Option<String>) -> AppResult<NewItem> {
    let mut c = Check::new();
    let title = c.name("/title", &b.title, 500);
    let url = c.url("/url", Some(&b.url)).unwrap_or_default();
    check_published_on(&mut c, Some(b.published_on));
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
    let mut model_ids = b.model_ids;
    model_ids.extend(extra_model);
    Ok(NewItem {
        channel: b.channel,
        title,
        url,
        published_on: b.published_on,
        unit_id: b.unit_id,
        model_ids: super::unique(&model_ids),
        movement_ids: super::unique(&b.movement_ids),
    })
}

async fn insert_item(
    ctx: Ctx,
    state: &AppState,
    b: ItemInput,
    extra_model: Option<String>,
) -> AppResult<HttpResponse> {
    crate::domain::access::doors::MODELS_WRITE.for_unit(&ctx.caller, &b.unit_id)?;
    let new = check_new(b, extra_model)?;
    let who = ctx.who();
    let shown = state
        .db
        .write(move |conn| service::create(conn, &who, &new))
        .await?;
    let item = one(shown)?;
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
        .read(move |conn| service::ensure_model(conn, &check))
        .await?;
    insert_item(ctx, &state, body.into_inner(), Some(model_id)).await
}

async fn list_items(
    state: &AppState,
    req: &HttpRequest,
    filter: service::Filter,
    limit: Option<i64>,
    cursor: Option<String>,
) -> AppResult<HttpResponse> {
    let limit = paging::limit(limit)?;
    let after: Option<(NaiveDate, String)> = paging::decode(cursor.as_deref())?;
    let (shown, next) = state
        .db
        .read(move |conn| service::list(conn, &filter, after, limit))
        .await?;
    Ok(page(req, assemble(shown), next))
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
    let filter = service::Filter {
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
        .read(move |conn| service::ensure_model(conn, &check))
        .await?;
    let q = query.into_inner();
    let filter = service::Filter {
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
    let shown = state.db.read(move |conn| service::read(conn, &id)).await?;
    let item = one(shown)?;
    Ok(with_etag(item.version, &item))
}

/// Corrects a publicity item (its unit's officers, or a coordinator).
#[utoipa::path(
    tag = "publicity", request_body = ItemPatch,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Tin bài sau khi sửa", body = Item, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: Body<ItemPatch>,
) -> AppResult<HttpResponse> {
    let p = body.into_inner();
    let mut c = Check::new();
    let change = ItemChange {
        channel: p.channel,
        title: p.title.as_deref().map(|v| c.name("/title", v, 500)),
        url: p
            .url
            .as_deref()
            .map(|v| c.url("/url", Some(v)).unwrap_or_default()),
        published_on: p.published_on,
        model_ids: p.model_ids.as_deref().map(super::unique),
        movement_ids: p.movement_ids.as_deref().map(super::unique),
    };
    check_published_on(&mut c, p.published_on);
    c.finish()?;
    let who = ctx.who();
    let caller = ctx.caller.clone();
    let shown = state
        .db
        .write(move |conn| service::update(conn, &caller, &who, &id, &change, if_match.as_deref()))
        .await?;
    let item = one(shown)?;
    Ok(with_etag(item.version, &item))
}

/// Deletes a publicity item recorded in error.
#[utoipa::path(
    tag = "publicity",
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 204, description = "Đã xóa")),
    security(("bearer" = []))
)]
#[delete("/{id}")]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::publicity::ItemRow;

    /// The audit log keeps an item as its answer shows it: the service's snapshot and this
    /// answer must not drift apart.
    #[test]
    fn the_audit_snapshot_is_the_answer() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_micro_opt(8, 0, 0, 123_456))
            .unwrap_or_default();
        let row = |id: &str, unit: &str| ItemRow {
            id: id.to_owned(),
            channel: Channel::RadioTv,
            title: "Gương sáng".to_owned(),
            url: "https://hungyentv.vn/tin/2".to_owned(),
            published_on: at.date(),
            unit_id: unit.to_owned(),
            version: 2,
            created_at: at,
            updated_at: at,
        };
        let shown = || Shown {
            rows: vec![row("i1", "u1"), row("i2", "u9")],
            links: vec![
                ("i1".to_owned(), Some("m2".to_owned()), None),
                ("i2".to_owned(), Some("m1".to_owned()), None),
                ("i1".to_owned(), None, Some("p1".to_owned())),
                ("i1".to_owned(), Some("m1".to_owned()), None),
            ],
            units: vec![("u1".to_owned(), "SNV".to_owned(), "Sở Nội vụ".to_owned())],
        };
        let answers: Vec<serde_json::Value> = assemble(shown())
            .iter()
            .map(|i| serde_json::to_value(i).unwrap_or_default())
            .collect();
        assert_eq!(service::snapshots(&shown()), answers);
    }
}

//! `/api/v1/emulation-groups`: the clusters and blocks (Cụm, Khối thi đua) of a year. A unit
//! belongs to at most one active group per year; the database enforces it for every instance.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::{created, double_option, page, utc, with_etag, Check, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::vocab::GroupKind;
use crate::error::AppResult;
use crate::http::if_match::IfMatch;
use crate::service::groups::{self as service, Filter, GroupChange, Listed, NewGroup};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1/emulation-groups")
            .service(create)
            .service(list)
            .service(read)
            .service(update)
            .service(deactivate),
    );
}

/// A member unit of a group.
#[derive(Serialize, ToSchema)]
pub struct GroupMember {
    pub unit_id: String,
    pub code: String,
    pub name: String,
}

/// An emulation group of one year.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b", "kind": "block",
    "name": "Khối các cơ quan tham mưu tổng hợp", "year": 2025,
    "chair_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01", "deputy_chair_unit_id": null,
    "members": [{"unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01", "code": "SNV", "name": "Sở Nội vụ"}],
    "active": true, "version": 1, "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct Group {
    pub id: String,
    pub kind: GroupKind,
    pub name: String,
    pub year: i32,
    pub chair_unit_id: Option<String>,
    pub deputy_chair_unit_id: Option<String>,
    pub members: Vec<GroupMember>,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn to_dto((r, members): Listed) -> Group {
    Group {
        kind: r.kind,
        id: r.id,
        name: r.name,
        year: r.year,
        chair_unit_id: r.chair_unit_id,
        deputy_chair_unit_id: r.deputy_chair_unit_id,
        members: members
            .into_iter()
            .map(|(unit_id, code, name)| GroupMember {
                unit_id,
                code,
                name,
            })
            .collect(),
        active: r.active,
        version: r.version,
        created_at: utc(r.created_at),
        updated_at: utc(r.updated_at),
    }
}

/// A new group. The chair and deputy chair become members if they are not listed.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "block", "name": "Khối các cơ quan tham mưu tổng hợp", "year": 2025,
    "chair_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01",
    "member_unit_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01", "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a02"]
}))]
pub struct GroupCreate {
    pub kind: GroupKind,
    #[schema(min_length = 1, max_length = 300)]
    pub name: String,
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    pub chair_unit_id: Option<String>,
    pub deputy_chair_unit_id: Option<String>,
    #[serde(default)]
    #[schema(max_items = 500)]
    pub member_unit_ids: Vec<String>,
}

/// Changes to a group: absent members stay, `null` clears; `member_unit_ids` replaces the list.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"deputy_chair_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a02"}))]
pub struct GroupPatch {
    #[schema(min_length = 1, max_length = 300)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    pub chair_unit_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    pub deputy_chair_unit_id: Option<Option<String>>,
    #[schema(max_items = 500)]
    pub member_unit_ids: Option<Vec<String>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GroupQuery {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    pub kind: Option<GroupKind>,
    /// Only the groups this unit belongs to.
    pub unit_id: Option<String>,
    /// Words of the name; case and diacritics do not matter.
    #[param(max_length = 200)]
    pub q: Option<String>,
    pub active: Option<bool>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// Creates a group with its members.
#[utoipa::path(
    tag = "emulation-groups", request_body = GroupCreate,
    responses((status = 201, description = "Đã tạo Cụm, Khối thi đua", body = Group,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<GroupCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let name = c.name("/name", &b.name, 300);
    c.year("/year", b.year);
    if b.member_unit_ids.len() > 500 {
        c.fail(
            "/member_unit_ids",
            t!("Tối đa 500 đơn vị.", "At most 500 units."),
        );
    }
    c.finish()?;
    let cmd = NewGroup {
        kind: b.kind,
        name,
        year: b.year,
        chair_unit_id: b.chair_unit_id,
        deputy_chair_unit_id: b.deputy_chair_unit_id,
        member_unit_ids: b.member_unit_ids,
    };
    let who = ctx.who();
    let group = state
        .db
        .write(move |conn| service::create(conn, &who, &cmd))
        .await
        .map(to_dto)?;
    Ok(created(
        format!("/api/v1/emulation-groups/{}", group.id),
        group.version,
        &group,
    ))
}

/// Lists groups by year, then name.
#[utoipa::path(
    tag = "emulation-groups", params(GroupQuery),
    responses((status = 200, description = "Một trang Cụm, Khối thi đua", body = Page<Group>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<GroupQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<(i32, String, String)> = paging::decode(q.cursor.as_deref())?;
    let filter = Filter {
        terms: super::search_terms(q.q.as_deref())?,
        kind: q.kind,
        year: super::year_param("year", q.year, 2000..=2100)?,
        member_unit_id: q.unit_id,
        active: q.active,
    };
    let (groups, next) = state
        .db
        .read(move |conn| service::list(conn, &filter, after, limit))
        .await?;
    let groups = groups.into_iter().map(to_dto).collect();
    Ok(page(&req, groups, next))
}

/// Reads one group with its members.
#[utoipa::path(
    tag = "emulation-groups", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Cụm, Khối thi đua", body = Group, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let group = state
        .db
        .read(move |conn| service::get(conn, &id))
        .await
        .map(to_dto)?;
    Ok(with_etag(group.version, &group))
}

/// Changes a group: name, chair, deputy chair, or the whole member list.
#[utoipa::path(
    tag = "emulation-groups", request_body = GroupPatch,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Cụm, Khối thi đua sau khi sửa", body = Group, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: super::Body<GroupPatch>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    let mut c = Check::new();
    let name = p.name.as_deref().map(|n| c.name("/name", n, 300));
    if p.member_unit_ids.as_ref().is_some_and(|m| m.len() > 500) {
        c.fail(
            "/member_unit_ids",
            t!("Tối đa 500 đơn vị.", "At most 500 units."),
        );
    }
    c.finish()?;
    let change = GroupChange {
        name,
        chair_unit_id: p.chair_unit_id,
        deputy_chair_unit_id: p.deputy_chair_unit_id,
        member_unit_ids: p.member_unit_ids,
    };
    let who = ctx.who();
    let group = state
        .db
        .write(move |conn| service::update(conn, &who, &id, if_match.as_deref(), &change))
        .await
        .map(to_dto)?;
    Ok(with_etag(group.version, &group))
}

/// Deactivates a group; its member list stays, and its units may join another group that year.
#[utoipa::path(
    tag = "emulation-groups",
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Đã ngừng hoạt động", body = Group, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/{id}/deactivate")]
pub async fn deactivate(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let who = ctx.who();
    let group = state
        .db
        .write(move |conn| service::deactivate(conn, &who, &id, if_match.as_deref()))
        .await
        .map(to_dto)?;
    Ok(with_etag(group.version, &group))
}

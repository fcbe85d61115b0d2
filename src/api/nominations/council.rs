//! The council's side of nominations: reviews and scores, the ranking within a quota pool, and
//! the comments the public sent.

use actix_web::{get, put, web, HttpRequest, HttpResponse};

use super::check;
use super::dto::{CommentsQuery, PoolQuery, PublicComment, Ranking, ReviewRequest, Reviews};
use crate::api::{page, Body, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::error::AppResult;
use crate::service::nominations::{self as service, IN_PLAY};
use crate::AppState;

/// A reviewer scores the nomination (or declares a conflict of interest); a second call
/// replaces the first.
#[utoipa::path(
    tag = "nominations", request_body = ReviewRequest,
    params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Đã ghi điểm", body = Reviews)),
    security(("bearer" = []))
)]
#[put("/{id}/reviews/mine")]
pub async fn put_review(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Body<ReviewRequest>,
) -> AppResult<HttpResponse> {
    let scoring = check::scoring(body.into_inner())?;
    let (id, who, reviewer) = (id.into_inner(), ctx.who(), ctx.caller.id().to_owned());
    let reviews = state
        .db
        .write(move |conn| service::review(conn, &who, &reviewer, &id, &scoring))
        .await?;
    Ok(HttpResponse::Ok().json(Reviews::from(reviews)))
}

/// The council's reviews of a nomination, with the aggregate.
#[utoipa::path(
    tag = "nominations", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Điểm của hội đồng", body = Reviews)),
    security(("bearer" = []))
)]
#[get("/{id}/reviews")]
pub async fn list_reviews(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let reviews = state
        .db
        .read(move |conn| service::reviews(conn, &id))
        .await?;
    Ok(HttpResponse::Ok().json(Reviews::from(reviews)))
}

/// The nominations of one quota pool ranked by the council's mean score, with the quota's use.
#[utoipa::path(
    tag = "nominations", params(PoolQuery),
    responses((status = 200, description = "Xếp hạng trong một chỉ tiêu", body = Ranking)),
    security(("bearer" = []))
)]
#[get("/ranking")]
pub async fn ranking(
    caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<PoolQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    crate::api::year_param("year", Some(q.year), 2000..=2100)?;
    let r = state
        .db
        .read(move |conn| service::ranking(conn, &caller, &q.ask(), IN_PLAY))
        .await?;
    Ok(HttpResponse::Ok().json(Ranking::from(r)))
}

/// The comments the public sent about a nomination, oldest first (never shown publicly).
///
/// Hội đồng đọc ý kiến; thông tin liên hệ (`contact`) chỉ hiện cho điều phối viên và quản trị
/// viên. The council reads them; `contact` is shown to coordinators and administrators only
/// (null for the others).
#[utoipa::path(
    tag = "nominations",
    params(("id" = String, Path, description = "Mã định danh"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 200), ("cursor" = Option<String>, Query)),
    responses((status = 200, description = "Ý kiến của nhân dân", body = Page<PublicComment>)),
    security(("bearer" = []))
)]
#[get("/{id}/comments")]
pub async fn list_comments(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<CommentsQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let id = id.into_inner();
    let (rows, next) = state
        .db
        .read(move |conn| service::comments(conn, &caller, &id, after.as_deref(), limit))
        .await?;
    let items: Vec<PublicComment> = rows.into_iter().map(Into::into).collect();
    Ok(page(&req, items, next))
}

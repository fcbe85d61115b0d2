//! The handlers of the forms of commendation and of the nominations themselves: propose, list,
//! read, edit and take a workflow step.

use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};

use super::check;
use super::dto::{
    ActionRequest, CommendationForm, CommendationForms, NewCommendationForm, NewNomination,
    Nomination, NominationPatch, NominationQuery,
};
use crate::api::{created, if_match, page, with_etag, Body, Ctx, Page};
use crate::domain::access::{Caller, Role};
use crate::domain::page as paging;
use crate::error::AppResult;
use crate::service::nominations::{self as service, Filter};
use crate::AppState;

/// Lists the forms of commendation.
#[utoipa::path(
    tag = "nominations",
    responses((status = 200, description = "Các hình thức khen thưởng", body = CommendationForms)),
    security(("bearer" = []))
)]
#[get("/api/v1/commendation-forms")]
pub async fn list_forms(_caller: Caller, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let forms = state.db.read(service::forms).await?;
    let items = forms.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Ok().json(CommendationForms { items }))
}

/// Adds a form of commendation (admins and coordinators).
#[utoipa::path(
    tag = "nominations", request_body = NewCommendationForm,
    responses((status = 201, description = "Đã thêm hình thức khen thưởng", body = CommendationForm,
        headers(("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("/api/v1/commendation-forms")]
pub async fn create_form(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<NewCommendationForm>,
) -> AppResult<HttpResponse> {
    let (code, name) = check::form(&body.code, &body.name)?;
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| crate::service::award_types::create_form(conn, &who, &code, &name))
        .await?;
    let form = CommendationForm::from(row);
    Ok(HttpResponse::Created()
        .insert_header((
            header::LOCATION,
            format!("/api/v1/commendation-forms/{}", form.id),
        ))
        .json(form))
}

/// A unit proposes a nominee for a commendation (a draft until it is submitted).
///
/// The same nominee with the same form in the same year is refused while an earlier
/// nomination stands (rejected and withdrawn ones do not count). A national-congress
/// nomination needs an approved provincial-congress honour of the same year.
#[utoipa::path(
    tag = "nominations", request_body = NewNomination,
    responses((status = 201, description = "Đã lập hồ sơ đề nghị", body = Nomination,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<NewNomination>,
) -> AppResult<HttpResponse> {
    // The door (`NOMINATION_CREATE`) lets in people only: a unit's software could not read or
    // submit the draft. The service checks the nominee and the movement against it.
    let proposal = check::proposal(body.into_inner(), &ctx.caller)?;
    let (who, caller) = (ctx.who(), ctx.caller);
    let shown = state
        .db
        .write(move |conn| service::create(conn, &caller, &who, &proposal))
        .await?;
    let n = Nomination::from(shown);
    Ok(created(
        format!("/api/v1/nominations/{}", n.id),
        n.version,
        &n,
    ))
}

/// Lists nominations, newest first; a unit officer sees its own unit's.
#[utoipa::path(
    tag = "nominations", params(NominationQuery),
    responses((status = 200, description = "Một trang hồ sơ đề nghị", body = Page<Nomination>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<NominationQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let mut filter = Filter {
        year: crate::api::year_param("year", q.year, 2000..=2100)?,
        track: q.track,
        movement_id: q.movement_id,
        state: q.state,
        proposing_unit_id: q.proposing_unit_id,
        model_id: q.model_id,
        awardee_id: q.awardee_id,
        congress_id: q.congress_id,
    };
    if caller.is(&[Role::UnitOfficer]) {
        filter.proposing_unit_id = caller.unit.clone();
    }
    let (shown, next) = state
        .db
        .read(move |conn| service::list(conn, &caller, &filter, after.as_deref(), limit))
        .await?;
    let items: Vec<Nomination> = shown.into_iter().map(Into::into).collect();
    Ok(page(&req, items, next))
}

/// Reads one nomination.
#[utoipa::path(
    tag = "nominations", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Hồ sơ đề nghị", body = Nomination, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let shown = state
        .db
        .read(move |conn| service::read(conn, &caller, &id))
        .await?;
    let n = Nomination::from(shown);
    Ok(with_etag(n.version, &n))
}

/// The proposing unit edits a draft or returned dossier.
#[utoipa::path(
    tag = "nominations", request_body = NominationPatch,
    params(("id" = String, Path, description = "Mã định danh"), ("If-Match" = Option<String>, Header, description = "ETag đã đọc")),
    responses((status = 200, description = "Đã cập nhật", body = Nomination, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: Body<NominationPatch>,
) -> AppResult<HttpResponse> {
    let changes = check::changes(body.into_inner())?;
    let (id, tag, who, caller) = (id.into_inner(), if_match(&req), ctx.who(), ctx.caller);
    let shown = state
        .db
        .write(move |conn| service::update(conn, &caller, &who, &id, tag.as_deref(), &changes))
        .await?;
    let n = Nomination::from(shown);
    Ok(with_etag(n.version, &n))
}

/// Takes one step of the workflow.
///
/// | from | action | who | to |
/// | --- | --- | --- | --- |
/// | draft, returned | submit | officer of the proposing unit | submitted |
/// | draft, returned, submitted, in_review | withdraw | officer of the proposing unit | withdrawn |
/// | submitted | start_review | coordinator | in_review |
/// | in_review | return | coordinator | returned |
/// | in_review | open_comment | coordinator | public_comment |
/// | public_comment | close_comment (on or after the closing date) | coordinator | in_review |
/// | in_review | recommend (within the quota) | coordinator | recommended |
/// | in_review, recommended | reject | coordinator in review; approver once recommended | rejected |
/// | recommended | send_back | approver | in_review |
/// | recommended | approve | approver | approved |
/// | approved | revoke | approver | revoked |
///
/// 403 `role_required` for a caller without the role or unit for the step; 409
/// `invalid_transition` with `allowed_actions` for a step the state does not allow; 409
/// `quota_exceeded` with `limit`, `used` and `remaining` when the quota is full.
#[utoipa::path(
    tag = "nominations", request_body = ActionRequest,
    params(("id" = String, Path, description = "Mã định danh"), ("If-Match" = Option<String>, Header, description = "ETag đã đọc")),
    responses((status = 200, description = "Đã chuyển trạng thái", body = Nomination, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[post("/{id}/actions")]
pub async fn act(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: Body<ActionRequest>,
) -> AppResult<HttpResponse> {
    let step = check::step(body.into_inner())?;
    let (id, tag, who, caller) = (id.into_inner(), if_match(&req), ctx.who(), ctx.caller);
    let shown = state
        .db
        .write(move |conn| service::act(conn, &caller, &who, &id, tag.as_deref(), &step))
        .await?;
    let n = Nomination::from(shown);
    Ok(with_etag(n.version, &n))
}

//! `/api/v1/councils`: the Emulation and Commendation Council of each level, its settings (the
//! quorum, the attendance an award session needs, whether written opinions count) and its
//! members by term.

use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{double_option, utc, with_etag, Body, Check, Ctx};
use crate::domain::access::Caller;
use crate::domain::council::CouncilPosition;
use crate::error::AppResult;
use crate::http::if_match::IfMatch;
use crate::service::council::{
    self as service, CouncilChange, CouncilShown, MemberRow, NewCouncil, NewMember, TermEnd,
};
use crate::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(read)
        .service(update)
        .service(add_member)
        .service(end_term);
}

/// A member of the council for a term.
#[derive(Serialize, ToSchema)]
pub struct CouncilMember {
    #[schema(max_length = 36)]
    pub id: String,
    /// The account (role `reviewer`).
    #[schema(max_length = 36)]
    pub user_id: String,
    pub position: CouncilPosition,
    pub valid_from: NaiveDate,
    /// The last day of the term; `null` while it lasts.
    pub valid_to: Option<NaiveDate>,
    #[schema(max_length = 36)]
    pub document_id: Option<String>,
    #[schema(max_length = 36)]
    pub end_document_id: Option<String>,
}

/// A council with its settings and members.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa001", "name": "Hội đồng Thi đua – Khen thưởng tỉnh Hưng Yên", "unit_id": null,
    "quorum_numerator": 2, "quorum_denominator": 3, "award_attendance_percent": 80, "written_opinions_count": true,
    "legal_basis": "Nghị định số 152/2025/NĐ-CP; Quy chế hoạt động của Hội đồng", "note": "Tỷ lệ dự họp xét khen thưởng: kiểm tra quy chế của tỉnh.",
    "members_on": "2026-03-02", "members_total": 1,
    "members": [{"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa101", "user_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7c01", "position": "chair",
        "valid_from": "2025-07-01", "valid_to": null, "document_id": null, "end_document_id": null}],
    "version": 1, "created_at": "2025-07-01T08:00:00Z", "updated_at": "2025-07-01T08:00:00Z"
}))]
pub struct Council {
    #[schema(max_length = 36)]
    pub id: String,
    #[schema(max_length = 300)]
    pub name: String,
    /// The unit whose council it is; `null`: the province's.
    #[schema(max_length = 36)]
    pub unit_id: Option<String>,
    /// A session opens with at least `quorum_numerator / quorum_denominator` of the members.
    pub quorum_numerator: i32,
    pub quorum_denominator: i32,
    /// The share of members a session with a ballot needs present.
    pub award_attendance_percent: i32,
    /// Whether absent members' written opinions count toward agreement.
    pub written_opinions_count: bool,
    #[schema(max_length = 1000)]
    pub legal_basis: String,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    /// The day `members` are in office (`null`: every term is listed).
    pub members_on: Option<NaiveDate>,
    /// How many are in office that day (or listed).
    pub members_total: i64,
    #[schema(max_items = 500)]
    pub members: Vec<CouncilMember>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct Councils {
    #[schema(max_items = 1000)]
    pub items: Vec<Council>,
}

/// A new council; the quorum and attendance default to the law's figures.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Hội đồng Thi đua – Khen thưởng tỉnh Hưng Yên", "legal_basis": "Nghị định số 152/2025/NĐ-CP; Quy chế hoạt động của Hội đồng"}))]
pub struct CouncilCreate {
    #[schema(min_length = 1, max_length = 300)]
    pub name: String,
    /// A unit's council; absent, the province's.
    #[schema(max_length = 36)]
    pub unit_id: Option<String>,
    /// Default 2 (of 3): two thirds of the members.
    #[schema(minimum = 1, maximum = 100)]
    pub quorum_numerator: Option<i32>,
    #[schema(minimum = 1, maximum = 100)]
    pub quorum_denominator: Option<i32>,
    /// Default 80 (provincial regulations; check the province's own rule).
    #[schema(minimum = 1, maximum = 100)]
    pub award_attendance_percent: Option<i32>,
    /// Whether absent members' written opinions count toward agreement. Default `true`: Decree
    /// 98/2023 Art. 30(7) takes their opinion in writing (check the province's own rule).
    pub written_opinions_count: Option<bool>,
    #[schema(min_length = 1, max_length = 1000)]
    pub legal_basis: String,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

/// Changes to a council's name, basis or settings; absent members stay, a `null` note erases.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"award_attendance_percent": 75, "written_opinions_count": false,
    "legal_basis": "Quyết định số 12/2026/QĐ-UBND ban hành Quy chế hoạt động của Hội đồng"}))]
pub struct CouncilPatch {
    #[schema(min_length = 1, max_length = 300)]
    pub name: Option<String>,
    #[schema(minimum = 1, maximum = 100)]
    pub quorum_numerator: Option<i32>,
    #[schema(minimum = 1, maximum = 100)]
    pub quorum_denominator: Option<i32>,
    #[schema(minimum = 1, maximum = 100)]
    pub award_attendance_percent: Option<i32>,
    pub written_opinions_count: Option<bool>,
    #[schema(min_length = 1, max_length = 1000)]
    pub legal_basis: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(max_length = 2000)]
    pub note: Option<Option<String>>,
}

/// An appointment to the council.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"user_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7c01", "position": "member", "valid_from": "2025-07-01",
    "document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4d01"}))]
pub struct CouncilMemberCreate {
    #[schema(max_length = 36)]
    pub user_id: String,
    pub position: CouncilPosition,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    /// The appointing document.
    #[schema(max_length = 36)]
    pub document_id: Option<String>,
}

/// The end of a term.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"valid_to": "2026-06-30", "end_document_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4d02"}))]
pub struct CouncilMemberUpdate {
    pub valid_to: NaiveDate,
    #[schema(max_length = 36)]
    pub end_document_id: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OnQuery {
    /// The members in office on this day (default today); `all=true` lists every term.
    pub on: Option<NaiveDate>,
    pub all: Option<bool>,
}

fn member(m: MemberRow) -> CouncilMember {
    CouncilMember {
        id: m.id,
        user_id: m.user_id,
        position: m.position,
        valid_from: m.valid_from,
        valid_to: m.valid_to,
        document_id: m.document_id,
        end_document_id: m.end_document_id,
    }
}

fn council(shown: CouncilShown, on: Option<NaiveDate>) -> Council {
    let c = shown.council;
    Council {
        id: c.id,
        name: c.name,
        unit_id: c.unit_id,
        quorum_numerator: c.quorum_numerator,
        quorum_denominator: c.quorum_denominator,
        award_attendance_percent: c.award_attendance_percent,
        written_opinions_count: c.written_opinions_count,
        legal_basis: c.legal_basis,
        note: c.note,
        members_on: on,
        members_total: i64::try_from(shown.members.len()).unwrap_or(i64::MAX),
        members: shown.members.into_iter().map(member).collect(),
        version: c.version,
        created_at: utc(c.created_at),
        updated_at: utc(c.updated_at),
    }
}

/// Lists the councils, the province's first.
#[utoipa::path(
    tag = "council",
    responses((status = 200, description = "Các Hội đồng Thi đua – Khen thưởng", body = Councils)),
    security(("bearer" = []))
)]
#[get("/api/v1/councils")]
pub async fn list(_caller: Caller, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let today = crate::domain::today();
    let shown = state
        .db
        .read(move |conn| {
            service::list(conn)?
                .into_iter()
                .map(|c| service::read(conn, &c.id, Some(today)))
                .collect::<AppResult<Vec<_>>>()
        })
        .await?;
    let items = shown.into_iter().map(|s| council(s, Some(today))).collect();
    Ok(HttpResponse::Ok().json(Councils { items }))
}

/// Records the council of a level.
#[utoipa::path(
    tag = "council", request_body = CouncilCreate,
    responses((status = 201, description = "Đã lập Hội đồng", body = Council,
        headers(("Location" = String, description = "Địa chỉ của Hội đồng")))),
    security(("bearer" = []))
)]
#[post("/api/v1/councils")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<CouncilCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let name = c.name("/name", &b.name, 300);
    let legal_basis = c.name("/legal_basis", &b.legal_basis, 1000);
    let note = c.optional("/note", b.note.as_deref(), 2000);
    let (num, den) = (
        b.quorum_numerator.unwrap_or(2),
        b.quorum_denominator.unwrap_or(3),
    );
    if let Some(why) = service::quorum_refusal(num, den) {
        c.fail("/quorum_numerator", why);
    }
    let percent = b.award_attendance_percent.unwrap_or(80);
    if !(1..=100).contains(&percent) {
        c.fail(
            "/award_attendance_percent",
            crate::t!("Tỷ lệ từ 1 đến 100.", "A percentage from 1 to 100."),
        );
    }
    c.finish()?;
    let new = NewCouncil {
        name,
        unit_id: b.unit_id,
        quorum_numerator: num,
        quorum_denominator: den,
        award_attendance_percent: percent,
        written_opinions_count: b.written_opinions_count.unwrap_or(true),
        legal_basis,
        note,
    };
    let who = ctx.who();
    let shown = state
        .db
        .write(move |conn| service::create(conn, &who, &new))
        .await?;
    let c = council(shown, None);
    Ok(super::created(
        format!("/api/v1/councils/{}", c.id),
        c.version,
        &c,
    ))
}

/// A council with its members in office on a day.
#[utoipa::path(
    tag = "council", params(("id" = String, Path, description = "Mã định danh của Hội đồng", max_length = 36), OnQuery),
    responses((status = 200, description = "Hội đồng và thành viên", body = Council)),
    security(("bearer" = []))
)]
#[get("/api/v1/councils/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
    query: web::Query<OnQuery>,
) -> AppResult<HttpResponse> {
    let on = if query.all.unwrap_or(false) {
        None
    } else {
        Some(query.on.unwrap_or_else(crate::domain::today))
    };
    let shown = state
        .db
        .read(move |conn| service::read(conn, &id, on))
        .await?;
    let version = shown.council.version;
    Ok(with_etag(version, &council(shown, on)))
}

/// Changes a council's settings.
#[utoipa::path(
    tag = "council", request_body = CouncilPatch,
    params(("id" = String, Path, description = "Mã định danh của Hội đồng", max_length = 36), IfMatch),
    responses((status = 200, description = "Hội đồng sau khi sửa, thành viên tại nhiệm hôm nay", body = Council,
        headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/api/v1/councils/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: Body<CouncilPatch>,
) -> AppResult<HttpResponse> {
    let p = body.into_inner();
    let mut c = Check::new();
    let name = p.name.as_deref().map(|v| c.name("/name", v, 300));
    let legal_basis = p
        .legal_basis
        .as_deref()
        .map(|v| c.name("/legal_basis", v, 1000));
    let note = p.note.map(|n| c.optional("/note", n.as_deref(), 2000));
    if p.award_attendance_percent
        .is_some_and(|v| !(1..=100).contains(&v))
    {
        c.fail(
            "/award_attendance_percent",
            crate::t!("Tỷ lệ từ 1 đến 100.", "A percentage from 1 to 100."),
        );
    }
    c.finish()?;
    let change = CouncilChange {
        name,
        quorum_numerator: p.quorum_numerator,
        quorum_denominator: p.quorum_denominator,
        award_attendance_percent: p.award_attendance_percent,
        written_opinions_count: p.written_opinions_count,
        legal_basis,
        note,
    };
    let (id, who) = (id.into_inner(), ctx.who());
    let shown = state
        .db
        .write(move |conn| service::update(conn, &who, &id, if_match.as_deref(), &change))
        .await?;
    let version = shown.council.version;
    Ok(with_etag(
        version,
        &council(shown, Some(crate::domain::today())),
    ))
}

/// Appoints a member.
#[utoipa::path(
    tag = "council", request_body = CouncilMemberCreate,
    params(("id" = String, Path, description = "Mã định danh của Hội đồng", max_length = 36)),
    responses((status = 201, description = "Đã bổ nhiệm thành viên", body = CouncilMember,
        headers(("Location" = String, description = "Địa chỉ của Hội đồng")))),
    security(("bearer" = []))
)]
#[post("/api/v1/councils/{id}/members")]
pub async fn add_member(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Body<CouncilMemberCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let new = NewMember {
        user_id: b.user_id,
        position: b.position,
        valid_from: b.valid_from,
        valid_to: b.valid_to,
        document_id: b.document_id,
    };
    let (id, who) = (id.into_inner(), ctx.who());
    let location = format!("/api/v1/councils/{id}");
    let row = state
        .db
        .write(move |conn| service::add_member(conn, &who, &id, &new))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, location))
        .json(member(row)))
}

/// Ends a member's term.
#[utoipa::path(
    tag = "council", request_body = CouncilMemberUpdate,
    params(
        ("id" = String, Path, description = "Mã định danh của Hội đồng", max_length = 36),
        ("member_id" = String, Path, description = "Mã định danh của thành viên", max_length = 36)
    ),
    responses((status = 200, description = "Đã kết thúc nhiệm kỳ", body = CouncilMember)),
    security(("bearer" = []))
)]
#[patch("/api/v1/councils/{id}/members/{member_id}")]
pub async fn end_term(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: Body<CouncilMemberUpdate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let e = TermEnd {
        valid_to: b.valid_to,
        end_document_id: b.end_document_id,
    };
    let ((id, member_id), who) = (path.into_inner(), ctx.who());
    let row = state
        .db
        .write(move |conn| service::end_term(conn, &who, &id, &member_id, &e))
        .await?;
    Ok(HttpResponse::Ok().json(member(row)))
}

//! `/api/v1/council-sessions`: the council's sessions — agenda, attendance, opening with the
//! quorum, secret ballots and absent members' written opinions, closing with the tallies, and
//! the minutes drafted as DOCX and PDF.

use actix_web::{get, post, put, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::files::{file, File};
use super::{utc, Body, Check, Ctx};
use crate::domain::access::Caller;
use crate::domain::council::{AttendanceStatus, Choice, SessionState};
use crate::error::{AppError, AppResult};
use crate::service::council::{self as service, NewSession, SessionRow, SessionShown};
use crate::service::council_minutes;
use crate::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list)
        .service(create)
        .service(read)
        .service(attendance)
        .service(open)
        .service(close)
        .service(cast)
        .service(opinion)
        .service(minutes);
}

/// A nominee on the agenda. The tally appears only once the session is closed.
#[derive(Serialize, ToSchema)]
pub struct AgendaItem {
    #[schema(max_length = 36)]
    pub nomination_id: String,
    /// Whether its award type needs the council's secret ballot.
    pub ballot_required: bool,
    /// The share of the council's total membership that must agree.
    pub threshold_percent: Option<i32>,
    /// How many members voted so far (who voted is not secret; how is).
    pub voted: i64,
    /// Ballots cast at the session, once closed.
    pub agree: Option<i32>,
    pub disagree: Option<i32>,
    /// Written opinions of absent members, once closed (counted with `agree` when the council
    /// counts them).
    pub written_agree: Option<i32>,
    pub written_disagree: Option<i32>,
    /// `agree (+ written_agree) × 100 ≥ threshold × total membership`, once closed.
    pub passed: Option<bool>,
}

/// The minutes of a closed session, kept as files.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "session_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa201",
    "docx": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa301", "name": "bien-ban-0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa201.docx", "file_type": "docx",
        "media_type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "size": 9214, "sha256": "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b", "owner_unit_id": null, "uploaded_by_type": "user",
        "uploaded_by_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f0c01", "damaged_at": null, "created_at": "2026-03-10T03:05:00Z"},
    "pdf": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa302", "name": "bien-ban-0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa201.pdf", "file_type": "pdf",
        "media_type": "application/pdf", "size": 31877, "sha256": "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c", "owner_unit_id": null, "uploaded_by_type": "user",
        "uploaded_by_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f0c01", "damaged_at": null, "created_at": "2026-03-10T03:05:00Z"},
    "created_at": "2026-03-10T03:05:00Z"
}))]
pub struct CouncilMinutes {
    #[schema(max_length = 36)]
    pub session_id: String,
    /// The minutes as DOCX (to edit), read at `/api/v1/files/{id}`.
    pub docx: File,
    /// The minutes as PDF (to keep).
    pub pdf: File,
    pub created_at: DateTime<Utc>,
}

/// Where a session's minutes are.
#[derive(Serialize, ToSchema)]
pub struct MinutesFiles {
    #[schema(max_length = 36)]
    pub docx_file_id: String,
    #[schema(max_length = 36)]
    pub pdf_file_id: String,
    pub created_at: DateTime<Utc>,
}

/// A member's attendance.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    #[schema(max_length = 36)]
    pub member_id: String,
    pub status: AttendanceStatus,
}

/// A session of the council.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa201", "council_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa001",
    "number": "05/BB-HĐTĐKT", "held_on": "2026-03-10", "state": "closed", "members_total": 11, "present": 9,
    "agenda": [{"nomination_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01", "ballot_required": true, "threshold_percent": 80,
        "voted": 9, "agree": 9, "disagree": 0, "written_agree": 0, "written_disagree": 0, "passed": true}],
    "attendance": [{"member_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa101", "status": "present"}],
    "written_opinions_count": true,
    "minutes": {"docx_file_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa301", "pdf_file_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa302", "created_at": "2026-03-10T03:05:00Z"},
    "opened_at": "2026-03-10T01:30:00Z", "closed_at": "2026-03-10T03:00:00Z", "version": 4,
    "created_at": "2026-03-01T08:00:00Z", "updated_at": "2026-03-10T03:00:00Z"
}))]
pub struct CouncilSession {
    #[schema(max_length = 36)]
    pub id: String,
    #[schema(max_length = 36)]
    pub council_id: String,
    /// The minutes' number (`05/BB-HĐTĐKT`).
    #[schema(max_length = 100)]
    pub number: String,
    pub held_on: NaiveDate,
    pub state: SessionState,
    /// The council's total membership on `held_on`, fixed when it opened.
    pub members_total: Option<i32>,
    pub present: Option<i32>,
    #[schema(max_items = 500)]
    pub agenda: Vec<AgendaItem>,
    #[schema(max_items = 500)]
    pub attendance: Vec<Attendance>,
    /// Whether absent members' written opinions count toward agreement (the council's setting,
    /// fixed when the session opened).
    pub written_opinions_count: Option<bool>,
    /// The minutes, once drawn up.
    pub minutes: Option<MinutesFiles>,
    pub opened_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A session in a list.
#[derive(Serialize, ToSchema)]
pub struct CouncilSessionSummary {
    #[schema(max_length = 36)]
    pub id: String,
    #[schema(max_length = 36)]
    pub council_id: String,
    #[schema(max_length = 100)]
    pub number: String,
    pub held_on: NaiveDate,
    pub state: SessionState,
}

#[derive(Serialize, ToSchema)]
pub struct CouncilSessions {
    #[schema(max_items = 10000)]
    pub items: Vec<CouncilSessionSummary>,
}

/// A session to plan.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"council_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa001", "number": "05/BB-HĐTĐKT", "held_on": "2026-03-10",
    "nomination_ids": ["0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01"]}))]
pub struct CouncilSessionCreate {
    #[schema(max_length = 36)]
    pub council_id: String,
    #[schema(min_length = 1, max_length = 100)]
    pub number: String,
    pub held_on: NaiveDate,
    /// Nominations in review.
    #[schema(min_items = 1, max_items = 500)]
    pub nomination_ids: Vec<String>,
}

/// Who attends: members not listed are absent.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"attendance": [{"member_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa101", "status": "present"},
    {"member_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa102", "status": "absent_with_opinion"}]}))]
pub struct AttendancePut {
    #[schema(max_items = 500)]
    pub attendance: Vec<Attendance>,
}

/// A secret ballot.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"nomination_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01", "choice": "agree"}))]
pub struct BallotCast {
    #[schema(max_length = 36)]
    pub nomination_id: String,
    pub choice: Choice,
}

/// An absent member's written opinion, as the coordinator records it from the signed letter.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"member_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa102", "nomination_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01", "choice": "agree"}))]
pub struct WrittenOpinion {
    #[schema(max_length = 36)]
    pub member_id: String,
    #[schema(max_length = 36)]
    pub nomination_id: String,
    pub choice: Choice,
}

/// A ballot received: no id, no choice, nothing that links the member to it.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"session_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa201", "nomination_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01", "recorded": true}))]
pub struct BallotReceipt {
    #[schema(max_length = 36)]
    pub session_id: String,
    #[schema(max_length = 36)]
    pub nomination_id: String,
    pub recorded: bool,
}

impl BallotReceipt {
    fn recorded(session_id: &str, nomination_id: &str) -> BallotReceipt {
        BallotReceipt {
            session_id: session_id.to_owned(),
            nomination_id: nomination_id.to_owned(),
            recorded: true,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SessionQuery {
    #[param(max_length = 36)]
    pub council_id: Option<String>,
}

fn summary(s: SessionRow) -> CouncilSessionSummary {
    CouncilSessionSummary {
        id: s.id,
        council_id: s.council_id,
        number: s.number,
        held_on: s.held_on,
        state: s.state,
    }
}

fn session(shown: SessionShown) -> CouncilSession {
    let s = shown.session;
    CouncilSession {
        agenda: shown
            .agenda
            .into_iter()
            .map(|(a, voted)| AgendaItem {
                nomination_id: a.nomination_id,
                ballot_required: a.ballot_required,
                threshold_percent: a.threshold_percent,
                voted,
                agree: a.agree,
                disagree: a.disagree,
                written_agree: a.written_agree,
                written_disagree: a.written_disagree,
                passed: a.passed,
            })
            .collect(),
        attendance: shown
            .attendance
            .into_iter()
            .map(|a| Attendance {
                member_id: a.member_id,
                status: a.status,
            })
            .collect(),
        id: s.id,
        council_id: s.council_id,
        number: s.number,
        held_on: s.held_on,
        state: s.state,
        members_total: s.members_total,
        present: s.present,
        written_opinions_count: s.written_opinions_count,
        minutes: shown.minutes.map(|m| MinutesFiles {
            docx_file_id: m.docx_file_id,
            pdf_file_id: m.pdf_file_id,
            created_at: utc(m.created_at),
        }),
        opened_at: s.opened_at.map(utc),
        closed_at: s.closed_at.map(utc),
        version: s.version,
        created_at: utc(s.created_at),
        updated_at: utc(s.updated_at),
    }
}

/// Lists the sessions, the latest first.
#[utoipa::path(
    tag = "council", params(SessionQuery),
    responses((status = 200, description = "Các phiên họp", body = CouncilSessions)),
    security(("bearer" = []))
)]
#[get("/api/v1/council-sessions")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    query: web::Query<SessionQuery>,
) -> AppResult<HttpResponse> {
    let council = query.into_inner().council_id;
    let rows = state
        .db
        .read(move |conn| service::sessions(conn, council.as_deref()))
        .await?;
    let items = rows.into_iter().map(summary).collect();
    Ok(HttpResponse::Ok().json(CouncilSessions { items }))
}

/// Plans a session with its agenda.
#[utoipa::path(
    tag = "council", request_body = CouncilSessionCreate,
    responses((status = 201, description = "Đã lập phiên họp", body = CouncilSession,
        headers(("Location" = String, description = "Địa chỉ của phiên họp")))),
    security(("bearer" = []))
)]
#[post("/api/v1/council-sessions")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<CouncilSessionCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let number = c.name("/number", &b.number, 100);
    let ids = super::unique(&b.nomination_ids);
    if ids.is_empty() || ids.len() != b.nomination_ids.len() {
        c.fail(
            "/nomination_ids",
            crate::t!(
                "Cần ít nhất một hồ sơ, mỗi hồ sơ một lần.",
                "At least one nomination, each once."
            ),
        );
    }
    c.finish()?;
    let new = NewSession {
        council_id: b.council_id,
        number,
        held_on: b.held_on,
        nomination_ids: ids,
    };
    let who = ctx.who();
    let shown = state
        .db
        .write(move |conn| service::create_session(conn, &who, &new))
        .await?;
    let s = session(shown);
    Ok(super::created(
        format!("/api/v1/council-sessions/{}", s.id),
        s.version,
        &s,
    ))
}

/// A session: agenda, attendance and, once closed, the tallies.
#[utoipa::path(
    tag = "council", params(("id" = String, Path, description = "Mã định danh của phiên họp", max_length = 36)),
    responses((status = 200, description = "Phiên họp", body = CouncilSession)),
    security(("bearer" = []))
)]
#[get("/api/v1/council-sessions/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let shown = state
        .db
        .read(move |conn| service::read_session(conn, &id))
        .await?;
    Ok(HttpResponse::Ok().json(session(shown)))
}

/// Records who attends a planned session.
#[utoipa::path(
    tag = "council", request_body = AttendancePut,
    params(("id" = String, Path, description = "Mã định danh của phiên họp", max_length = 36)),
    responses((status = 200, description = "Đã ghi nhận thành phần dự họp", body = CouncilSession)),
    security(("bearer" = []))
)]
#[put("/api/v1/council-sessions/{id}/attendance")]
pub async fn attendance(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Body<AttendancePut>,
) -> AppResult<HttpResponse> {
    let entries: Vec<(String, AttendanceStatus)> = body
        .into_inner()
        .attendance
        .into_iter()
        .map(|a| (a.member_id, a.status))
        .collect();
    let (id, who) = (id.into_inner(), ctx.who());
    let shown = state
        .db
        .write(move |conn| service::set_attendance(conn, &who, &id, &entries))
        .await?;
    Ok(HttpResponse::Ok().json(session(shown)))
}

/// A step of the session's life (open, close), answered with the session.
async fn take_step(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: String,
    step: fn(&mut crate::store::DbConn, &crate::service::Who, &str) -> AppResult<SessionShown>,
) -> AppResult<HttpResponse> {
    let who = ctx.who();
    let shown = state.db.write(move |conn| step(conn, &who, &id)).await?;
    Ok(HttpResponse::Ok().json(session(shown)))
}

/// Opens a session with its quorum.
#[utoipa::path(
    tag = "council", params(("id" = String, Path, description = "Mã định danh của phiên họp", max_length = 36)),
    responses((status = 200, description = "Đã khai mạc phiên họp", body = CouncilSession)),
    security(("bearer" = []))
)]
#[post("/api/v1/council-sessions/{id}/open")]
pub async fn open(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    take_step(ctx, state, id.into_inner(), service::open).await
}

/// Closes a session and tallies its ballots.
#[utoipa::path(
    tag = "council", params(("id" = String, Path, description = "Mã định danh của phiên họp", max_length = 36)),
    responses((status = 200, description = "Đã bế mạc, kiểm phiếu", body = CouncilSession)),
    security(("bearer" = []))
)]
#[post("/api/v1/council-sessions/{id}/close")]
pub async fn close(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    take_step(ctx, state, id.into_inner(), service::close).await
}

/// Casts a secret ballot.
#[utoipa::path(
    tag = "council", request_body = BallotCast,
    params(("id" = String, Path, description = "Mã định danh của phiên họp", max_length = 36)),
    responses((status = 201, description = "Đã nhận phiếu", body = BallotReceipt)),
    security(("bearer" = []))
)]
#[post("/api/v1/council-sessions/{id}/ballots")]
pub async fn cast(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Body<BallotCast>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let (id, who, caller) = (id.into_inner(), ctx.who(), ctx.caller);
    let receipt = BallotReceipt::recorded(&id, &b.nomination_id);
    state
        .db
        .write(move |conn| service::cast(conn, &caller, &who, &id, &b.nomination_id, b.choice))
        .await?;
    Ok(HttpResponse::Created().json(receipt))
}

/// Records an absent member's written opinion.
#[utoipa::path(
    tag = "council", request_body = WrittenOpinion,
    params(("id" = String, Path, description = "Mã định danh của phiên họp", max_length = 36)),
    responses((status = 201, description = "Đã ghi nhận ý kiến bằng văn bản", body = BallotReceipt)),
    security(("bearer" = []))
)]
#[post("/api/v1/council-sessions/{id}/opinions")]
pub async fn opinion(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Body<WrittenOpinion>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let (id, who) = (id.into_inner(), ctx.who());
    let receipt = BallotReceipt::recorded(&id, &b.nomination_id);
    state
        .db
        .write(move |conn| {
            service::record_opinion(conn, &who, &id, &b.member_id, &b.nomination_id, b.choice)
        })
        .await?;
    Ok(HttpResponse::Created().json(receipt))
}

/// Draws up the minutes of a closed session.
#[utoipa::path(
    tag = "council",
    params(("id" = String, Path, description = "Mã định danh của phiên họp", max_length = 36)),
    responses((status = 201, description = "Đã lập biên bản (DOCX và PDF)", body = CouncilMinutes,
        headers(("Location" = String, description = "Địa chỉ phiên họp")))),
    security(("bearer" = []))
)]
#[post("/api/v1/council-sessions/{id}/minutes")]
pub async fn minutes(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (who, caller) = (ctx.who(), ctx.caller);
    let province = state.config.province.clone();
    let paper = {
        let id = id.clone();
        state
            .db
            .read(move |conn| {
                let recorder = crate::store::auth::user(conn, caller.id())?
                    .map_or_else(String::new, |u| u.display_name);
                council_minutes::paper(conn, &id, &province, &recorder)
            })
            .await?
    };
    let (docx, pdf) = web::block(move || {
        Ok::<_, anyhow::Error>((crate::paper::docx(&paper)?, crate::paper::pdf(&paper)?))
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    let (docx_upload, pdf_upload) =
        super::files::keep_papers(&state, &format!("bien-ban-{id}"), (docx, pdf)).await?;
    let session_id = id.clone();
    let (row, d, p) = state
        .db
        .write(move |conn| {
            council_minutes::keep_minutes(conn, &who, &session_id, &docx_upload, &pdf_upload)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/council-sessions/{id}"),
        ))
        .json(CouncilMinutes {
            session_id: row.session_id,
            docx: file(d),
            pdf: file(p),
            created_at: utc(row.created_at),
        }))
}

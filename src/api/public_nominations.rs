//! What the public sees of nominations: those open for comment (and the form to comment), and
//! the honours granted. Only nominees the public may see; never scores, dossiers or comments.

use crate::error::Code;
use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::models::MovementRef;
use super::public::PublicUnit;
use super::{utc, Check};
use crate::domain::models::ModelKind;
use crate::domain::nominations::NominationState;
use crate::domain::page as paging;
use crate::domain::vocab::Track;
use crate::error::{AppError, AppResult};
use crate::http::cache::prepare_json;
use crate::service::decisions::CHAIRMAN;
use crate::service::nominations::NominationRow;
use crate::service::public_nominations::{self as service, PublicEntry};
use crate::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/public/v1/nominations")
            .service(open)
            .service(comment),
    )
    .service(honours)
    .service(honour_changes);
}

/// A nominee as the public sees it.
#[derive(Serialize, ToSchema)]
pub struct PublicNominee {
    pub id: String,
    pub kind: ModelKind,
    pub name: String,
    pub unit: Option<PublicUnit>,
    pub summary: String,
}

/// A nomination open for the public's comments.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01",
    "nominee": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5a01", "kind": "collective", "name": "Tổ sản xuất rau an toàn thôn Đông",
        "unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "name": "Sở Lao động-Thương binh và Xã hội"},
        "summary": "Tổ hợp tác 12 hộ nghèo thoát nghèo bền vững nhờ trồng rau an toàn theo chuỗi."},
    "movement": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01", "code": "PT-NGUOI-NGHEO", "name": "Vì người nghèo-Không để ai bị bỏ lại phía sau"},
    "form": "Bằng khen của Chủ tịch UBND tỉnh", "year": 2025, "track": "annual", "comment_closes_on": "2025-12-05"
}))]
pub struct OpenNomination {
    pub id: String,
    pub nominee: PublicNominee,
    pub movement: MovementRef,
    /// The form of commendation proposed.
    pub form: String,
    pub year: i32,
    pub track: Track,
    /// Comments are taken until the end of this day (Asia/Ho_Chi_Minh).
    pub comment_closes_on: Option<NaiveDate>,
}

/// An honour granted, for the public: the nominee, the award and the decision that granted it.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "nomination_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01",
    "nominee": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f5a01", "kind": "collective", "name": "Tổ sản xuất rau an toàn thôn Đông",
        "unit": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "name": "Sở Lao động-Thương binh và Xã hội"},
        "summary": "Tổ hợp tác 12 hộ nghèo thoát nghèo bền vững nhờ trồng rau an toàn theo chuỗi."},
    "movement": {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4b01", "code": "PT-NGUOI-NGHEO", "name": "Vì người nghèo-Không để ai bị bỏ lại phía sau"},
    "form": "Bằng khen của Chủ tịch UBND tỉnh", "year": 2025, "track": "annual",
    "decision_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4d01", "decision_number": "2718/QĐ-UBND", "decision_date": "2025-12-15",
    "authority": "Chủ tịch UBND tỉnh"
}))]
pub struct HonourEntry {
    pub nomination_id: String,
    pub nominee: PublicNominee,
    pub movement: MovementRef,
    #[schema(max_length = 255)]
    pub form: String,
    pub year: i32,
    pub track: Track,
    /// The issued decision that granted it, when it came from one.
    #[schema(max_length = 36)]
    pub decision_id: Option<String>,
    #[schema(max_length = 100)]
    pub decision_number: Option<String>,
    pub decision_date: Option<NaiveDate>,
    /// Who decided it.
    #[schema(max_length = 255)]
    pub authority: Option<String>,
}

/// One change of the public honours: the honour as it is now, or a tombstone.
#[derive(Serialize, ToSchema)]
pub struct HonourChange {
    /// The nomination the honour was granted on.
    #[schema(max_length = 36)]
    pub id: String,
    /// `upsert`: show `honour` (granted or changed); `delete`: remove it (revoked, or its
    /// nominee no longer public).
    #[schema(example = "delete", max_length = 6)]
    pub change: String,
    pub honour: Option<HonourEntry>,
}

/// Honour changes after a sync token.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"changes": [{"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01", "change": "delete", "honour": null}], "sync_token": "WyJob25vdXJzIiwxMl0", "has_more": false}))]
pub struct HonourChanges {
    pub changes: Vec<HonourChange>,
    /// Ask again with this token; it moves past every change returned.
    #[schema(max_length = 200)]
    pub sync_token: String,
    /// More changes wait: ask again at once.
    pub has_more: bool,
}

fn honour(e: PublicEntry) -> HonourEntry {
    let decision_id = e.decision_id.clone();
    let (r, nominee, movement, form) = public_parts(e);
    HonourEntry {
        authority: r.decision_number.as_ref().map(|_| CHAIRMAN.to_owned()),
        nomination_id: r.id,
        nominee,
        movement,
        form,
        year: r.year,
        track: r.track,
        decision_id,
        decision_number: r.decision_number,
        decision_date: r.decision_date,
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublicNominationQuery {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    /// A movement id.
    pub movement: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

/// A comment from the public.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Nguyễn Văn An", "contact": "0912 000 111", "comment": "Tổ hợp tác đã giúp nhiều hộ trong thôn, tôi đồng ý đề nghị khen thưởng."}))]
pub struct NewComment {
    #[schema(max_length = 200)]
    pub name: Option<String>,
    /// A phone number or e-mail, for the coordinator only.
    #[schema(max_length = 200)]
    pub contact: Option<String>,
    #[schema(min_length = 1, max_length = 4000)]
    pub comment: String,
}

/// The receipt of a comment.
#[derive(Serialize, ToSchema)]
pub struct CommentReceipt {
    pub id: String,
    pub received_at: DateTime<Utc>,
}

/// The public view of an entry's nominee and movement.
fn public_parts(e: PublicEntry) -> (NominationRow, PublicNominee, MovementRef, String) {
    let nominee = PublicNominee {
        id: e.nominee.id,
        kind: e.nominee.kind,
        name: e.nominee.name,
        unit: e.unit.map(|(id, name)| PublicUnit { id, name }),
        summary: e.nominee.summary,
    };
    let movement = MovementRef {
        id: e.movement.id,
        code: e.movement.code,
        name: e.movement.name,
    };
    (e.row, nominee, movement, e.form)
}

/// A public list of the nominations in one state, as items made by `make`; cached and
/// revalidated like the rest of the public feed.
async fn public_list<T: Serialize + ToSchema>(
    state: &AppState,
    req: &HttpRequest,
    q: PublicNominationQuery,
    wanted: NominationState,
    make: impl Fn(PublicEntry) -> T,
) -> AppResult<HttpResponse> {
    if let Some(hit) = state.public_cache.hit(req) {
        return Ok(hit);
    }
    let limit = paging::limit(q.limit)?;
    let after: Option<String> = paging::decode(q.cursor.as_deref())?;
    let year = super::year_param("year", q.year, 2000..=2100)?;
    let (entries, next_cursor) = state
        .db
        .read(move |conn| {
            service::in_state(
                conn,
                wanted,
                year,
                q.movement.as_deref(),
                after.as_deref(),
                limit,
            )
        })
        .await?;
    let items = entries.into_iter().map(make).collect();
    let link = super::next_link(req, &next_cursor);
    let body = super::Page { items, next_cursor };
    Ok(state
        .public_cache
        .remember(req, prepare_json(&body, None, link)))
}

/// The nominations open for the public's comments, newest first.
#[utoipa::path(
    tag = "public", params(PublicNominationQuery),
    responses(
        (status = 200, description = "Các hồ sơ đang lấy ý kiến nhân dân", body = super::Page<OpenNomination>,
            headers(("ETag" = String, description = "Bộ kiểm tra"), ("Cache-Control" = String, description = "public, max-age=60"))),
        (status = 304, description = "Bản đã lưu vẫn đúng"),
        (status = 429, description = "Quá nhiều yêu cầu", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    )
)]
#[get("/open")]
pub async fn open(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<PublicNominationQuery>,
) -> AppResult<HttpResponse> {
    public_list(
        &state,
        &req,
        query.into_inner(),
        NominationState::PublicComment,
        |e| {
            let (r, nominee, movement, form) = public_parts(e);
            OpenNomination {
                id: r.id,
                nominee,
                movement,
                form,
                year: r.year,
                track: r.track,
                comment_closes_on: r.comment_closes_on,
            }
        },
    )
    .await
}

/// The honours granted to public exemplary models, newest first.
#[utoipa::path(
    tag = "public", params(PublicNominationQuery),
    responses(
        (status = 200, description = "Các điển hình đã được khen thưởng", body = super::Page<HonourEntry>,
            headers(("ETag" = String, description = "Bộ kiểm tra"), ("Cache-Control" = String, description = "public, max-age=60"))),
        (status = 304, description = "Bản đã lưu vẫn đúng"),
        (status = 429, description = "Quá nhiều yêu cầu", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    )
)]
#[get("/public/v1/honours")]
pub async fn honours(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<PublicNominationQuery>,
) -> AppResult<HttpResponse> {
    public_list(
        &state,
        &req,
        query.into_inner(),
        NominationState::Approved,
        honour,
    )
    .await
}

/// The changes of the public honours after a sync token: each honour granted, changed or
/// revoked since, once, as it is now or as a tombstone.
#[utoipa::path(
    tag = "public", params(super::public::ChangesQuery),
    responses(
        (status = 200, description = "Các thay đổi của danh sách khen thưởng sau sync_token", body = HonourChanges,
            headers(("ETag" = String, description = "Bộ kiểm tra"), ("Last-Modified" = String, description = "Lần thay đổi gần nhất"),
                ("Cache-Control" = String, description = "public, max-age=60"))),
        (status = 304, description = "Bản đã lưu vẫn đúng"),
        (status = 429, description = "Quá nhiều yêu cầu", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    )
)]
#[get("/public/v1/honours/changes")]
pub async fn honour_changes(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<super::public::ChangesQuery>,
) -> AppResult<HttpResponse> {
    if let Some(hit) = state.public_cache.hit(&req) {
        return Ok(hit);
    }
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let since = super::public::parse_log_token("honours", q.since.as_deref())?;
    let found = state
        .db
        .read(move |conn| service::honour_changes(conn, since, limit))
        .await?;
    let mut current: std::collections::HashMap<String, HonourEntry> = found
        .entries
        .into_iter()
        .map(honour)
        .map(|h| (h.nomination_id.clone(), h))
        .collect();
    let changes = found
        .ids
        .into_iter()
        .map(|id| {
            let honour = current.remove(&id);
            HonourChange {
                change: if honour.is_some() { "upsert" } else { "delete" }.to_owned(),
                id,
                honour,
            }
        })
        .collect();
    let answer = HonourChanges {
        changes,
        sync_token: super::public::log_token("honours", found.position),
        has_more: found.has_more,
    };
    Ok(state
        .public_cache
        .remember(&req, prepare_json(&answer, found.last, None)))
}

/// The public comments on a nomination open for comment. No login; limited per address
/// (`THIDUA_COMMENT_RATE_LIMIT` an hour). Comments go to the coordinator, never public.
#[utoipa::path(
    tag = "public", request_body = NewComment,
    params(("id" = String, Path, description = "Mã hồ sơ đề nghị")),
    responses(
        (status = 201, description = "Đã nhận ý kiến", body = CommentReceipt),
        (status = 404, description = "Không có hồ sơ đang lấy ý kiến", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Đã hết thời hạn lấy ý kiến (comment_closed)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Quá nhiều ý kiến từ một địa chỉ", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = i64, description = "Số giây cần chờ")))
    )
)]
#[post("/{id}/comments")]
pub async fn comment(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<String>,
    body: super::Body<NewComment>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let name = c.optional("/name", b.name.as_deref(), 200);
    let contact = c.optional("/contact", b.contact.as_deref(), 200);
    let text = c.name("/comment", &b.comment, 4000);
    c.finish()?;
    let ip = super::auth::client_address(&req, state.config.trust_proxy)
        .parse()
        .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
    let decision = state.comment_limiter.check(ip, std::time::Instant::now());
    if !decision.allowed {
        return Err(
            AppError::too_many(i64::try_from(decision.reset_secs).unwrap_or(3600))
                .with_code(Code::RateLimited),
        );
    }
    let (id, new) = (
        id.into_inner(),
        service::NewComment {
            name,
            contact,
            text,
        },
    );
    let row = state
        .db
        .write(move |conn| service::comment(conn, &id, &new))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(CommentReceipt {
            id: row.id,
            received_at: utc(row.created_at),
        }))
}

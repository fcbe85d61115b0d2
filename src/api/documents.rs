//! `/api/v1/documents`: the legal documents (official letters, plans, decisions) that changes of
//! the register rest on. A unit officer registers the documents of their own unit.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use super::{created, page, utc, with_etag, Check, Ctx, Page};
use crate::domain::access::Caller;
use crate::domain::page as paging;
use crate::domain::vocab::DocumentKind;
use crate::error::{AppError, AppResult};
use crate::http::if_match::IfMatch;
use crate::service::documents::{
    self as service, DocumentChange, DocumentRow, Filter, NewDocument,
};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope("/api/v1/documents")
            .service(create)
            .service(list)
            .service(read)
            .service(update)
            .service(deactivate),
    );
}

/// A legal document.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a5b", "number": "1801/UBND-NC", "kind": "official_letter",
    "issued_on": "2022-07-15", "issuing_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01",
    "title": "V/v nâng cao chất lượng công tác tuyên truyền và xây dựng điển hình tiên tiến",
    "active": true, "version": 1, "created_at": "2026-11-27T08:00:00Z", "updated_at": "2026-11-27T08:00:00Z"
}))]
pub struct Document {
    pub id: String,
    /// The number as written on the document (`1801/UBND-NC`).
    pub number: String,
    pub kind: DocumentKind,
    pub issued_on: NaiveDate,
    pub issuing_unit_id: String,
    pub title: String,
    pub active: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<DocumentRow> for Document {
    fn from(r: DocumentRow) -> Document {
        Document {
            kind: r.kind,
            id: r.id,
            number: r.number,
            issued_on: r.issued_on,
            issuing_unit_id: r.issuing_unit_id,
            title: r.title,
            active: r.active,
            version: r.version,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
        }
    }
}

/// A new document.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "number": "90/KH-UBND", "kind": "plan", "issued_on": "2021-06-11",
    "issuing_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01",
    "title": "Kế hoạch tuyên truyền phong trào thi đua yêu nước, xây dựng điển hình tiên tiến giai đoạn 2021 - 2025"
}))]
pub struct DocumentCreate {
    #[schema(min_length = 1, max_length = 100)]
    pub number: String,
    pub kind: DocumentKind,
    pub issued_on: NaiveDate,
    pub issuing_unit_id: String,
    #[schema(min_length = 1, max_length = 1000)]
    pub title: String,
}

/// Changes to a document (corrections of what was recorded).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "V/v nâng cao chất lượng công tác tuyên truyền và xây dựng điển hình tiên tiến"}))]
pub struct DocumentPatch {
    #[schema(min_length = 1, max_length = 100)]
    pub number: Option<String>,
    pub kind: Option<DocumentKind>,
    pub issued_on: Option<NaiveDate>,
    #[schema(min_length = 1, max_length = 1000)]
    pub title: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// Words of the number or title; case and diacritics do not matter (`1801 ubnd`).
    #[param(max_length = 200)]
    pub q: Option<String>,
    pub kind: Option<DocumentKind>,
    pub issuing_unit_id: Option<String>,
    /// Documents issued in this year.
    #[param(minimum = 1900, maximum = 2200)]
    pub year: Option<i32>,
    pub active: Option<bool>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

fn check_issued_on(c: &mut Check, day: NaiveDate) {
    if day > crate::domain::today() {
        c.fail(
            "/issued_on",
            t!(
                "Ngày ban hành không thể ở tương lai.",
                "issued_on cannot be in the future."
            ),
        );
    }
}

impl DocumentCreate {
    /// The new document, with every invalid field named.
    pub(super) fn check(self) -> AppResult<NewDocument> {
        let mut c = Check::new();
        let number = c.name("/number", &self.number, 100);
        let title = c.name("/title", &self.title, 1000);
        check_issued_on(&mut c, self.issued_on);
        c.finish()?;
        Ok(NewDocument {
            number,
            kind: self.kind,
            issued_on: self.issued_on,
            issuing_unit_id: self.issuing_unit_id,
            title,
        })
    }
}

/// Registers a document.
#[utoipa::path(
    tag = "documents", request_body = DocumentCreate,
    responses((status = 201, description = "Đã ghi nhận văn bản", body = Document,
        headers(("ETag" = String, description = "Phiên bản"), ("Location" = String, description = "Địa chỉ")))),
    security(("bearer" = []))
)]
#[post("")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: super::Body<DocumentCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    crate::domain::access::doors::DOCUMENTS_WRITE.for_unit(&ctx.caller, &b.issuing_unit_id)?;
    let cmd = b.check()?;
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| service::create(conn, &who, &cmd))
        .await?;
    Ok(created(
        format!("/api/v1/documents/{}", row.id),
        row.version,
        &Document::from(row),
    ))
}

/// Lists documents, newest first.
#[utoipa::path(
    tag = "documents", params(DocumentQuery),
    responses((status = 200, description = "Một trang văn bản", body = Page<Document>,
        headers(("Link" = String, description = "rel=\"next\" khi còn trang sau")))),
    security(("bearer" = []))
)]
#[get("")]
pub async fn list(
    _caller: Caller,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<DocumentQuery>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let limit = paging::limit(q.limit)?;
    let after: Option<(NaiveDate, String)> = paging::decode(q.cursor.as_deref())?;
    if q.year.is_some_and(|y| !(1900..=2200).contains(&y)) {
        return Err(AppError::invalid_param(
            "year",
            t!(
                "Năm từ 1900 đến 2200.",
                "year must be between 1900 and 2200."
            ),
        ));
    }
    let filter = Filter {
        terms: super::search_terms(q.q.as_deref())?,
        kind: q.kind,
        issuing_unit_id: q.issuing_unit_id,
        year: super::year_param("year", q.year, 1900..=2200)?,
        active: q.active,
    };
    let rows = state
        .db
        .read(move |conn| service::list(conn, &filter, after, limit))
        .await?;
    let (rows, next) = paging::split(rows, limit, |r| (r.issued_on, r.id.clone()));
    Ok(page(
        &req,
        rows.into_iter().map(Document::from).collect(),
        next,
    ))
}

/// Reads one document.
#[utoipa::path(
    tag = "documents", params(("id" = String, Path, description = "Mã định danh")),
    responses((status = 200, description = "Văn bản", body = Document, headers(("ETag" = String, description = "Phiên bản")))),
    security(("bearer" = []))
)]
#[get("/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let row = state.db.read(move |conn| service::get(conn, &id)).await?;
    Ok(with_etag(row.version, &Document::from(row)))
}

/// Corrects a document.
#[utoipa::path(
    tag = "documents", request_body = DocumentPatch,
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Văn bản sau khi sửa", body = Document, headers(("ETag" = String, description = "Phiên bản mới")))),
    security(("bearer" = []))
)]
#[patch("/{id}")]
pub async fn update(
    ctx: Ctx,
    state: web::Data<AppState>,
    if_match: IfMatch,
    id: web::Path<String>,
    body: super::Body<DocumentPatch>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let p = body.into_inner();
    let mut c = Check::new();
    let number = p.number.as_deref().map(|v| c.name("/number", v, 100));
    let title = p.title.as_deref().map(|v| c.name("/title", v, 1000));
    if let Some(day) = p.issued_on {
        check_issued_on(&mut c, day);
    }
    c.finish()?;
    let change = DocumentChange {
        number,
        kind: p.kind,
        issued_on: p.issued_on,
        title,
    };
    let who = ctx.who();
    let caller = ctx.caller;
    let row = state
        .db
        .write(move |conn| service::update(conn, &who, &caller, &id, if_match.as_deref(), &change))
        .await?;
    Ok(with_etag(row.version, &Document::from(row)))
}

/// Withdraws a document from use (recorded by mistake, annulled). It stays readable.
#[utoipa::path(
    tag = "documents",
    params(("id" = String, Path, description = "Mã định danh"), IfMatch),
    responses((status = 200, description = "Văn bản đã ngừng sử dụng", body = Document, headers(("ETag" = String, description = "Phiên bản mới")))),
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
    let caller = ctx.caller;
    let row = state
        .db
        .write(move |conn| service::deactivate(conn, &who, &caller, &id, if_match.as_deref()))
        .await?;
    Ok(with_etag(row.version, &Document::from(row)))
}

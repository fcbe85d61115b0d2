//! `/api/v1/files`: uploads (multipart, the type told from the content, the SHA-256 computed
//! here), their bytes and their metadata. The bytes go to the file store (`crate::blobs`), once
//! per content; the file as a resource, with its owner and readers, is in the database.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use super::{utc, Ctx};
use crate::blobs::{sha256_hex, Read};
use crate::domain::access::Caller;
use crate::domain::files::{clean_name, FileType};
use crate::error::{AppError, AppResult, Code, Kind};
use crate::service::files::{self as service, FileRow, Upload};
use crate::t;
use crate::AppState;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create).service(download).service(read_meta);
}

/// The form of an upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct FileUpload {
    /// The file: PDF, DOCX, XLSX, JPEG or PNG, told from its content.
    #[schema(value_type = String, format = Binary, max_length = 1073741824)]
    file: Vec<u8>,
}

/// A file: what the service found in it, whose it is, and whether its stored bytes are sound.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f9f01", "name": "Báo cáo thành tích 2025.pdf", "file_type": "pdf",
    "media_type": "application/pdf", "size": 482113,
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "owner_unit_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a03", "uploaded_by_type": "user",
    "uploaded_by_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01", "damaged_at": null,
    "created_at": "2026-03-02T08:00:00Z"
}))]
pub struct File {
    #[schema(max_length = 36)]
    pub id: String,
    /// The name it was uploaded with (its last path segment).
    #[schema(max_length = 200)]
    pub name: String,
    pub file_type: FileType,
    #[schema(max_length = 100)]
    pub media_type: String,
    /// Bytes.
    #[schema(minimum = 1, maximum = 1073741824_i64)]
    pub size: i64,
    /// Lowercase hex, computed by the service.
    #[schema(pattern = "^[0-9a-f]{64}$", max_length = 64)]
    pub sha256: String,
    /// The uploader's unit; `null` for the province's own accounts.
    #[schema(max_length = 36)]
    pub owner_unit_id: Option<String>,
    /// `user` or `client`.
    #[schema(max_length = 20)]
    pub uploaded_by_type: String,
    #[schema(max_length = 36)]
    pub uploaded_by_id: String,
    /// When its stored bytes were found not to match its SHA-256 (it is not served since).
    pub damaged_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub fn file(r: FileRow) -> File {
    File {
        id: r.id,
        name: r.name,
        media_type: r.file_type.media_type().to_owned(),
        file_type: r.file_type,
        size: r.size,
        sha256: r.sha256,
        owner_unit_id: r.owner_unit_id,
        uploaded_by_type: r.uploaded_by_type,
        uploaded_by_id: r.uploaded_by_id,
        damaged_at: r.damaged_at.map(utc),
        created_at: utc(r.created_at),
    }
}

/// Room for the multipart framing around the file, beyond `THIDUA_FILE_LIMIT`.
const FRAMING: usize = 64 * 1024;

fn too_large(limit: usize) -> AppError {
    AppError::new(
        Kind::PayloadTooLarge,
        t!(
            "Tệp vượt quá {} byte (THIDUA_FILE_LIMIT).",
            "The file is larger than {} bytes (THIDUA_FILE_LIMIT).",
            limit
        ),
    )
}

fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::bad_request(t!(
        "Không đọc được nội dung multipart/form-data: {}",
        "The multipart/form-data body could not be read: {}",
        e
    ))
}

/// Refuses at once a body that announces more than the limit allows, or is no multipart form.
fn check_head(req: &HttpRequest, limit: usize) -> AppResult<()> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit + FRAMING) {
        return Err(too_large(limit));
    }
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !multipart {
        return Err(AppError::new(
            Kind::UnsupportedMediaType,
            t!(
                "Nội dung phải là multipart/form-data, tệp ở phần tên \"file\".",
                "The body must be multipart/form-data, the file in the part named \"file\"."
            ),
        ));
    }
    Ok(())
}

/// The part named `file` of a multipart body: its name and bytes, at most `limit` of them.
async fn file_part(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> AppResult<(Option<String>, Vec<u8>)> {
    check_head(req, limit)?;
    let mut form = Multipart::new(req.headers(), payload);
    let mut found: Option<(Option<String>, Vec<u8>)> = None;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(unreadable)?;
        let is_file = field.name() == Some("file");
        if is_file && found.is_some() {
            return Err(AppError::bad_request(t!(
                "Mỗi lần tải lên chỉ một tệp (một phần tên \"file\").",
                "One file per upload (one part named \"file\")."
            )));
        }
        let name = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .and_then(clean_name);
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(unreadable)?;
            // Other parts are read and dropped, within the same bound.
            if bytes.len() + chunk.len() > limit {
                return Err(too_large(limit));
            }
            if is_file {
                bytes.extend_from_slice(&chunk);
            }
        }
        if is_file {
            found = Some((name, bytes));
        }
    }
    let (name, bytes) = found.ok_or_else(|| {
        AppError::bad_request(t!(
            "Thiếu phần tên \"file\" chứa tệp.",
            "The part named \"file\" holding the file is missing."
        ))
    })?;
    if bytes.is_empty() {
        return Err(AppError::bad_request(t!("Tệp rỗng.", "The file is empty.")));
    }
    Ok((name, bytes))
}

/// Uploads a file.
#[utoipa::path(
    tag = "files",
    request_body(content = FileUpload, content_type = "multipart/form-data",
        description = "Tệp ở phần tên `file` (the file in the part named `file`)"),
    responses((status = 201, description = "Đã tải lên (uploaded)", body = File,
        headers(("Location" = String, description = "Địa chỉ nội dung tệp")))),
    security(("bearer" = []))
)]
#[post("/api/v1/files")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let (name, bytes) = file_part(&req, payload, state.config.file_limit).await?;
    let file_type = FileType::sniff(&bytes).ok_or_else(|| {
        AppError::new(
            Kind::UnsupportedMediaType,
            t!(
                "Chỉ nhận tệp PDF, DOCX, XLSX, JPEG hoặc PNG; nội dung tệp này không phải loại nào trong đó.",
                "Only PDF, DOCX, XLSX, JPEG or PNG files are taken; this file's content is none of them."
            ),
        )
        .with_code(Code::FileTypeRefused)
    })?;
    let sha256 = sha256_hex(&bytes);
    let upload = Upload {
        name: name.unwrap_or_else(|| format!("tep.{}", file_type.extension())),
        file_type,
        size: i64::try_from(bytes.len()).map_err(AppError::internal)?,
        sha256: sha256.clone(),
    };
    state
        .blobs
        .keep(&sha256, bytes.into())
        .await
        .map_err(AppError::internal)?;
    let (who, caller) = (ctx.who(), ctx.caller);
    let row = state
        .db
        .write(move |conn| service::record(conn, &caller, &who, &upload))
        .await?;
    let f = file(row);
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/files/{}", f.id)))
        .json(f))
}

/// A file's bytes, checked against its SHA-256 before they are served.
#[utoipa::path(
    tag = "files",
    params(("id" = String, Path, description = "Mã định danh của tệp", max_length = 36)),
    responses((status = 200, description = "Nội dung tệp (the file's bytes)",
        content(
            (Vec<u8> = "application/pdf"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (Vec<u8> = "image/jpeg"),
            (Vec<u8> = "image/png"),
        ),
        headers(
            ("Content-Disposition" = String, description = "attachment; filename*=UTF-8''…"),
            ("ETag" = String, description = "SHA-256 của nội dung, trong dấu nháy")
        ))),
    security(("bearer" = []))
)]
#[get("/api/v1/files/{id}")]
pub async fn download(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let caller = ctx.caller.clone();
    let row = state
        .db
        .read(move |conn| service::readable(conn, &caller, &id))
        .await?;
    let bytes = match state
        .blobs
        .read(&row.sha256)
        .await
        .map_err(AppError::internal)?
    {
        Read::Sound(bytes) => bytes,
        found => {
            let missing = matches!(found, Read::Missing);
            tracing::error!(file = %row.id, sha256 = %row.sha256, missing, store = %state.blobs.place,
                "a stored file does not match its SHA-256: not served");
            let (who, damaged) = (ctx.who(), row.clone());
            state
                .db
                .write(move |conn| service::report_damage(conn, &who, &damaged))
                .await?;
            return Err(AppError::new(
                Kind::Internal,
                t!(
                    "Nội dung lưu trữ của tệp {} không còn khớp mã SHA-256 nên không được trả về; sự cố đã được ghi nhận.",
                    "The stored bytes of file {} no longer match its SHA-256, so it is not served; the damage is recorded.",
                    row.id
                ),
            )
            .with_code(Code::FileDamaged));
        }
    };
    let encoded =
        percent_encoding::utf8_percent_encode(&row.name, percent_encoding::NON_ALPHANUMERIC);
    Ok(HttpResponse::Ok()
        .content_type(row.file_type.media_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"file.{}\"; filename*=UTF-8''{encoded}",
                row.file_type.extension()
            ),
        ))
        .insert_header((header::ETAG, format!("\"{}\"", row.sha256)))
        .body(bytes))
}

/// A file's metadata.
#[utoipa::path(
    tag = "files",
    params(("id" = String, Path, description = "Mã định danh của tệp", max_length = 36)),
    responses((status = 200, description = "Thông tin tệp", body = File)),
    security(("bearer" = []))
)]
#[get("/api/v1/files/{id}/meta")]
pub async fn read_meta(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let row = state
        .db
        .read(move |conn| service::readable(conn, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(file(row)))
}

/// Keeps a paper the service drew up, as DOCX and PDF, in the file store; their uploads, for
/// the files service to record.
pub(crate) async fn keep_papers(
    state: &AppState,
    stem: &str,
    pair: (Vec<u8>, Vec<u8>),
) -> AppResult<(Upload, Upload)> {
    let docx = Upload::of(format!("{stem}.docx"), FileType::Docx, &pair.0)?;
    let pdf = Upload::of(format!("{stem}.pdf"), FileType::Pdf, &pair.1)?;
    for (u, bytes) in [(&docx, pair.0), (&pdf, pair.1)] {
        state
            .blobs
            .keep(&u.sha256, bytes.into())
            .await
            .map_err(AppError::internal)?;
    }
    Ok((docx, pdf))
}

//! `/api/v1/imports`: bringing in another register (a merged province's units, documents,
//! movements and exemplary models) from a spreadsheet or a CSV file, on a template the API
//! hands out. A dry run lists every row's errors; the import itself is all or nothing.

mod columns;
mod register;
mod rows;
mod run;
mod sheet;
mod template;

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{utc, Ctx};
use crate::domain::access::Caller;
use crate::domain::vocab::{ImportKind, OnClash};
use crate::error::{AppError, AppResult, Code, FieldError, Kind, Lang, Text};
use crate::service::{DbConn, Who};
use crate::store::imports::ImportRow;
use crate::{store, t, AppState};

pub use run::Outcome;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create)
        .service(template::download)
        .service(read);
}

/// What to import, and how.
#[derive(Clone, Debug)]
pub struct Request {
    pub kind: ImportKind,
    pub on_clash: OnClash,
    pub dry_run: bool,
    pub file_name: Option<String>,
}

/// What an import did: its id when it was stored, the file's SHA-256, and the rows' fate.
pub struct Done {
    pub id: Option<String>,
    pub sha256: String,
    pub outcome: Outcome,
}

/// At most this many data rows in one file.
pub const MAX_ROWS: usize = 50_000;

/// At most this many row errors in the problem that refuses an import; a dry run lists all.
const REFUSAL_ERRORS: usize = 1000;

/// Reads `bytes` and imports its rows as `who`, in the caller's transaction. A dry run
/// answers what would happen; a real import with any error, or any clash unless clashes are
/// skipped, is refused (422 `import_refused`) so the caller's transaction rolls back.
pub fn import(conn: &mut DbConn, who: &Who, req: &Request, bytes: &[u8]) -> AppResult<Done> {
    let table = sheet::read(bytes, columns::sheet_names(req.kind))?;
    if table.rows.len() > MAX_ROWS {
        return Err(AppError::new(
            Kind::PayloadTooLarge,
            t!(
                "Tệp có {} dòng; mỗi lần nhập tối đa {} dòng, hãy chia thành nhiều tệp.",
                "The file has {} rows; an import takes at most {}: split it into several files.",
                table.rows.len(),
                MAX_ROWS
            ),
        ));
    }
    let sha256 = hex::encode(Sha256::digest(bytes));
    let id = crate::store::new_id();
    // Thousands of audit and change-log entries, written at the end a thousand at a time.
    let outcome = store::deferred::bulk(conn, |c| run::run(c, &who.under(&id), req.kind, &table))?;
    let refused = !outcome.errors.is_empty()
        || (req.on_clash == OnClash::Refuse && !outcome.clashes.is_empty());
    if req.dry_run {
        return Ok(Done {
            id: None,
            sha256,
            outcome,
        });
    }
    if refused {
        return Err(refusal(&outcome, req.on_clash));
    }
    let clashes: Vec<ImportClash> = outcome.clashes.iter().map(ImportClash::from).collect();
    let row = ImportRow {
        id: id.clone(),
        kind: req.kind,
        file_name: req.file_name.clone(),
        sha256: sha256.clone(),
        rows_read: count(outcome.rows),
        created: count(outcome.created),
        skipped: count(outcome.clashes.len()),
        on_clash: req.on_clash,
        clashes: serde_json::to_string(&clashes).map_err(AppError::internal)?,
        actor_type: who.actor_type.clone(),
        actor_id: who.actor_id.clone(),
        created_at: crate::store::now(),
    };
    store::imports::insert(conn, &row)?;
    let after = serde_json::to_value(&row).map_err(AppError::internal)?;
    store::audit::record(
        conn,
        &who.under(&id),
        "create",
        "import",
        &id,
        None,
        Some(&after),
    )?;
    Ok(Done {
        id: Some(id),
        sha256,
        outcome,
    })
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// The problem that refuses an import: each row error and clash at `/rows/{row}/{column key}`.
fn refusal(outcome: &Outcome, on_clash: OnClash) -> AppError {
    let mut errors: Vec<FieldError> = outcome
        .errors
        .iter()
        .map(|e| {
            let key = e.column.as_ref().map_or("", |c| c.2);
            FieldError::body(
                pointer(e.row, key),
                located(e.row, e.column.as_ref(), &e.detail),
            )
        })
        .collect();
    if on_clash == OnClash::Refuse {
        errors.extend(outcome.clashes.iter().map(|c| {
            let key = c.column.as_ref().map_or("", |c| c.2);
            let detail = t!(
                "«{}» đã có trong danh mục (id {}); không ghi đè. Bỏ dòng này, hoặc nhập với on_clash=skip.",
                "\"{}\" is already in the register (id {}); it is never overwritten. Remove the row, or import with on_clash=skip.",
                c.value,
                c.existing_id
            );
            FieldError::body(pointer(c.row, key), located(c.row, c.column.as_ref(), &detail))
        }));
    }
    let total = errors.len();
    errors.truncate(REFUSAL_ERRORS);
    let mut e = AppError::invalid(errors).with_code(Code::ImportRefused);
    e.detail = t!(
        "Không nhập tệp: {} lỗi và {} dòng đã có trong danh mục; không bản ghi nào được lưu. Chạy thử (dry_run=true) để xem từng lỗi.",
        "The file was not imported: {} errors and {} rows already in the register; nothing was stored. A dry run (dry_run=true) lists every error.",
        outcome.errors.len(),
        outcome.clashes.len()
    );
    if total > REFUSAL_ERRORS {
        e.detail.vi = format!("{} (Hiện {REFUSAL_ERRORS} lỗi đầu tiên.)", e.detail.vi).into();
        e.detail.en = format!("{} (The first {REFUSAL_ERRORS} are shown.)", e.detail.en).into();
    }
    e
}

fn pointer(row: usize, key: &str) -> String {
    if key.is_empty() {
        format!("/rows/{row}")
    } else {
        format!("/rows/{row}/{key}")
    }
}

/// A detail that says where: "Dòng 5, cột B (Mã đơn vị): …".
fn located(row: usize, column: Option<&(String, String, &'static str)>, detail: &Text) -> Text {
    let (vi, en) = match column {
        Some((letter, header, _)) => (
            format!("Dòng {row}, cột {letter} ({header})"),
            format!("Row {row}, column {letter} ({header})"),
        ),
        None => (format!("Dòng {row}"), format!("Row {row}")),
    };
    Text::new(
        format!("{vi}: {}", detail.vi),
        format!("{en}: {}", detail.en),
    )
}

/// Where in the file: the row (the header is row 1) and, when known, the column.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct ImportCell {
    #[schema(minimum = 1, maximum = 1_048_576)]
    pub row: u64,
    /// The column's letter (A, B, …).
    #[schema(max_length = 3)]
    pub column: Option<String>,
    /// The column's header as the file writes it.
    #[schema(max_length = 200)]
    pub header: Option<String>,
    /// The template's key of the column (`code`, `parent_code`, …).
    #[schema(max_length = 40)]
    pub field: Option<String>,
}

impl ImportCell {
    fn new(row: usize, column: Option<&(String, String, &'static str)>) -> ImportCell {
        ImportCell {
            row: row as u64,
            column: column.map(|c| c.0.clone()),
            header: column.map(|c| c.1.clone()),
            field: column.map(|c| c.2.to_owned()),
        }
    }
}

/// One error of an import file, at its row and column.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"row": 5, "column": "C", "header": "Loại đơn vị", "field": "kind",
    "detail": "Giá trị «Sở» không hợp lệ; dùng một trong: department (Sở, ban, ngành), …"}))]
pub struct ImportError {
    #[serde(flatten)]
    pub at: ImportCell,
    /// What is wrong, in the language asked for (`Accept-Language`), Vietnamese by default.
    #[schema(max_length = 2000)]
    pub detail: String,
}

/// A row whose record is already in the register: never overwritten.
#[derive(Serialize, Deserialize, ToSchema)]
#[schema(example = json!({"row": 7, "column": "A", "header": "Mã đơn vị", "field": "code", "value": "SNV",
    "existing_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01"}))]
pub struct ImportClash {
    #[serde(flatten)]
    pub at: ImportCell,
    /// The code, number or name that clashes.
    #[schema(max_length = 1000)]
    pub value: String,
    /// The record already there.
    #[schema(max_length = 36)]
    pub existing_id: String,
}

impl From<&run::Clash> for ImportClash {
    fn from(c: &run::Clash) -> ImportClash {
        ImportClash {
            at: ImportCell::new(c.row, c.column.as_ref()),
            value: c.value.clone(),
            existing_id: c.existing_id.clone(),
        }
    }
}

/// What an import did, or, on a dry run, would do.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a01", "kind": "units", "dry_run": false,
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "rows": 3, "created": 2,
    "skipped": 1, "errors": [], "clashes": [{"row": 4, "column": "A", "header": "Mã đơn vị", "field": "code",
    "value": "SNV", "existing_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f4a01"}]}))]
pub struct ImportReport {
    /// The import; the audit log lists what it created (`GET /api/v1/audit-log?cause_id=`).
    /// `null` on a dry run.
    #[schema(max_length = 36)]
    pub id: Option<String>,
    pub kind: ImportKind,
    pub dry_run: bool,
    /// The SHA-256 of the file as received.
    #[schema(max_length = 64)]
    pub sha256: String,
    /// Data rows read (empty rows are left out).
    #[schema(maximum = 50_000)]
    pub rows: u64,
    /// Records created (on a dry run: that would be created).
    #[schema(maximum = 50_000)]
    pub created: u64,
    /// Rows left out because their record is already there (`on_clash=skip`).
    #[schema(maximum = 50_000)]
    pub skipped: u64,
    #[schema(max_items = 1_000_000)]
    pub errors: Vec<ImportError>,
    #[schema(max_items = 50_000)]
    pub clashes: Vec<ImportClash>,
}

impl ImportReport {
    pub fn new(req: &Request, done: &Done, lang: Lang) -> ImportReport {
        let o = &done.outcome;
        ImportReport {
            id: done.id.clone(),
            kind: req.kind,
            dry_run: req.dry_run,
            sha256: done.sha256.clone(),
            rows: o.rows as u64,
            created: o.created as u64,
            skipped: if req.on_clash == OnClash::Skip {
                o.clashes.len() as u64
            } else {
                0
            },
            errors: o
                .errors
                .iter()
                .map(|e| ImportError {
                    at: ImportCell::new(e.row, e.column.as_ref()),
                    detail: e.detail.get(lang).to_owned(),
                })
                .collect(),
            clashes: o.clashes.iter().map(ImportClash::from).collect(),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// What the file holds.
    pub kind: ImportKind,
    /// `true`: check every row and answer what would happen, storing nothing.
    pub dry_run: Option<bool>,
    /// A row whose record is already there: `refuse` the import (the default) or `skip` the row.
    pub on_clash: Option<OnClash>,
    /// The file's name, kept with the import.
    #[param(max_length = 200)]
    pub file_name: Option<String>,
}

/// Reads the body, at most `limit` bytes.
async fn read_body(mut payload: web::Payload, limit: usize) -> AppResult<Vec<u8>> {
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            AppError::bad_request(t!(
                "Lỗi đọc nội dung: {}",
                "The body could not be read: {}",
                e
            ))
        })?;
        if bytes.len() + chunk.len() > limit {
            return Err(AppError::new(
                Kind::PayloadTooLarge,
                t!(
                    "Tệp vượt quá {} byte (THIDUA_IMPORT_LIMIT); hãy chia thành nhiều tệp.",
                    "The file is larger than {} bytes (THIDUA_IMPORT_LIMIT); split it into several files.",
                    limit
                ),
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
    if bytes.is_empty() {
        return Err(AppError::bad_request(t!(
            "Chưa gửi tệp: nội dung yêu cầu là tệp .xlsx hoặc .csv.",
            "No file was sent: the body is the .xlsx or .csv file."
        ))
        .with_code(Code::UnreadableFile));
    }
    Ok(bytes)
}

/// Imports a file of units, documents, movements or exemplary models (.xlsx or .csv, UTF-8)
/// on the template of its kind; `dry_run=true` checks every row and stores nothing.
#[utoipa::path(
    tag = "imports", params(ImportQuery),
    request_body(description = "Tệp .xlsx (bảng tính theo mẫu) hoặc .csv UTF-8; dòng 1 là tiêu đề cột (The .xlsx or UTF-8 .csv file; row 1 holds the headers)",
        content(
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "text/csv", example = json!("Mã đơn vị,Tên đơn vị,Loại đơn vị,Mã đơn vị cấp trên\nTB-SNV,Sở Nội vụ tỉnh Thái Bình,Sở ban ngành,\n")),
        )),
    responses(
        (status = 200, description = "Kết quả chạy thử: từng lỗi theo dòng, cột (dry run: each error by row and column)", body = ImportReport),
        (status = 201, description = "Đã nhập (imported)", body = ImportReport,
            headers(("Location" = String, description = "Địa chỉ của lần nhập")))),
    security(("bearer" = []))
)]
#[post("/api/v1/imports")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let file_name = super::Check::new().optional("/file_name", q.file_name.as_deref(), 200);
    let request = Request {
        kind: q.kind,
        on_clash: q.on_clash.unwrap_or(OnClash::Refuse),
        dry_run: q.dry_run.unwrap_or(false),
        file_name,
    };
    let bytes = std::sync::Arc::new(read_body(payload, state.config.import_limit).await?);
    let who = ctx.who();
    let r = request.clone();
    let apply = move |conn: &mut DbConn| import(conn, &who, &r, &bytes);
    let done = if request.dry_run {
        state.db.rehearse(apply).await?
    } else {
        state.db.write(apply).await?
    };
    let lang = Lang::from_accept_language(
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let report = ImportReport::new(&request, &done, lang);
    Ok(match &done.id {
        Some(id) => HttpResponse::Created()
            .insert_header((header::LOCATION, format!("/api/v1/imports/{id}")))
            .json(report),
        None => HttpResponse::Ok().json(report),
    })
}

/// A stored import.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f6a01", "kind": "units", "file_name": "don-vi-thai-binh.xlsx",
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "rows": 3, "created": 2, "skipped": 1,
    "on_clash": "skip", "clashes": [], "actor_type": "user", "actor_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01",
    "created_at": "2025-07-02T08:00:00Z"}))]
pub struct Import {
    #[schema(max_length = 36)]
    pub id: String,
    pub kind: ImportKind,
    #[schema(max_length = 200)]
    pub file_name: Option<String>,
    #[schema(max_length = 64)]
    pub sha256: String,
    #[schema(maximum = 50_000)]
    pub rows: u64,
    #[schema(maximum = 50_000)]
    pub created: u64,
    #[schema(maximum = 50_000)]
    pub skipped: u64,
    pub on_clash: OnClash,
    #[schema(max_items = 50_000)]
    pub clashes: Vec<ImportClash>,
    #[schema(max_length = 20)]
    pub actor_type: String,
    #[schema(max_length = 36)]
    pub actor_id: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One import: what it read, created and skipped, and who ran it.
#[utoipa::path(
    tag = "imports",
    params(("id" = String, Path, description = "Mã lần nhập", max_length = 36)),
    responses((status = 200, description = "Lần nhập", body = Import)),
    security(("bearer" = []))
)]
#[get("/api/v1/imports/{id}")]
pub async fn read(
    _caller: Caller,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    let row = state
        .db
        .read(move |conn| store::imports::get(conn, &id))
        .await?
        .ok_or_else(|| AppError::not_found("lần nhập (import)"))?;
    Ok(HttpResponse::Ok().json(Import {
        clashes: serde_json::from_str(&row.clashes).unwrap_or_default(),
        id: row.id,
        kind: row.kind,
        file_name: row.file_name,
        sha256: row.sha256,
        rows: u64::try_from(row.rows_read).unwrap_or_default(),
        created: u64::try_from(row.created).unwrap_or_default(),
        skipped: u64::try_from(row.skipped).unwrap_or_default(),
        on_clash: row.on_clash,
        actor_type: row.actor_type,
        actor_id: row.actor_id,
        created_at: utc(row.created_at),
    }))
}

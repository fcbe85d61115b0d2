//! `/api/v1/paper-templates`: the DOCX templates the coordinator uploads in place of the
//! built-in submission and decision, with `{{field}}` placeholders checked at upload.

use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use super::{utc, Body, Ctx};
use crate::blobs::Read;
use crate::domain::access::Caller;
use crate::domain::register::PaperKind;
use crate::error::{unknown_reference, AppError, AppResult, Code, Ext};
use crate::paper::template::{self, Refusal};
use crate::service::decisions::{self as service, TemplateRow, FIELDS};
use crate::{t, AppState};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list).service(create);
}

/// A template in use for a kind of paper.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa501", "kind": "decision", "award_type_id": null,
    "file_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa502", "fields": ["decision_date", "number", "subject", "total_bonus"],
    "created_at": "2025-11-20T08:00:00Z"
}))]
pub struct PaperTemplate {
    pub id: String,
    pub kind: PaperKind,
    /// The award type it serves; `null`: every type.
    pub award_type_id: Option<String>,
    /// The uploaded DOCX (`/api/v1/files/{id}`).
    pub file_id: String,
    /// The fields it uses.
    pub fields: Vec<String>,
    pub created_at: DateTime<Utc>,
}

/// The templates, newest first, and the fields a template may use.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "items": [{"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa501", "kind": "decision", "award_type_id": null,
        "file_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa502", "fields": ["decision_date", "number", "subject", "total_bonus"],
        "created_at": "2025-11-20T08:00:00Z"}],
    "fields": [{"name": "number", "description": "Số quyết định (để trống khi là dự thảo)"},
        {"name": "total_bonus", "description": "Tổng số tiền thưởng (đồng)"}]
}))]
pub struct PaperTemplates {
    pub items: Vec<PaperTemplate>,
    /// Each field a template may use (`{{name}}`) and what it holds.
    pub fields: Vec<TemplateField>,
}

#[derive(Serialize, ToSchema)]
pub struct TemplateField {
    pub name: String,
    pub description: String,
}

/// A template to use: an uploaded DOCX (`POST /api/v1/files`).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "decision", "file_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3fa502"}))]
pub struct TemplateInput {
    pub kind: PaperKind,
    /// Absent: for every award type; present: for lists of that type only.
    #[schema(max_length = 36)]
    pub award_type_id: Option<String>,
    #[schema(max_length = 36)]
    pub file_id: String,
}

fn answer(r: TemplateRow) -> PaperTemplate {
    PaperTemplate {
        fields: serde_json::from_str(&r.fields).unwrap_or_default(),
        id: r.id,
        kind: r.kind,
        award_type_id: r.award_type_id,
        file_id: r.file_id,
        created_at: utc(r.created_at),
    }
}

/// The uploaded templates; the newest of a kind (for the list's award type, else for every
/// type) is the one used.
#[utoipa::path(
    tag = "decisions",
    responses((status = 200, description = "Các mẫu văn bản đã tải lên", body = PaperTemplates)),
    security(("bearer" = []))
)]
#[get("/api/v1/paper-templates")]
pub async fn list(_caller: Caller, state: web::Data<AppState>) -> AppResult<HttpResponse> {
    let rows = state.db.read(service::templates).await?;
    Ok(HttpResponse::Ok().json(PaperTemplates {
        items: rows.into_iter().map(answer).collect(),
        fields: FIELDS
            .iter()
            .map(|(name, description)| TemplateField {
                name: (*name).to_owned(),
                description: (*description).to_owned(),
            })
            .collect(),
    }))
}

fn refused(r: Refusal) -> AppError {
    let known: Vec<&str> = FIELDS.iter().map(|(name, _)| *name).collect();
    match r {
        Refusal::NotDocx => AppError::invalid_field(
            "/file_id",
            t!(
                "Tệp này không phải văn bản Word (.docx).",
                "That file is not a Word document (.docx)."
            ),
        )
        .with_code(Code::TemplateNotDocx),
        Refusal::Split(paragraphs) => AppError::invalid_field(
            "/file_id",
            t!(
                "Trường bị tách giữa các đoạn chữ, hãy gõ lại liền một lần: {}",
                "A placeholder straddles runs of text; type it again in one go: {}",
                paragraphs.join(" | ")
            ),
        )
        .with_code(Code::TemplateFieldSplit),
        Refusal::Unknown(fields) => AppError::invalid_field(
            "/file_id",
            t!(
                "Mẫu dùng trường không có: {}. Các trường được dùng: {}.",
                "The template uses unknown fields: {}. The fields are: {}.",
                fields.join(", "),
                known.join(", ")
            ),
        )
        .with_code(Code::TemplateFieldUnknown)
        .with_ext(Ext::Fields, fields)
        .with_ext(Ext::KnownFields, known),
    }
}

/// Uses an uploaded DOCX as the template of a kind of paper, once its fields are checked.
#[utoipa::path(
    tag = "decisions", request_body = TemplateInput,
    responses((status = 201, description = "Đã nhận mẫu văn bản", body = PaperTemplate)),
    security(("bearer" = []))
)]
#[post("/api/v1/paper-templates")]
pub async fn create(
    ctx: Ctx,
    state: web::Data<AppState>,
    body: Body<TemplateInput>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let caller = ctx.caller.clone();
    let file_id = b.file_id.clone();
    let file = state
        .db
        .read(
            move |conn| match crate::store::files::get(conn, &file_id)? {
                Some(_) => crate::service::files::readable(conn, &caller, &file_id),
                None => Err(unknown_reference("/file_id", "tệp / file")),
            },
        )
        .await?;
    let bytes = match state
        .blobs
        .read(&file.sha256)
        .await
        .map_err(AppError::internal)?
    {
        Read::Sound(bytes) => bytes,
        Read::Missing | Read::Damaged => {
            return Err(AppError::invalid_field(
                "/file_id",
                t!(
                    "Nội dung tệp đã hỏng trong kho lưu trữ; hãy tải lên lại.",
                    "The file's content is damaged in the store; upload it again."
                ),
            ))
        }
    };
    let fields = web::block(move || {
        let known: Vec<&str> = FIELDS.iter().map(|(name, _)| *name).collect();
        template::check(&bytes, &known)
    })
    .await
    .map_err(AppError::internal)?
    .map_err(refused)?;
    let who = ctx.who();
    let row = state
        .db
        .write(move |conn| {
            service::add_template(
                conn,
                &who,
                b.kind,
                b.award_type_id.clone(),
                &file.id,
                &fields,
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(answer(row)))
}

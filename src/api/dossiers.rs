//! `/api/v1/nominations/{id}/dossier`: a nomination's dossier — its award type's checklist (the
//! version in force on the day of receipt), what is missing, and the items, each a file (or a
//! link carried over from before files).

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::award_types::DossierItem;
use super::{utc, Body, Check, Ctx};
use crate::domain::access::Caller;
use crate::error::AppResult;
use crate::service::dossiers::{self as service, Entry, NewItem};
use crate::store::dossiers::ItemRow;
use crate::AppState;

/// One document of the award type's checklist, and how many items of the dossier hold it.
#[derive(Serialize, ToSchema)]
pub struct ChecklistEntry {
    #[schema(max_length = 50)]
    pub code: String,
    #[schema(max_length = 300)]
    pub name: String,
    /// Whether the dossier must hold it to be submitted.
    pub required: bool,
    #[schema(maximum = 50)]
    pub present: i64,
}

/// An item of a nomination's dossier: a file, or a link carried over from before files.
#[derive(Serialize, ToSchema)]
pub struct NominationDossierItem {
    #[schema(max_length = 36)]
    pub id: String,
    /// A code of the checklist, or `khac` (another document).
    #[schema(max_length = 50)]
    pub item_code: String,
    /// The file (`/api/v1/files/{id}`); `null` for a carried-over link.
    #[schema(max_length = 36)]
    pub file_id: Option<String>,
    /// The link of an item carried over from the nomination's former attachments.
    #[schema(max_length = 500)]
    pub url: Option<String>,
    #[schema(max_length = 255)]
    pub name: String,
    #[schema(max_length = 100)]
    pub media_type: Option<String>,
    #[schema(minimum = 1, maximum = 1073741824_i64)]
    pub size: Option<i64>,
    /// Computed by the service for a file; as the unit claimed it for a carried-over link.
    #[schema(max_length = 64)]
    pub sha256: Option<String>,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    #[schema(max_length = 20)]
    pub added_by_type: Option<String>,
    #[schema(max_length = 36)]
    pub added_by_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A nomination's dossier.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({
    "nomination_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7a01", "checklist_on": "2026-03-02", "received": false,
    "award_type_version_id": "0193a1b2-0000-7000-8000-0000002b0012",
    "legal_basis": "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP",
    "complete": false, "missing": [{"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true}],
    "checklist": [
        {"code": "to-trinh", "name": "Tờ trình đề nghị khen thưởng", "required": true, "present": 1},
        {"code": "bao-cao-thanh-tich", "name": "Báo cáo thành tích", "required": true, "present": 0}
    ],
    "items": [
        {"id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f9e01", "item_code": "to-trinh", "file_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f9f01",
         "url": null, "name": "To trinh 12-TTr.pdf", "media_type": "application/pdf", "size": 48211,
         "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "note": null,
         "added_by_type": "user", "added_by_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f7b01", "created_at": "2026-03-02T08:00:00Z"}
    ]
}))]
pub struct NominationDossier {
    #[schema(max_length = 36)]
    pub nomination_id: String,
    /// The day whose checklist applies: the day the dossier was received, else today.
    pub checklist_on: NaiveDate,
    /// Whether `checklist_on` is the day the dossier was received.
    pub received: bool,
    /// The award type's version in force that day, whose `dossier_items` are the checklist;
    /// `null` when none is (then nothing is required).
    #[schema(max_length = 36)]
    pub award_type_version_id: Option<String>,
    #[schema(max_length = 1000)]
    pub legal_basis: Option<String>,
    /// Every required document has an item.
    pub complete: bool,
    /// The required documents with no item.
    #[schema(max_items = 50)]
    pub missing: Vec<DossierItem>,
    #[schema(max_items = 50)]
    pub checklist: Vec<ChecklistEntry>,
    #[schema(max_items = 50)]
    pub items: Vec<NominationDossierItem>,
}

/// A file added to a dossier.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"item_code": "bao-cao-thanh-tich", "file_id": "0193a1b2-7c3d-7e4f-8a9b-0c1d2e3f9f01"}))]
pub struct NominationDossierItemCreate {
    /// A code of the award type's checklist (`GET …/dossier`), or `khac` (another document).
    #[schema(min_length = 1, max_length = 50)]
    pub item_code: String,
    /// A file the caller may read (`POST /api/v1/files`).
    #[schema(max_length = 36)]
    pub file_id: String,
    #[schema(max_length = 2000)]
    pub note: Option<String>,
}

fn entry(e: Entry) -> ChecklistEntry {
    ChecklistEntry {
        code: e.item.code,
        name: e.item.name,
        required: e.item.required,
        present: i64::try_from(e.present).unwrap_or(i64::MAX),
    }
}

fn item(r: ItemRow) -> NominationDossierItem {
    NominationDossierItem {
        id: r.id,
        item_code: r.item_code,
        file_id: r.file_id,
        url: r.url,
        name: r.name,
        media_type: r.media_type,
        size: r.size,
        sha256: r.sha256,
        note: r.note,
        added_by_type: r.added_by_type,
        added_by_id: r.added_by_id,
        created_at: utc(r.created_at),
    }
}

fn dossier(d: service::Dossier) -> NominationDossier {
    let missing: Vec<DossierItem> = d
        .missing()
        .into_iter()
        .map(|i| DossierItem {
            code: i.code.clone(),
            name: i.name.clone(),
            required: i.required,
        })
        .collect();
    NominationDossier {
        nomination_id: d.nomination_id,
        checklist_on: d.checklist_on,
        received: d.received,
        award_type_version_id: d.version.as_ref().map(|v| v.id.clone()),
        legal_basis: d.version.map(|v| v.legal_basis),
        complete: missing.is_empty(),
        missing,
        checklist: d.checklist.into_iter().map(entry).collect(),
        items: d.items.into_iter().map(item).collect(),
    }
}

/// A nomination's dossier: checklist, what is missing, items.
#[utoipa::path(
    tag = "nominations", params(("id" = String, Path, description = "Mã định danh của hồ sơ", max_length = 36)),
    responses((status = 200, description = "Thành phần hồ sơ", body = NominationDossier)),
    security(("bearer" = []))
)]
#[get("/{id}/dossier")]
pub async fn read(
    caller: Caller,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let d = state
        .db
        .read(move |conn| service::view(conn, &caller, &id))
        .await?;
    Ok(HttpResponse::Ok().json(dossier(d)))
}

/// Adds a file to the dossier.
#[utoipa::path(
    tag = "nominations", request_body = NominationDossierItemCreate,
    params(("id" = String, Path, description = "Mã định danh của hồ sơ", max_length = 36)),
    responses((status = 201, description = "Đã thêm thành phần", body = NominationDossierItem,
        headers(("Location" = String, description = "Địa chỉ hồ sơ")))),
    security(("bearer" = []))
)]
#[post("/{id}/dossier/items")]
pub async fn add(
    ctx: Ctx,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: Body<NominationDossierItemCreate>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let mut c = Check::new();
    let note = c.optional("/note", b.note.as_deref(), 2000);
    let code = c.name("/item_code", &b.item_code, 50);
    c.finish()?;
    let new = NewItem {
        code,
        file_id: b.file_id,
        note,
    };
    let (id, who, caller) = (id.into_inner(), ctx.who(), ctx.caller);
    let location = format!("/api/v1/nominations/{id}/dossier");
    let row = state
        .db
        .write(move |conn| service::add(conn, &caller, &who, &id, &new))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, location))
        .json(item(row)))
}

/// Takes an item out of the dossier.
#[utoipa::path(
    tag = "nominations",
    params(
        ("id" = String, Path, description = "Mã định danh của hồ sơ", max_length = 36),
        ("item_id" = String, Path, description = "Mã định danh của thành phần", max_length = 36)
    ),
    responses((status = 204, description = "Đã bỏ thành phần")),
    security(("bearer" = []))
)]
#[delete("/{id}/dossier/items/{item_id}")]
pub async fn remove(
    ctx: Ctx,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (id, item_id) = path.into_inner();
    let (who, caller) = (ctx.who(), ctx.caller);
    state
        .db
        .write(move |conn| service::remove(conn, &caller, &who, &id, &item_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

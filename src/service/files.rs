//! Uploaded files as resources: each owned by the uploader's unit, readable by that unit, the
//! registrars, and whoever may read a nomination whose dossier lists it. The bytes are in the
//! file store (`crate::blobs`), once per content; the handler keeps them there before the row is
//! written here.

use super::nominations::ensure_readable as nomination_readable;
use super::{new_id, now, DbConn, Who};
use crate::domain::access::{doors, Caller};
use crate::domain::files::FileType;
use crate::error::{AppError, AppResult, Code};
pub use crate::store::files::FileRow;
use crate::store::{audit, council, decisions, files as store};
use crate::t;

/// A file received and kept: what the service found in it.
#[derive(Clone)]
pub struct Upload {
    pub name: String,
    pub file_type: FileType,
    pub size: i64,
    pub sha256: String,
}

impl Upload {
    /// Bytes the service drew up itself (a paper), to keep under this name.
    pub fn of(name: String, file_type: FileType, bytes: &[u8]) -> AppResult<Upload> {
        Ok(Upload {
            name,
            file_type,
            size: i64::try_from(bytes.len()).map_err(AppError::internal)?,
            sha256: crate::blobs::sha256_hex(bytes),
        })
    }
}

/// Records an upload as a file of the caller's unit (none for the province's own accounts).
/// Bytes kept afresh heal a damaged copy: the files that share them are sound again.
pub fn record(conn: &mut DbConn, caller: &Caller, who: &Who, u: &Upload) -> AppResult<FileRow> {
    doors::FILES_WRITE.admits(caller)?;
    keep(conn, who, caller.unit.clone(), u)
}

/// Records bytes already kept in the file store as a file of `owner_unit_id` (none: the
/// province's): an upload, or a paper the service drafted.
pub fn keep(
    conn: &mut DbConn,
    who: &Who,
    owner_unit_id: Option<String>,
    u: &Upload,
) -> AppResult<FileRow> {
    let row = FileRow {
        id: new_id(),
        owner_unit_id,
        name: u.name.clone(),
        file_type: u.file_type,
        size: u.size,
        sha256: u.sha256.clone(),
        uploaded_by_type: who.actor_type.clone(),
        uploaded_by_id: who.actor_id.clone(),
        damaged_at: None,
        created_at: now(),
    };
    store::set_damaged(conn, &row.sha256, None)?;
    store::insert(conn, &row)?;
    let after = serde_json::to_value(&row).unwrap_or_default();
    audit::record(conn, who, "create", "file", &row.id, None, Some(&after))?;
    Ok(row)
}

/// The file, if the caller may read it: its unit's people and software, the registrars,
/// whoever may read a nomination whose dossier lists it, and, for a council session's minutes
/// and a decision's papers, whoever may read the session or the decision.
pub fn readable(conn: &mut DbConn, caller: &Caller, id: &str) -> AppResult<FileRow> {
    doors::FILES_READ.admits(caller)?;
    let row = store::get(conn, id)?.ok_or_else(|| AppError::not_found("tệp (file)"))?;
    let own = match &row.owner_unit_id {
        Some(unit) => doors::FILES_READ.for_unit(caller, unit).is_ok(),
        None => caller.is_registrar(),
    };
    if own
        || (doors::COUNCIL.admits(caller).is_ok()
            && (council::is_minutes(conn, &row.id)? || decisions::is_paper(conn, &row.id)?))
        || store::attached_to(conn, &row.id)?
            .iter()
            .any(|n| nomination_readable(caller, n).is_ok())
    {
        return Ok(row);
    }
    Err(AppError::forbidden(t!(
        "Bạn không có quyền đọc tệp này: tệp của đơn vị khác và không thuộc hồ sơ đề nghị nào bạn được xem.",
        "You may not read this file: it belongs to another unit and to no nomination you may read."
    ))
    .with_code(Code::OtherUnit))
}

/// Records that the bytes of `row` no longer match its hash (every file sharing them), in the
/// audit log and on the rows, which then show `damaged_at`.
pub fn report_damage(conn: &mut DbConn, who: &Who, row: &FileRow) -> AppResult<()> {
    store::set_damaged(conn, &row.sha256, Some(now()))?;
    let what = serde_json::json!({"sha256": row.sha256});
    audit::record(
        conn,
        who,
        "damage_found",
        "file",
        &row.id,
        None,
        Some(&what),
    )
}

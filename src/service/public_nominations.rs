//! What the public sees of nominations: those open for comment, the honours granted, and the
//! comments the public sends. Only nominees the public may see.

use crate::error::Code;
use std::collections::HashMap;

use super::{new_id, now, DbConn, Who};
use crate::domain::nominations::NominationState;
use crate::domain::page as paging;
use crate::error::{AppError, AppResult};
use crate::store::models::ModelRow;
use crate::store::movements::MovementRow;
use crate::store::nominations::{self as store, CommentRow, NominationRow};
use crate::store::{audit, models, movements, units};
use crate::t;

/// A nomination with its public parts: the nominee, the nominee's unit `(id, name)`, the
/// movement and the name of the form.
pub struct PublicEntry {
    pub row: NominationRow,
    pub nominee: ModelRow,
    pub unit: Option<(String, String)>,
    pub movement: MovementRow,
    pub form: String,
    /// The issued decision that granted it, if it came from one.
    pub decision_id: Option<String>,
}

/// A comment from the public, its texts checked.
#[derive(Clone)]
pub struct NewComment {
    pub name: Option<String>,
    pub contact: Option<String>,
    pub text: String,
}

/// The public parts of rows, in the rows' order.
fn entries(conn: &mut DbConn, rows: Vec<NominationRow>) -> AppResult<Vec<PublicEntry>> {
    let forms: HashMap<String, String> = store::forms(conn)?
        .into_iter()
        .map(|f| (f.id, f.name))
        .collect();
    rows.into_iter()
        .map(|row| {
            // Only nominations of a public model are public (the query joins it).
            let model = row.model_id.as_deref().unwrap_or_default();
            let nominee = models::get_any(conn, model)?
                .ok_or_else(|| AppError::internal("nominee missing"))?;
            let unit = units::names(conn, std::slice::from_ref(&nominee.managing_unit_id))?
                .into_iter()
                .next()
                .map(|(id, _, name)| (id, name));
            let movement = movements::get(conn, &row.movement_id)?
                .ok_or_else(|| AppError::internal("movement missing"))?;
            let form = forms.get(&row.form_id).cloned().unwrap_or_default();
            let decision_id = match row.state {
                NominationState::Approved => crate::store::decisions::decision_of(conn, &row.id)?,
                _ => None,
            };
            Ok(PublicEntry {
                decision_id,
                row,
                nominee,
                unit,
                movement,
                form,
            })
        })
        .collect()
}

/// A page of the public nominations in state `wanted` (of a year and a movement, if given),
/// newest first, after the cursor `after`, and the next cursor.
pub fn in_state(
    conn: &mut DbConn,
    wanted: NominationState,
    year: Option<i32>,
    movement: Option<&str>,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<PublicEntry>, Option<String>)> {
    let rows = store::public_in_state(conn, wanted, year, movement, after, limit)?;
    let (rows, next) = paging::split(rows, limit, |r| r.id.clone());
    Ok((entries(conn, rows)?, next))
}

/// Honour changes after a position of their log.
pub struct HonourChanges {
    /// The nominations changed, each once, oldest change first.
    pub ids: Vec<String>,
    /// Those still public honours (approved, of a public model), as the public sees them.
    pub entries: Vec<PublicEntry>,
    pub position: i64,
    pub has_more: bool,
    pub last: Option<chrono::NaiveDateTime>,
}

/// At most `limit` honour changes after `since`: the honours granted, changed or revoked.
pub fn honour_changes(conn: &mut DbConn, since: i64, limit: i64) -> AppResult<HonourChanges> {
    let last = audit::last_change(conn)?;
    let super::public::LogPage {
        ids,
        position,
        has_more,
    } = super::public::log_page(
        crate::store::decisions::honour_changes_after(conn, since, limit + 1)?,
        since,
        limit,
    );
    let mut visible = Vec::new();
    for id in &ids {
        let Some(n) = store::get(conn, id)? else {
            continue;
        };
        let public = n.state == NominationState::Approved
            && models::get(conn, n.model_id.as_deref().unwrap_or_default())?
                .is_some_and(|m| m.is_public());
        if public {
            visible.push(n);
        }
    }
    Ok(HonourChanges {
        entries: entries(conn, visible)?,
        ids,
        position,
        has_more,
        last,
    })
}

/// Takes a comment from the public on a nomination open for comment (404 otherwise), until the
/// end of its closing day (409 `comment_closed` after).
pub fn comment(conn: &mut DbConn, nomination_id: &str, c: &NewComment) -> AppResult<CommentRow> {
    let n = store::get(conn, nomination_id)?
        .filter(|n| n.state == NominationState::PublicComment)
        .filter(|n| {
            // A nominee taken off the public list takes its comment form with it.
            models::get(conn, n.model_id.as_deref().unwrap_or_default())
                .ok()
                .flatten()
                .is_some_and(|m| m.is_public())
        })
        .ok_or_else(|| {
            AppError::not_found("hồ sơ đang lấy ý kiến (nomination open for comment)")
        })?;
    let closes = n.comment_closes_on.unwrap_or_default();
    if crate::domain::today() > closes {
        return Err(AppError::conflict(
            Code::CommentClosed,
            t!(
                "Thời hạn lấy ý kiến đã kết thúc ngày {}.",
                "Comments closed at the end of {}.",
                closes
            ),
        ));
    }
    let row = CommentRow {
        id: new_id(),
        nomination_id: n.id.clone(),
        author_name: c.name.clone(),
        contact: c.contact.clone(),
        body: c.text.clone(),
        created_at: now(),
    };
    store::insert_comment(conn, &row)?;
    audit::record(
        conn,
        &Who::system("public"),
        "comment",
        "nomination",
        &n.id,
        None,
        Some(&serde_json::json!({"comment_id": row.id})),
    )?;
    Ok(row)
}

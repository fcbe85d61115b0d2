//! What the provincial e-portal reads, with no login: the public exemplary models with what
//! their public form shows, the changes after a position in the public change log, and the
//! movements. Each read also gives the last recorded change, the answer's `Last-Modified`.

use chrono::NaiveDateTime;

use super::DbConn;
use crate::domain::page as paging;
use crate::error::{AppError, AppResult};
use crate::service::movements::Movement;
use crate::store::models as store;
pub use crate::store::models::{Filter, ModelRow};
pub use crate::store::movements::{Filter as MovementFilter, MovementRow};
pub use crate::store::nominations::{FormRow, NominationRow};
pub use crate::store::publicity::ItemRow;
use crate::store::{audit, changes, movements, nominations, publicity, units};

/// Public model rows with what their public form shows besides the row, read at once.
pub struct Shown {
    pub rows: Vec<ModelRow>,
    /// (model id, movement id, code, current name), by model then movement name.
    pub movements: Vec<(String, String, String, String)>,
    /// (model id, item) for the items about each model, newest first.
    pub publicity: Vec<(String, ItemRow)>,
    /// The approved nominations of the models: their honours, newest decision first.
    pub honours: Vec<NominationRow>,
    /// Every commendation form, for the honours' names.
    pub forms: Vec<FormRow>,
    /// (unit id, code, name) of the managing units.
    pub units: Vec<(String, String, String)>,
}

/// A page of public models, in Vietnamese alphabetical order.
pub struct ModelsPage {
    /// The head of the change log, read before the models: what commits after it follows it.
    pub head: i64,
    pub last: Option<NaiveDateTime>,
    pub shown: Shown,
    pub next: Option<String>,
}

/// One public model (`shown` holds exactly one row).
pub struct ModelDetail {
    /// The head of the change log, read before the model.
    pub head: i64,
    pub last: Option<NaiveDateTime>,
    pub shown: Shown,
}

/// The changes after a position in the change log.
pub struct ChangesPage {
    pub last: Option<NaiveDateTime>,
    /// The models changed, each once, in the order of their last change.
    pub ids: Vec<String>,
    /// Those of them the public may see now; the others left the public list.
    pub shown: Shown,
    /// The position after the changes returned.
    pub position: i64,
    /// More changes wait after `position`.
    pub has_more: bool,
}

/// Loads what the public form of `rows` shows besides the rows.
fn show(conn: &mut DbConn, rows: Vec<ModelRow>) -> AppResult<Shown> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let movements = store::movements_of(conn, &ids)?;
    let publicity = publicity::for_models(conn, &ids)?;
    let honours = nominations::honours_of(conn, &ids)?;
    let forms = nominations::forms(conn)?;
    let unit_ids: Vec<String> = rows.iter().map(|r| r.managing_unit_id.clone()).collect();
    let units = units::names(conn, &unit_ids)?;
    Ok(Shown {
        rows,
        movements,
        publicity,
        honours,
        forms,
        units,
    })
}

/// A page of the public models (`filter` asks for public ones only).
pub fn models(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<ModelsPage> {
    // The head first: whatever commits after it is in the change log after it.
    let head = changes::head(conn)?;
    let last = audit::last_change(conn)?;
    let rows = store::list(conn, filter, after, limit)?;
    let (rows, next) = paging::split(rows, limit, |r| (r.name_key.clone(), r.id.clone()));
    Ok(ModelsPage {
        head,
        last,
        shown: show(conn, rows)?,
        next,
    })
}

/// One model, if the public may see it.
pub fn model(conn: &mut DbConn, id: &str) -> AppResult<ModelDetail> {
    let head = changes::head(conn)?;
    let last = audit::last_change(conn)?;
    let row = store::get(conn, id)?
        .filter(ModelRow::is_public)
        .ok_or_else(|| AppError::not_found("điển hình tiên tiến (exemplary model)"))?;
    Ok(ModelDetail {
        head,
        last,
        shown: show(conn, vec![row])?,
    })
}

/// A page of a public change log: what changed, each once, at its latest change; where the
/// page ends; and whether more wait.
pub(crate) struct LogPage {
    pub ids: Vec<String>,
    pub position: i64,
    pub has_more: bool,
}

/// The page of `limit` entries out of `rows` (read with one more, to know whether more wait)
/// after `since`.
pub(crate) fn log_page(rows: Vec<(i64, String)>, since: i64, limit: i64) -> LogPage {
    let limit = usize::try_from(limit).unwrap_or(0);
    let has_more = rows.len() > limit;
    let rows: Vec<(i64, String)> = rows.into_iter().take(limit).collect();
    let position = rows.last().map_or(since, |(seq, _)| *seq);
    // Changed twice in the page, it appears once, in its current form, at its latest change.
    let mut ids: Vec<String> = Vec::new();
    for (_, id) in rows.into_iter().rev() {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids.reverse();
    LogPage {
        ids,
        position,
        has_more,
    }
}

/// At most `limit` changes after position `since`: the models changed, each once.
pub fn changes_after(conn: &mut DbConn, since: i64, limit: i64) -> AppResult<ChangesPage> {
    let last = audit::last_change(conn)?;
    let LogPage {
        ids,
        position,
        has_more,
    } = log_page(changes::after(conn, since, limit + 1)?, since, limit);
    let visible: Vec<ModelRow> = ids
        .iter()
        .map(|id| store::get(conn, id))
        .collect::<AppResult<Vec<_>>>()?
        .into_iter()
        .flatten()
        .filter(ModelRow::is_public)
        .collect();
    Ok(ChangesPage {
        last,
        ids,
        shown: show(conn, visible)?,
        position,
        has_more,
    })
}

/// The `n` public models changed last, newest first, and the last recorded change.
pub fn newest(conn: &mut DbConn, n: i64) -> AppResult<(Shown, Option<NaiveDateTime>)> {
    let last = audit::last_change(conn)?;
    let rows = store::newest_public(conn, n)?;
    Ok((show(conn, rows)?, last))
}

/// A page of movement rows, in Vietnamese alphabetical order, the cursor of the next, and the
/// last recorded change.
pub fn movements(
    conn: &mut DbConn,
    filter: &MovementFilter,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<(Vec<Movement>, Option<String>, Option<NaiveDateTime>)> {
    let last = audit::last_change(conn)?;
    let rows = movements::list(conn, filter, after, limit)?;
    let (rows, next) = paging::split(rows, limit, |r| (r.name_key.clone(), r.id.clone()));
    Ok((crate::service::movements::assemble(conn, rows)?, next, last))
}

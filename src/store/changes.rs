//! The public change log behind the e-portal's incremental sync. Every write that may change a
//! model's public page records the model here, in the write's own transaction.

use diesel::prelude::*;

use super::schema::{
    exemplary_models, model_movements, nominations, public_changes, publicity_links,
};
use super::{lock_key, now, DbConn};
use crate::domain::nominations::NominationState;
use crate::error::AppResult;

/// Records that the public pages of `model_ids` may have changed. The sequence is taken under
/// a lock held until commit (PostgreSQL; SQLite has one writer), so sequence numbers become
/// visible in order: a reader that has seen `n` will see every later change after `n`.
pub fn touch(conn: &mut DbConn, model_ids: &[String]) -> AppResult<()> {
    if super::deferred::keep_touched(model_ids) {
        return Ok(());
    }
    touch_now(conn, model_ids)
}

/// [`touch`], now: on PostgreSQL a thousand entries to a statement.
pub(super) fn touch_now(conn: &mut DbConn, model_ids: &[String]) -> AppResult<()> {
    if model_ids.is_empty() {
        return Ok(());
    }
    lock_key(conn, "public_changes")?;
    let last: Option<i64> = public_changes::table
        .select(diesel::dsl::max(public_changes::seq))
        .first(conn)?;
    let mut seq = last.unwrap_or(0);
    let at = now();
    let mut seen = std::collections::HashSet::new();
    let mut rows = Vec::with_capacity(model_ids.len());
    for id in model_ids.iter().filter(|id| seen.insert(*id)) {
        seq += 1;
        rows.push((
            public_changes::seq.eq(seq),
            public_changes::model_id.eq(id),
            public_changes::changed_at.eq(at),
        ));
    }
    match conn {
        DbConn::Postgres(c) => {
            for chunk in rows.chunks(1000) {
                diesel::insert_into(public_changes::table)
                    .values(chunk)
                    .execute(c)?;
            }
        }
        DbConn::Sqlite(c) => {
            for row in rows {
                diesel::insert_into(public_changes::table)
                    .values(row)
                    .execute(c)?;
            }
        }
    }
    // A model's honours are public with it: they change when its page does.
    for chunk in model_ids.chunks(500) {
        let honours: Vec<String> = nominations::table
            .filter(nominations::model_id.eq_any(chunk))
            .filter(nominations::state.eq(NominationState::Approved))
            .select(nominations::id)
            .load(conn)?;
        super::decisions::touch_honours(conn, &honours)?;
    }
    Ok(())
}

/// The models of a movement (a rename changes their pages).
pub fn models_of_movement(conn: &mut DbConn, movement_id: &str) -> AppResult<Vec<String>> {
    Ok(model_movements::table
        .filter(model_movements::movement_id.eq(movement_id))
        .select(model_movements::model_id)
        .load(conn)?)
}

/// The models managed by a unit (its name is on their pages).
pub fn models_of_unit(conn: &mut DbConn, unit_id: &str) -> AppResult<Vec<String>> {
    Ok(exemplary_models::table
        .filter(exemplary_models::managing_unit_id.eq(unit_id))
        .select(exemplary_models::id)
        .load(conn)?)
}

/// The models a publicity item links.
pub fn models_of_item(conn: &mut DbConn, item_id: &str) -> AppResult<Vec<String>> {
    let ids: Vec<Option<String>> = publicity_links::table
        .filter(publicity_links::item_id.eq(item_id))
        .select(publicity_links::model_id)
        .load(conn)?;
    Ok(ids.into_iter().flatten().collect())
}

/// The newest sequence number; the sync token of an answer is taken before its data is read.
pub fn head(conn: &mut DbConn) -> AppResult<i64> {
    let last: Option<i64> = public_changes::table
        .select(diesel::dsl::max(public_changes::seq))
        .first(conn)?;
    Ok(last.unwrap_or(0))
}

/// Changes after `since`, oldest first: (seq, model id).
pub fn after(conn: &mut DbConn, since: i64, limit: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(public_changes::table
        .filter(public_changes::seq.gt(since))
        .order(public_changes::seq.asc())
        .limit(limit)
        .select((public_changes::seq, public_changes::model_id))
        .load(conn)?)
}

//! Exemplary models (điển hình tiên tiến) and the movements they belong to.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::schema::{exemplary_models, model_movements, movements};
use super::DbConn;
use crate::domain::models::{is_public, Category, ModelKind, Stage};
use crate::error::AppResult;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Serialize, Clone, Debug)]
#[diesel(table_name = exemplary_models, treat_none_as_null = true)]
pub struct ModelRow {
    pub id: String,
    pub kind: ModelKind,
    pub name: String,
    #[serde(skip)]
    pub name_key: String,
    #[serde(skip)]
    pub search_text: String,
    pub managing_unit_id: String,
    pub category: Category,
    pub summary: String,
    pub achievements: String,
    pub stage: Stage,
    pub discovered_on: NaiveDate,
    pub nurtured_on: Option<NaiveDate>,
    pub replicated_on: Option<NaiveDate>,
    pub published: bool,
    pub consent_at: Option<NaiveDateTime>,
    pub active: bool,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The individual or collective the model is (its personal data is the awardee's).
    pub awardee_id: Option<String>,
}

impl ModelRow {
    /// Whether the public may see it: active, published, and an individual only with consent.
    pub fn is_public(&self) -> bool {
        self.active && is_public(self.published, self.kind, self.consent_at.is_some())
    }
}

#[derive(Default, Debug)]
pub struct Filter {
    pub terms: Vec<String>,
    pub movement_id: Option<String>,
    pub unit_id: Option<String>,
    pub kind: Option<ModelKind>,
    pub category: Option<Category>,
    pub stage: Option<Stage>,
    pub published: Option<bool>,
    pub year: Option<i32>,
    /// Only what the public may see: published, and an individual only with consent.
    pub public_only: bool,
}

/// A model even after it was deleted (nominations keep pointing at it).
pub fn get_any(conn: &mut DbConn, id: &str) -> AppResult<Option<ModelRow>> {
    Ok(exemplary_models::table
        .find(id)
        .select(ModelRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<Option<ModelRow>> {
    Ok(exemplary_models::table
        .find(id)
        .filter(exemplary_models::active.eq(true))
        .select(ModelRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every active model's id, managing unit, kind and name key (an import finds a model it
/// would add twice in memory).
pub fn keys(conn: &mut DbConn) -> AppResult<Vec<(String, String, ModelKind, String)>> {
    Ok(exemplary_models::table
        .filter(exemplary_models::active.eq(true))
        .select((
            exemplary_models::id,
            exemplary_models::managing_unit_id,
            exemplary_models::kind,
            exemplary_models::name_key,
        ))
        .load(conn)?)
}

/// Models in Vietnamese alphabetical order; `after` is the last (name_key, id) seen.
pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    after: Option<(String, String)>,
    limit: i64,
) -> AppResult<Vec<ModelRow>> {
    let mut q = exemplary_models::table
        .filter(exemplary_models::active.eq(true))
        .select(ModelRow::as_select())
        .into_boxed();
    for term in &f.terms {
        q = q.filter(exemplary_models::search_text.like(format!("%{term}%")));
    }
    if let Some(m) = &f.movement_id {
        let ids = model_movements::table
            .filter(model_movements::movement_id.eq(m.clone()))
            .select(model_movements::model_id);
        q = q.filter(exemplary_models::id.eq_any(ids));
    }
    if let Some(v) = &f.unit_id {
        q = q.filter(exemplary_models::managing_unit_id.eq(v.clone()));
    }
    if let Some(v) = f.kind {
        q = q.filter(exemplary_models::kind.eq(v));
    }
    if let Some(v) = f.category {
        q = q.filter(exemplary_models::category.eq(v));
    }
    if let Some(v) = f.stage {
        q = q.filter(exemplary_models::stage.eq(v));
    }
    if let Some(v) = f.published {
        q = q.filter(exemplary_models::published.eq(v));
    }
    if f.public_only {
        q = q.filter(exemplary_models::published.eq(true)).filter(
            exemplary_models::kind
                .eq(ModelKind::Collective)
                .or(exemplary_models::consent_at.is_not_null()),
        );
    }
    if let Some(year) = f.year {
        if let Some((from, to)) = crate::domain::register::year_span(year) {
            q = q.filter(exemplary_models::discovered_on.between(from, to));
        }
    }
    if let Some((key, id)) = after {
        q = q.filter(
            exemplary_models::name_key
                .gt(key.clone())
                .or(exemplary_models::name_key
                    .eq(key)
                    .and(exemplary_models::id.gt(id))),
        );
    }
    Ok(
        q.order((exemplary_models::name_key.asc(), exemplary_models::id.asc()))
            .limit(limit + 1)
            .load(conn)?,
    )
}

pub fn insert(conn: &mut DbConn, row: &ModelRow) -> AppResult<()> {
    diesel::insert_into(exemplary_models::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, row: &ModelRow, expected: i64) -> AppResult<bool> {
    let n = diesel::update(
        exemplary_models::table
            .filter(exemplary_models::id.eq(&row.id))
            .filter(exemplary_models::version.eq(expected)),
    )
    .set(row)
    .execute(conn)?;
    Ok(n == 1)
}

/// (model id, movement id, movement code, movement name) for the given models.
pub fn movements_of(
    conn: &mut DbConn,
    model_ids: &[String],
) -> AppResult<Vec<(String, String, String, String)>> {
    Ok(model_movements::table
        .inner_join(movements::table)
        .filter(model_movements::model_id.eq_any(model_ids))
        .order((model_movements::model_id, movements::name_key))
        .select((
            model_movements::model_id,
            movements::id,
            movements::code,
            movements::name,
        ))
        .load(conn)?)
}

pub fn set_movements(conn: &mut DbConn, model_id: &str, movement_ids: &[String]) -> AppResult<()> {
    diesel::delete(model_movements::table.filter(model_movements::model_id.eq(model_id)))
        .execute(conn)?;
    add_movements(conn, model_id, movement_ids)
}

/// Links a new model to its movements.
pub fn add_movements(conn: &mut DbConn, model_id: &str, movement_ids: &[String]) -> AppResult<()> {
    for m in movement_ids {
        diesel::insert_into(model_movements::table)
            .values((
                model_movements::model_id.eq(model_id),
                model_movements::movement_id.eq(m),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Of the given movement ids, those that name no movement.
pub fn missing_movements(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<String>> {
    let found: Vec<String> = movements::table
        .filter(movements::id.eq_any(ids))
        .select(movements::id)
        .load(conn)?;
    Ok(ids
        .iter()
        .filter(|id| !found.contains(id))
        .cloned()
        .collect())
}

/// The most recently changed public models (published; an individual only with consent).
pub fn newest_public(conn: &mut DbConn, limit: i64) -> AppResult<Vec<ModelRow>> {
    Ok(exemplary_models::table
        .filter(exemplary_models::active.eq(true))
        .filter(exemplary_models::published.eq(true))
        .filter(
            exemplary_models::kind
                .eq(ModelKind::Collective)
                .or(exemplary_models::consent_at.is_not_null()),
        )
        .order((
            exemplary_models::updated_at.desc(),
            exemplary_models::id.desc(),
        ))
        .limit(limit)
        .select(ModelRow::as_select())
        .load(conn)?)
}

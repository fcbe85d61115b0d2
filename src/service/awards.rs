//! The award register: every title or form granted to an awardee. An approved nomination
//! writes its award in the approval's transaction and a revocation marks it revoked; past
//! honours are recorded by the coordinator (or imported). One achievement is rewarded once:
//! the same award for an overlapping period of the same awardee is refused.

use chrono::NaiveDate;
use serde_json::Value;

use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::awardees::AwardStream;
use crate::domain::page as paging;
use crate::error::{unknown_reference, AppError, AppResult, Code, Ext};
use crate::store::award_types::{self, AwardTypeRow};
use crate::store::awardees::{self, AwardeeRow};
use crate::store::awards as store;
pub use crate::store::awards::{AwardRow, Filter};
use crate::store::nominations::NominationRow;
use crate::store::{audit, documents};
use crate::t;

use super::decisions::CHAIRMAN;

/// Award rows with the awardees and types their answers name, read at once.
pub struct Shown {
    pub rows: Vec<AwardRow>,
    pub awardees: Vec<AwardeeRow>,
    pub types: Vec<AwardTypeRow>,
    /// The issued PDF of each decision the rows name, by decision.
    pub decision_papers: std::collections::HashMap<String, String>,
}

/// A past honour to record, its fields checked.
#[derive(Clone)]
pub struct NewAward {
    pub awardee_id: String,
    pub award_type_id: String,
    pub period_from: i32,
    pub period_to: i32,
    pub decision_number: String,
    pub decision_date: NaiveDate,
    /// Absent: the deciding authority of the type's version in force on the decision date.
    pub issuing_authority: Option<String>,
    /// Absent: the type's.
    pub stream: Option<AwardStream>,
    pub note: Option<String>,
    /// The initiative it rested on, one of the awardee's.
    pub initiative_id: Option<String>,
}

/// A revocation, its fields checked.
#[derive(Clone)]
pub struct Revocation {
    pub document_id: String,
    pub reason: String,
    pub on: NaiveDate,
}

impl Record for AwardRow {
    const ENTITY: &'static str = "award";

    row_versioning!();

    fn snapshot(&self, _: &mut DbConn) -> AppResult<Value> {
        Ok(serde_json::to_value(self).unwrap_or_default())
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update(conn, row, expected)
    }
}

fn show(conn: &mut DbConn, rows: Vec<AwardRow>) -> AppResult<Shown> {
    let mut awardee_ids: Vec<String> = rows.iter().map(|r| r.awardee_id.clone()).collect();
    awardee_ids.sort();
    awardee_ids.dedup();
    let awardees = awardees::many(conn, &awardee_ids)?;
    let mut types = Vec::new();
    for r in &rows {
        if !types.iter().any(|t: &AwardTypeRow| t.id == r.award_type_id) {
            types.extend(award_types::get(conn, &r.award_type_id)?);
        }
    }
    let mut decision_papers = std::collections::HashMap::new();
    for id in rows.iter().filter_map(|r| r.decision_id.as_ref()) {
        if !decision_papers.contains_key(id) {
            if let Some(pdf) = crate::store::decisions::get(conn, id)?.and_then(|d| d.issued_pdf_id)
            {
                decision_papers.insert(id.clone(), pdf);
            }
        }
    }
    Ok(Shown {
        rows,
        awardees,
        types,
        decision_papers,
    })
}

fn load(conn: &mut DbConn, id: &str) -> AppResult<AwardRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("khen thưởng (award)"))
}

/// A page of awards, the latest period first, and the cursor of the next.
pub fn list(
    conn: &mut DbConn,
    filter: &Filter,
    after: Option<(i32, String)>,
    limit: i64,
) -> AppResult<(Shown, Option<String>)> {
    let rows = store::list(conn, filter, after, Some(limit))?;
    let (rows, next) = paging::split(rows, limit, |r| (r.period_from, r.id.clone()));
    Ok((show(conn, rows)?, next))
}

/// One award.
pub fn read(conn: &mut DbConn, id: &str) -> AppResult<Shown> {
    let row = load(conn, id)?;
    show(conn, vec![row])
}

/// An awardee's record: every award, revoked ones included, the latest period first.
pub fn of_awardee(conn: &mut DbConn, awardee_id: &str) -> AppResult<Shown> {
    if awardees::get(conn, awardee_id)?.is_none() {
        return Err(AppError::not_found("cá nhân, tập thể (awardee)"));
    }
    let filter = Filter {
        awardee_id: Some(awardee_id.to_owned()),
        ..Filter::default()
    };
    let rows = store::list(conn, &filter, None, None)?;
    show(conn, rows)
}

/// Records a past honour (the caller is a registrar).
pub fn create(conn: &mut DbConn, who: &Who, a: &NewAward) -> AppResult<Shown> {
    let awardee = awardees::get(conn, &a.awardee_id)?
        .ok_or_else(|| unknown_reference("/awardee_id", "cá nhân, tập thể / awardee"))?;
    let t = award_types::get(conn, &a.award_type_id)?
        .ok_or_else(|| unknown_reference("/award_type_id", "loại khen thưởng / award type"))?;
    if !t.recipient.admits(awardee.kind) {
        return Err(AppError::invalid_field(
            "/award_type_id",
            t!(
                "{} không dành cho {}.",
                "{} is not for an awardee of kind {}.",
                t.name,
                awardee.kind.as_str()
            ),
        ));
    }
    let authority = match &a.issuing_authority {
        Some(v) => v.clone(),
        None => super::award_types::version_on(conn, &t.id, a.decision_date)?
            .map(|v| v.deciding_authority)
            .ok_or_else(|| {
                AppError::invalid_field(
                    "/issuing_authority",
                    t!(
                        "{} chưa có căn cứ có hiệu lực ngày {}: cần nêu cấp quyết định.",
                        "{} has no version in force on {}: name the issuing authority.",
                        t.name,
                        a.decision_date
                    ),
                )
            })?,
    };
    if let Some(id) = &a.initiative_id {
        let owned = crate::store::initiatives::get(conn, id)?
            .ok_or_else(|| unknown_reference("/initiative_id", "sáng kiến / initiative"))?;
        if owned.awardee_id != a.awardee_id {
            return Err(AppError::invalid_field(
                "/initiative_id",
                t!(
                    "Sáng kiến này không phải của cá nhân, tập thể được khen.",
                    "That initiative is not the awardee's."
                ),
            ));
        }
    }
    let row = new_row(a, authority, a.stream.unwrap_or(t.stream), None);
    refuse_held(conn, &row)?;
    record(conn, who, row)
}

fn new_row(
    a: &NewAward,
    issuing_authority: String,
    stream: AwardStream,
    nomination_id: Option<String>,
) -> AwardRow {
    let at = now();
    AwardRow {
        id: new_id(),
        awardee_id: a.awardee_id.clone(),
        award_type_id: a.award_type_id.clone(),
        period_from: a.period_from,
        period_to: a.period_to,
        decision_number: a.decision_number.clone(),
        decision_date: a.decision_date,
        issuing_authority,
        stream,
        nomination_id,
        note: a.note.clone(),
        revoked_on: None,
        revocation_document_id: None,
        revocation_reason: None,
        version: 1,
        created_at: at,
        updated_at: at,
        initiative_id: a.initiative_id.clone(),
        decision_id: None,
        bonus_per_mille: None,
        bonus_amount: None,
    }
}

/// Refuses a recorded honour the awardee already holds: the same award, in the same stream,
/// for an overlapping period (409 `award_held`). An approval is not checked here: the
/// nomination's own rules (one per form, year and round) already judged it.
fn refuse_held(conn: &mut DbConn, row: &AwardRow) -> AppResult<()> {
    let filter = Filter {
        awardee_id: Some(row.awardee_id.clone()),
        award_type_id: Some(row.award_type_id.clone()),
        revoked: Some(false),
        stream: Some(row.stream),
        ..Filter::default()
    };
    let held = store::list(conn, &filter, None, None)?
        .into_iter()
        .find(|h| h.period_from <= row.period_to && row.period_from <= h.period_to);
    if let Some(h) = held {
        return Err(AppError::conflict(
            Code::AwardHeld,
            t!(
                "Cá nhân, tập thể này đã có khen thưởng này cho giai đoạn {}–{} (quyết định {}).",
                "The awardee already holds this award for {}–{} (decision {}).",
                h.period_from,
                h.period_to,
                h.decision_number
            ),
        )
        .with_ext(Ext::AwardId, h.id));
    }
    Ok(())
}

/// Inserts an award, audited.
fn record(conn: &mut DbConn, who: &Who, row: AwardRow) -> AppResult<Shown> {
    store::insert(conn, &row)?;
    let after = row.snapshot(conn)?;
    audit::record(conn, who, "create", "award", &row.id, None, Some(&after))?;
    show(conn, vec![row])
}

/// Writes the award an approved nomination grants: the Chairman's decision, for the
/// nomination's year, in its stream.
pub fn from_nomination(conn: &mut DbConn, who: &Who, n: &NominationRow) -> AppResult<()> {
    let (Some(number), Some(date)) = (&n.decision_number, n.decision_date) else {
        return Err(AppError::internal("an approval without its decision"));
    };
    let a = NewAward {
        awardee_id: n.awardee_id.clone(),
        award_type_id: n.form_id.clone(),
        period_from: n.year,
        period_to: n.year,
        decision_number: number.clone(),
        decision_date: date,
        issuing_authority: None,
        stream: None,
        note: None,
        initiative_id: n.initiative_id.clone(),
    };
    let row = new_row(&a, CHAIRMAN.to_owned(), n.stream, Some(n.id.clone()));
    record(conn, who, row).map(drop)
}

/// Revokes an award, keeping it with its document and reason.
pub fn revoke(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    r: &Revocation,
    if_match: Option<&str>,
) -> AppResult<Shown> {
    let before = load(conn, id)?;
    if let Some(n) = &before.nomination_id {
        // Its nomination holds the honour the public sees: the revocation goes there.
        return Err(AppError::conflict(
            Code::AwardOfNomination,
            t!(
                "Khen thưởng này được tặng theo hồ sơ đề nghị {}: thu hồi bằng bước `revoke` của hồ sơ đó.",
                "This award was granted on nomination {}: revoke it with that nomination's `revoke` step.",
                n
            ),
        )
        .with_ext(Ext::NominationId, n.clone()));
    }
    let row = revoked(conn, &before, r)?;
    let saved = save_versioned(conn, who, "revoke", if_match, &before, row)?;
    show(conn, vec![saved])
}

/// Revokes the award a revoked nomination had granted, if the register holds it.
pub fn revoke_for_nomination(conn: &mut DbConn, who: &Who, n: &NominationRow) -> AppResult<()> {
    let Some(before) = store::of_nomination(conn, &n.id)?.filter(|a| a.revoked_on.is_none()) else {
        return Ok(());
    };
    let r = Revocation {
        document_id: n.revocation_document_id.clone().unwrap_or_default(),
        reason: n.reason.clone().unwrap_or_default(),
        on: crate::domain::today(),
    };
    let row = revoked(conn, &before, &r)?;
    save_versioned(conn, who, "revoke", None, &before, row).map(drop)
}

fn revoked(conn: &mut DbConn, before: &AwardRow, r: &Revocation) -> AppResult<AwardRow> {
    if let Some(on) = before.revoked_on {
        return Err(AppError::conflict(
            Code::AlreadyRevoked,
            t!(
                "Khen thưởng đã bị thu hồi ngày {}.",
                "The award was revoked on {}.",
                on
            ),
        ));
    }
    if documents::get(conn, &r.document_id)?.is_none() {
        return Err(unknown_reference("/document_id", "văn bản / document"));
    }
    if r.on < before.decision_date {
        return Err(AppError::invalid_field(
            "/revoked_on",
            t!(
                "Ngày thu hồi không thể trước ngày quyết định khen thưởng ({}).",
                "An award cannot be revoked before its decision ({}).",
                before.decision_date
            ),
        ));
    }
    let mut row = before.clone();
    row.revoked_on = Some(r.on);
    row.revocation_document_id = Some(r.document_id.clone());
    row.revocation_reason = Some(r.reason.clone());
    Ok(row)
}

//! Eligibility that explains itself: the rules (kinds in code, parameters as dated data on a
//! legal basis, added by the coordinator), a nomination judged by the rules and the award type
//! version in force on the day its dossier was received, and the submission gate — a rule not
//! met refuses it; a rule not known lets it through only with the coordinator's recorded
//! reason.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::Value;

use super::nominations::{ensure_readable, load};
use super::{new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::{doors, Caller};
use crate::domain::awardees::Recipient;
use crate::domain::eligibility::{
    overall, AwardFact, EvidenceSource, Facts, InitiativeFact, InitiativeUse, Judgement, Outcome,
    RestrictionFact, RuleKind, RuleParameters,
};
use crate::domain::models::ModelKind;
use crate::domain::version::check_if_match;
use crate::error::{unknown_reference, AppError, AppResult, Code, FieldError};
use crate::store::award_types::{self, AwardTypeRow, VersionRow};
use crate::store::awards::{self, AwardRow};
use crate::store::eligibility as store;
pub use crate::store::eligibility::{Filter, ReceiptRow, RuleRow};
use crate::store::initiatives::{self, InitiativeRow};
use crate::store::nominations::NominationRow;
use crate::store::{audit, awardees, documents};
use crate::t;

/// A new rule, its texts checked.
#[derive(Clone)]
pub struct NewRule {
    pub award_type_id: Option<String>,
    pub kind: RuleKind,
    pub parameters: RuleParameters,
    pub legal_basis: String,
    pub document_id: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub note: Option<String>,
}

/// Changes to a rule: only its end and its note; new parameters are a new rule.
#[derive(Clone, Default)]
pub struct RuleChange {
    pub valid_to: Option<Option<NaiveDate>>,
    pub note: Option<Option<String>>,
}

/// One rule judged.
pub struct Judged {
    pub rule: RuleRow,
    pub parameters: RuleParameters,
    pub judgement: Judgement,
}

/// A nomination judged: by which law, on which day, rule by rule.
pub struct Verdict {
    pub nomination_id: String,
    /// The day whose law judges it: the day its dossier was received, else today.
    pub judged_on: NaiveDate,
    /// Whether `judged_on` is the day the dossier was received.
    pub received: bool,
    pub award_type: AwardTypeRow,
    /// The award type's version in force on `judged_on`, if one is.
    pub version: Option<VersionRow>,
    pub rules: Vec<Judged>,
    pub outcome: Outcome,
    /// The coordinator's reason to submit although a rule is not known.
    pub override_reason: Option<String>,
}

impl Verdict {
    /// Whether it may be submitted: every rule met, or none failed and the unknown overridden.
    pub fn submittable(&self) -> bool {
        match self.outcome {
            Outcome::Met => true,
            Outcome::NotKnown => self.override_reason.is_some(),
            Outcome::NotMet => false,
        }
    }
}

impl Record for RuleRow {
    const ENTITY: &'static str = "eligibility_rule";

    row_versioning!();

    fn snapshot(&self, _: &mut DbConn) -> AppResult<Value> {
        Ok(serde_json::to_value(self).unwrap_or_default())
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update(conn, row, expected)
    }
}

/// A rule's parameters as stored; a row that does not parse is a fault of the data.
pub fn parameters(row: &RuleRow) -> AppResult<RuleParameters> {
    serde_json::from_str(&row.parameters)
        .map_err(|e| AppError::internal(format!("rule {}: parameters: {e}", row.id)))
}

fn award_type(conn: &mut DbConn, id: &str, at: &str) -> AppResult<AwardTypeRow> {
    award_types::get(conn, id)?
        .ok_or_else(|| unknown_reference(at, "loại khen thưởng / award type"))
}

/// Records a rule (the coordinator): its award type and the title it counts must exist; a
/// rule about members fits only a type for collectives.
pub fn create(conn: &mut DbConn, who: &Who, n: &NewRule) -> AppResult<RuleRow> {
    let applies_to = match &n.award_type_id {
        Some(id) => Some(award_type(conn, id, "/award_type_id")?),
        None => None,
    };
    if let Some(counted) = &n.parameters.award_type_id {
        award_type(conn, counted, "/parameters/award_type_id")?;
    }
    if n.kind.about_members()
        && applies_to
            .as_ref()
            .is_none_or(|t| t.recipient != Recipient::Collective)
    {
        return Err(AppError::invalid_field(
            "/award_type_id",
            t!(
                "Quy tắc loại {} xét thành viên của tập thể: chỉ áp dụng cho loại khen thưởng dành cho tập thể.",
                "A {} rule reads a collective's members: it applies only to an award type for collectives.",
                n.kind.as_str()
            ),
        ));
    }
    if let Some(d) = &n.document_id {
        if documents::get(conn, d)?.is_none() {
            return Err(unknown_reference("/document_id", "văn bản / document"));
        }
    }
    let at = now();
    let row = RuleRow {
        id: new_id(),
        award_type_id: n.award_type_id.clone(),
        kind: n.kind,
        parameters: serde_json::to_string(&n.parameters).unwrap_or_default(),
        legal_basis: n.legal_basis.clone(),
        document_id: n.document_id.clone(),
        valid_from: n.valid_from,
        valid_to: n.valid_to,
        note: n.note.clone(),
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::insert(conn, &row)?;
    let after = serde_json::to_value(&row).unwrap_or_default();
    audit::record(
        conn,
        who,
        "create",
        RuleRow::ENTITY,
        &row.id,
        None,
        Some(&after),
    )?;
    Ok(row)
}

pub fn list(conn: &mut DbConn, f: &Filter) -> AppResult<Vec<RuleRow>> {
    store::list(conn, f)
}

pub fn read(conn: &mut DbConn, id: &str) -> AppResult<RuleRow> {
    store::get(conn, id)?
        .ok_or_else(|| AppError::not_found("quy tắc xét khen thưởng (eligibility rule)"))
}

/// Ends a rule (or lets it run again), or changes its note.
pub fn update(
    conn: &mut DbConn,
    who: &Who,
    id: &str,
    c: &RuleChange,
    if_match: Option<&str>,
) -> AppResult<RuleRow> {
    let before = read(conn, id)?;
    let mut row = before.clone();
    if let Some(v) = c.valid_to {
        if v.is_some_and(|to| to < row.valid_from) {
            return Err(AppError::invalid_field(
                "/valid_to",
                t!(
                    "Ngày hết hiệu lực không thể trước ngày có hiệu lực {}.",
                    "valid_to cannot precede valid_from {}.",
                    row.valid_from
                ),
            ));
        }
        row.valid_to = v;
    }
    if let Some(v) = &c.note {
        row.note.clone_from(v);
    }
    save_versioned(conn, who, "update", if_match, &before, row)
}

/// The facts a nomination is judged on.
fn facts(
    conn: &mut DbConn,
    n: &NominationRow,
    judged_on: NaiveDate,
    rules: &[(RuleRow, RuleParameters)],
) -> AppResult<Facts> {
    let nominee =
        awardees::get(conn, &n.awardee_id)?.ok_or_else(|| AppError::internal("nominee missing"))?;
    let mine = awards::Filter {
        awardee_id: Some(n.awardee_id.clone()),
        ..awards::Filter::default()
    };
    let own_awards = awards::list(conn, &mine, None, None)?
        .into_iter()
        .map(award_fact)
        .collect();
    let initiative = match &n.initiative_id {
        Some(id) => initiatives::get(conn, id)?,
        None => None,
    };
    let mut initiative_uses = Vec::new();
    if let Some(i) = &initiative {
        for a in store::awards_on_initiative(conn, &i.id, &n.id)? {
            initiative_uses.push(InitiativeUse {
                source: EvidenceSource::Award,
                id: a.id,
                year: a.period_to,
            });
        }
        for (id, year) in store::nominations_on_initiative(conn, &i.id, &n.id)? {
            initiative_uses.push(InitiativeUse {
                source: EvidenceSource::Nomination,
                id,
                year,
            });
        }
    }
    let reads_members = rules
        .iter()
        .any(|(r, _)| r.kind == RuleKind::MembersHolding);
    let member_awards = if reads_members && nominee.kind == ModelKind::Collective {
        store::member_awards(conn, &nominee.unit_id, n.year)?
            .into_iter()
            .map(award_fact)
            .collect()
    } else {
        Vec::new()
    };
    let restrictions = initiatives::restrictions_of(conn, &n.awardee_id)?
        .into_iter()
        .map(|r| RestrictionFact {
            id: r.id,
            kind: r.kind,
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            document_number: r.document_number,
        })
        .collect();
    let type_names: HashMap<String, String> =
        award_types::list(conn, &award_types::Filter::default())?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
    Ok(Facts {
        nomination_id: n.id.clone(),
        award_type_id: n.form_id.clone(),
        year: n.year,
        nominee_kind: nominee.kind,
        judged_on,
        members: match (n.members_total, n.members_completed, n.members_advanced) {
            (Some(t), Some(c), Some(a)) => Some((t, c, a)),
            _ => None,
        },
        initiative: initiative.map(initiative_fact),
        own_initiatives: initiatives::list(conn, Some(&n.awardee_id), None)?
            .into_iter()
            .map(initiative_fact)
            .collect(),
        own_awards,
        initiative_uses,
        restrictions,
        member_awards,
        type_names,
    })
}

fn award_fact(a: AwardRow) -> AwardFact {
    AwardFact {
        revoked: a.revoked_on.is_some(),
        id: a.id,
        awardee_id: a.awardee_id,
        award_type_id: a.award_type_id,
        period_from: a.period_from,
        period_to: a.period_to,
        stream: a.stream,
        nomination_id: a.nomination_id,
        decision_number: a.decision_number,
    }
}

fn initiative_fact(i: InitiativeRow) -> InitiativeFact {
    InitiativeFact {
        id: i.id,
        title: i.title,
        reach: i.reach,
        document_number: i.document_number,
    }
}

/// Judges `n` by the law of `day`: the award type's version and the rules in force then.
pub fn judge(conn: &mut DbConn, n: &NominationRow, day: NaiveDate) -> AppResult<Verdict> {
    let receipt = store::receipt(conn, &n.id)?;
    judge_with(conn, n, day, receipt)
}

/// Judges `n` by the law of `day`, with its receipt already read.
fn judge_with(
    conn: &mut DbConn,
    n: &NominationRow,
    day: NaiveDate,
    receipt: Option<ReceiptRow>,
) -> AppResult<Verdict> {
    let award_type = award_types::get(conn, &n.form_id)?
        .ok_or_else(|| AppError::internal("award type missing"))?;
    let version = super::award_types::version_on(conn, &n.form_id, day)?;
    let in_force = Filter {
        award_type_id: Some(n.form_id.clone()),
        kind: None,
        on: Some(day),
    };
    let rules = store::list(conn, &in_force)?
        .into_iter()
        .map(|r| parameters(&r).map(|p| (r, p)))
        .collect::<AppResult<Vec<_>>>()?;
    let facts = facts(conn, n, day, &rules)?;
    let judged: Vec<Judged> = rules
        .into_iter()
        .map(|(rule, parameters)| Judged {
            judgement: facts.judge(rule.kind, &parameters),
            rule,
            parameters,
        })
        .collect();
    Ok(Verdict {
        nomination_id: n.id.clone(),
        judged_on: day,
        received: receipt.as_ref().and_then(|r| r.received_on) == Some(day),
        outcome: overall(judged.iter().map(|j| j.judgement.outcome)),
        rules: judged,
        award_type,
        version,
        override_reason: receipt.and_then(|r| r.eligibility_override),
    })
}

/// A nomination's eligibility, for those who may read it: by the law of the day its dossier
/// was received, or of today while it is not yet.
pub fn of_nomination(conn: &mut DbConn, caller: &Caller, id: &str) -> AppResult<Verdict> {
    let n = load(conn, id)?;
    ensure_readable(caller, &n)?;
    let receipt = store::receipt(conn, &n.id)?;
    let day = receipt
        .as_ref()
        .and_then(|r| r.received_on)
        .unwrap_or_else(crate::domain::today);
    judge_with(conn, &n, day, receipt)
}

/// The day whose law judges a nomination — the day its dossier was received, else today — and
/// whether it was received.
pub fn judging_day(conn: &mut DbConn, nomination_id: &str) -> AppResult<(NaiveDate, bool)> {
    let received_on = store::receipt(conn, nomination_id)?.and_then(|r| r.received_on);
    Ok((
        received_on.unwrap_or_else(crate::domain::today),
        received_on.is_some(),
    ))
}

/// Records the coordinator's reason to submit a nomination whose eligibility is not known
/// (a draft or returned one); 409 `nothing_to_override` when no rule is not known.
pub fn override_unknown(
    conn: &mut DbConn,
    caller: &Caller,
    who: &Who,
    id: &str,
    reason: &str,
    if_match: Option<&str>,
) -> AppResult<Verdict> {
    doors::REGISTER.admits(caller)?;
    let before = load(conn, id)?;
    if !before.state.editable() {
        return Err(AppError::conflict(
            Code::NotEditable,
            t!(
                "Chỉ ghi nhận được trước khi nộp: hồ sơ ở trạng thái nháp hoặc bị trả lại (hiện: {}).",
                "Only before submission: a draft or returned nomination (now: {}).",
                before.state.as_str()
            ),
        ));
    }
    let mut verdict = judge(conn, &before, crate::domain::today())?;
    if verdict.outcome != Outcome::NotKnown {
        return Err(AppError::conflict(
            Code::NothingToOverride,
            t!(
                "Không có điều kiện nào ở trạng thái chưa xác định (kết quả: {}).",
                "No rule is not known (the outcome: {}).",
                verdict.outcome.as_str()
            ),
        ));
    }
    check_if_match(if_match, before.version)?;
    let earlier = store::receipt(conn, &before.id)?;
    let row = ReceiptRow {
        nomination_id: before.id.clone(),
        received_on: earlier.as_ref().and_then(|r| r.received_on),
        eligibility_override: Some(reason.to_owned()),
        updated_at: now(),
    };
    store::save_receipt(conn, &row)?;
    let was =
        serde_json::json!({"eligibility_override": earlier.and_then(|r| r.eligibility_override)});
    let now_is = serde_json::json!({"eligibility_override": reason});
    audit::record(
        conn,
        who,
        "override_eligibility",
        "nomination",
        &before.id,
        Some(&was),
        Some(&now_is),
    )?;
    verdict.override_reason = Some(reason.to_owned());
    Ok(verdict)
}

/// The submission: the province receives the dossier today, and today's law judges it (the
/// gate below). A reason recorded before is kept.
pub fn receive(conn: &mut DbConn, n: &NominationRow) -> AppResult<()> {
    let earlier = store::receipt(conn, &n.id)?;
    store::save_receipt(
        conn,
        &ReceiptRow {
            nomination_id: n.id.clone(),
            received_on: Some(crate::domain::today()),
            eligibility_override: earlier.and_then(|r| r.eligibility_override),
            updated_at: now(),
        },
    )?;
    gate(conn, n)
}

/// The submission gate: the nomination, received today, judged by today's law. A rule not met
/// refuses it (422 `not_eligible`); a rule not known, unless overridden (422
/// `eligibility_not_known`). Each failing rule is named at `/eligibility/{rule id}`.
fn gate(conn: &mut DbConn, n: &NominationRow) -> AppResult<()> {
    let verdict = judge(conn, n, crate::domain::today())?;
    if verdict.submittable() {
        return Ok(());
    }
    let failing = |wanted: Outcome| -> Vec<FieldError> {
        verdict
            .rules
            .iter()
            .filter(|j| j.judgement.outcome == wanted)
            .map(|j| {
                FieldError::body(
                    format!("/eligibility/{}", j.rule.id),
                    j.judgement.explanation.clone(),
                )
            })
            .collect()
    };
    let (code, errors, detail) = if verdict.outcome == Outcome::NotMet {
        (
            Code::NotEligible,
            failing(Outcome::NotMet),
            t!(
                "Hồ sơ chưa đủ điều kiện khen thưởng; xem GET /api/v1/nominations/{}/eligibility.",
                "The nominee does not meet the award's rules; see GET /api/v1/nominations/{}/eligibility.",
                n.id
            ),
        )
    } else {
        (
            Code::EligibilityNotKnown,
            failing(Outcome::NotKnown),
            t!(
                "Chưa xác định được điều kiện khen thưởng; chỉ nộp được khi Sở Nội vụ ghi nhận lý do (eligibility-override).",
                "Eligibility is not known; submission needs the coordinator's recorded reason (eligibility-override)."
            ),
        )
    };
    let mut e = AppError::invalid(errors).with_code(code);
    e.detail = detail;
    Err(e)
}

//! From recommendation to decision. The coordinator drafts a decision from recommended
//! nominations: the submission to the Chairman (tờ trình) and the draft decision with its
//! annexed list are drawn up as DOCX and PDF, from the built-in papers or from the templates
//! the coordinator uploaded. The approver issues it with its number and date: each bonus is
//! computed on the base salary in force that day (`crate::domain::bonus`), the bonuses are paid
//! from the year's fund, each nomination is approved and its award links the decision, whose
//! issued papers are kept as files. All of it in one transaction, or nothing.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::Value;

use super::{json_of, new_id, now, save_versioned, DbConn, Record, Who};
use crate::domain::access::Caller;
use crate::domain::awardees::AwardNature;
use crate::domain::bonus::{self, Claim};
use crate::domain::nominations::NominationState;
use crate::domain::register::{DecisionState, FundEntryKind, PaperKind, Vnd};
use crate::error::{AppError, AppResult, Code, Ext, FieldError};
use crate::paper::{place_date, short_date, Block, Paper, Signature, Table};
use crate::store::award_types::{self, AwardTypeRow};
use crate::store::awardees::{self, AwardeeRow};
use crate::store::decisions as store;
pub use crate::store::decisions::{DecisionRow, ItemRow, TemplateRow};
use crate::store::nominations::{self, NominationRow};
use crate::store::{audit, awards, base_salaries, units};
use crate::t;

/// Who issues the province's decisions on commendation.
pub const CHAIRMAN: &str = "Chủ tịch UBND tỉnh";

/// The fields a template may use, with what they hold.
pub const FIELDS: &[(&str, &str)] = &[
    ("province", "Tên tỉnh (Hưng Yên)"),
    ("authority", "Người ký quyết định (Chủ tịch UBND tỉnh)"),
    ("number", "Số quyết định (để trống khi là dự thảo)"),
    ("decision_date", "Ngày quyết định (dd/mm/yyyy)"),
    (
        "place_date",
        "Địa danh, ngày tháng năm (Hưng Yên, ngày 15 tháng 12 năm 2025)",
    ),
    ("year", "Năm của thành tích"),
    ("subject", "Trích yếu"),
    (
        "award_types",
        "Các danh hiệu, hình thức khen thưởng trong danh sách",
    ),
    ("awardee_count", "Số tập thể, cá nhân được khen thưởng"),
    ("total_bonus", "Tổng số tiền thưởng (đồng)"),
    ("base_salary", "Mức lương cơ sở áp dụng (đồng)"),
];

/// A line of the annexed list, its bonus computed on a day.
#[derive(Clone, Debug)]
pub struct Line {
    pub nomination: NominationRow,
    pub awardee: AwardeeRow,
    pub unit_name: String,
    pub award_type: AwardTypeRow,
    pub per_mille: i32,
    /// What earlier decisions paid the awardee for titles of the same period.
    pub paid_before: i64,
    /// What this decision pays: a form its own; a title the highest of the period less what
    /// was paid before, none when a higher title of the same list pays.
    pub amount: i64,
}

/// The annexed list as it would be decided on a day.
#[derive(Clone, Debug)]
pub struct Plan {
    pub year: i32,
    pub on: NaiveDate,
    pub base_salary: i64,
    pub lines: Vec<Line>,
    pub total: i64,
    /// The legal bases of the award types' versions in force that day, and the base salary's.
    pub bases: Vec<String>,
}

impl Plan {
    /// What a paper drafted from it shows and what an issue pays: the same list, the same
    /// amounts.
    fn figures(&self) -> Vec<(String, i32, i64)> {
        self.lines
            .iter()
            .map(|l| (l.nomination.id.clone(), l.per_mille, l.amount))
            .collect()
    }
}

/// A line of a decision as it is read: the nominee and the award, and the bonus (fixed at
/// issue; for a draft, as it would be decided today, when it can be computed).
pub struct Entry {
    pub item: ItemRow,
    pub awardee: Option<AwardeeRow>,
    pub unit_name: String,
    pub award_type: Option<AwardTypeRow>,
    pub per_mille: Option<i32>,
    pub amount: Option<i64>,
    pub paid_before: Option<i64>,
}

/// A decision with its list.
pub struct Shown {
    pub row: DecisionRow,
    pub entries: Vec<Entry>,
}

impl Record for DecisionRow {
    const ENTITY: &'static str = "decision";

    row_versioning!();

    fn snapshot(&self, _: &mut DbConn) -> AppResult<Value> {
        Ok(json_of(self))
    }

    fn store(conn: &mut DbConn, row: &Self, expected: i64) -> AppResult<bool> {
        store::update(conn, row, expected)
    }
}

fn at(i: usize) -> String {
    format!("/nomination_ids/{i}")
}

/// The annexed list of these nominations decided on `on`: each must exist and share one year;
/// every award type needs a coefficient in its version in force that day (409
/// `no_coefficient`), and a base salary must be in force (409 `no_base_salary`).
pub fn plan(conn: &mut DbConn, nomination_ids: &[String], on: NaiveDate) -> AppResult<Plan> {
    let mut rows = Vec::with_capacity(nomination_ids.len());
    let mut missing = Vec::new();
    for (i, id) in nomination_ids.iter().enumerate() {
        match nominations::get(conn, id)? {
            Some(n) => rows.push(n),
            None => missing.push(FieldError::body(
                at(i),
                t!(
                    "Không có hồ sơ đề nghị khen thưởng này.",
                    "There is no such nomination."
                ),
            )),
        }
    }
    if !missing.is_empty() {
        return Err(AppError::invalid(missing));
    }
    let year = rows.first().map_or(0, |n| n.year);
    if let Some(i) = rows.iter().position(|n| n.year != year) {
        return Err(AppError::invalid_field(
            &at(i),
            t!(
                "Một quyết định khen thưởng thành tích của một năm: hồ sơ này là năm {}, hồ sơ đầu là năm {}.",
                "One decision rewards one year's achievements: this nomination is for {}, the first for {}.",
                rows[i].year,
                year
            ),
        ));
    }
    let base = base_salaries::on(conn, on)?.ok_or_else(|| {
        AppError::conflict(
            Code::NoBaseSalary,
            t!(
                "Chưa có mức lương cơ sở áp dụng vào ngày {}: Sở Nội vụ ghi mức lương cơ sở theo nghị định (`POST /api/v1/base-salaries`).",
                "No base salary is in force on {}: the coordinator records it with its decree (`POST /api/v1/base-salaries`).",
                on
            ),
        )
    })?;
    let mut bases = Vec::new();
    let mut lacking: Vec<(String, String)> = Vec::new();
    let mut lines = Vec::with_capacity(rows.len());
    for n in rows {
        let award_type = award_types::get(conn, &n.form_id)?
            .ok_or_else(|| AppError::internal("award type missing"))?;
        let version = super::award_types::version_on(conn, &n.form_id, on)?;
        let per_mille = version.as_ref().and_then(|v| v.bonus_per_mille);
        if let Some(v) = &version {
            if !bases.contains(&v.legal_basis) {
                bases.push(v.legal_basis.clone());
            }
        }
        let Some(per_mille) = per_mille else {
            if !lacking.iter().any(|(id, _)| *id == award_type.id) {
                lacking.push((award_type.id.clone(), award_type.name.clone()));
            }
            continue;
        };
        let awardee = awardees::get(conn, &n.awardee_id)?
            .ok_or_else(|| AppError::internal("awardee missing"))?;
        let unit_name = units::get(conn, &awardee.unit_id)?.map_or_else(String::new, |u| u.name);
        let paid_before = if award_type.nature == AwardNature::Title {
            awards::paid_for_titles(conn, &n.awardee_id, (n.year, n.year))?
                .into_iter()
                .fold(0i64, i64::saturating_add)
        } else {
            0
        };
        lines.push(Line {
            nomination: n,
            awardee,
            unit_name,
            award_type,
            per_mille,
            paid_before,
            amount: 0,
        });
    }
    if !lacking.is_empty() {
        let names: Vec<&str> = lacking.iter().map(|(_, name)| name.as_str()).collect();
        return Err(AppError::conflict(
            Code::NoCoefficient,
            t!(
                "Chưa có hệ số tiền thưởng áp dụng vào ngày {} cho: {}. Sở Nội vụ ghi hệ số vào phiên bản của loại khen thưởng trước khi ban hành.",
                "No bonus coefficient is in force on {} for: {}. The coordinator sets one in the award type's version before the decision.",
                on,
                names.join("; ")
            ),
        )
        .with_ext(
            Ext::AwardTypeIds,
            lacking.into_iter().map(|(id, _)| id).collect::<Vec<_>>(),
        ));
    }
    bases.push(base.legal_basis.clone());
    let claims: Vec<Claim<'_>> = lines
        .iter()
        .map(|l| Claim {
            awardee: &l.nomination.awardee_id,
            title: l.award_type.nature == AwardNature::Title,
            period: (l.nomination.year, l.nomination.year),
            per_mille: l.per_mille,
        })
        .collect();
    let paying = bonus::paying(&claims);
    let mut total = 0i64;
    for (line, pays) in lines.iter_mut().zip(paying) {
        if !pays {
            continue;
        }
        let full = bonus::amount(line.per_mille, Vnd(base.amount))
            .ok_or_else(|| AppError::internal("bonus overflow"))?;
        line.amount = full.0.saturating_sub(line.paid_before).max(0);
        total = total.saturating_add(line.amount);
    }
    Ok(Plan {
        year,
        on,
        base_salary: base.amount,
        lines,
        total,
        bases,
    })
}

/// 1.880.000: đồng as Vietnamese papers write them.
pub fn dong(amount: i64) -> String {
    let digits = amount.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if amount < 0 {
        out.insert(0, '-');
    }
    out
}

/// The coefficient as the list writes it: 1,5.
fn coefficient(per_mille: i32) -> String {
    let whole = per_mille / 1000;
    let rest = format!("{:03}", per_mille % 1000);
    let rest = rest.trim_end_matches('0');
    if rest.is_empty() {
        whole.to_string()
    } else {
        format!("{whole},{rest}")
    }
}

/// The annexed list: every awardee, the award, the coefficient and the amount, and the total.
pub fn annex(plan: &Plan) -> Table {
    let mut rows: Vec<Vec<String>> = plan
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            vec![
                (i + 1).to_string(),
                l.awardee.name.clone(),
                l.unit_name.clone(),
                l.award_type.name.clone(),
                coefficient(l.per_mille),
                dong(l.amount),
            ]
        })
        .collect();
    rows.push(vec![
        String::new(),
        "Tổng cộng".to_owned(),
        String::new(),
        String::new(),
        String::new(),
        dong(plan.total),
    ]);
    Table {
        widths: vec![7, 27, 24, 22, 8, 12],
        header: [
            "STT",
            "Tập thể, cá nhân",
            "Đơn vị",
            "Danh hiệu, hình thức",
            "Hệ số",
            "Số tiền (đồng)",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows,
    }
}

/// The values a template's fields take.
pub fn values<'a>(
    plan: &Plan,
    province: &str,
    subject: &str,
    number: Option<&str>,
) -> BTreeMap<&'a str, String> {
    let mut types: Vec<&str> = plan
        .lines
        .iter()
        .map(|l| l.award_type.name.as_str())
        .collect();
    types.dedup();
    BTreeMap::from([
        ("province", province.to_owned()),
        ("authority", CHAIRMAN.to_owned()),
        ("number", number.unwrap_or_default().to_owned()),
        ("decision_date", short_date(plan.on)),
        ("place_date", place_date(province, plan.on)),
        ("year", plan.year.to_string()),
        ("subject", subject.to_owned()),
        ("award_types", types.join(", ")),
        ("awardee_count", plan.lines.len().to_string()),
        ("total_bonus", dong(plan.total)),
        ("base_salary", dong(plan.base_salary)),
    ])
}

/// The heading of the annexed list.
pub fn annex_heading(number: Option<&str>, on: NaiveDate) -> String {
    match number {
        Some(n) => format!(
            "DANH SÁCH KÈM THEO QUYẾT ĐỊNH SỐ {n} NGÀY {}",
            short_date(on)
        ),
        None => "DANH SÁCH KÈM THEO DỰ THẢO QUYẾT ĐỊNH".to_owned(),
    }
}

/// The subject a decision takes when none is given.
pub fn default_subject(year: i32) -> String {
    format!("Về việc tặng thưởng danh hiệu thi đua và hình thức khen thưởng năm {year}")
}

/// The built-in submission (tờ trình) of the Department of Home Affairs to the Chairman.
pub fn submission_paper(plan: &Plan, province: &str, subject: &str, today: NaiveDate) -> Paper {
    let mut blocks = vec![Block::Text(format!(
        "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh {province}."
    ))];
    blocks.extend(
        plan.bases
            .iter()
            .map(|b| Block::Text(format!("Căn cứ {b};"))),
    );
    blocks.push(Block::Text(format!(
        "Căn cứ kết quả xét của Hội đồng Thi đua - Khen thưởng tỉnh, Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định khen thưởng {} tập thể, cá nhân có thành tích năm {} (danh sách kèm theo); tổng số tiền thưởng dự kiến {} đồng, tính trên mức lương cơ sở {} đồng, chi từ Quỹ thi đua, khen thưởng của tỉnh.",
        plan.lines.len(),
        plan.year,
        dong(plan.total),
        dong(plan.base_salary)
    )));
    blocks.push(Block::Text(
        "Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định./.".to_owned(),
    ));
    blocks.push(Block::Heading(
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG KÈM THEO TỜ TRÌNH".to_owned(),
    ));
    blocks.push(Block::Table(annex(plan)));
    Paper {
        parent: format!("UBND TỈNH {}", province.to_uppercase()),
        authority: "SỞ NỘI VỤ".to_owned(),
        number: "Số:        /TTr-SNV".to_owned(),
        place_date: place_date(province, today),
        kind: "TỜ TRÌNH".to_owned(),
        subject: format!("Về việc đề nghị {}", lower_first(subject)),
        blocks,
        signatures: vec![Signature {
            role: "GIÁM ĐỐC".to_owned(),
            name: String::new(),
        }],
    }
}

fn lower_first(text: &str) -> String {
    let text = text.strip_prefix("Về việc ").unwrap_or(text);
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_lowercase().chain(chars).collect::<String>()
    })
}

/// The built-in decision of the Chairman with its annexed list: a draft without a number, or
/// the issued decision with its number and date.
pub fn decision_paper(plan: &Plan, province: &str, subject: &str, number: Option<&str>) -> Paper {
    let upper = province.to_uppercase();
    let mut blocks = vec![Block::Heading(format!(
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH {upper}"
    ))];
    blocks.extend(
        plan.bases
            .iter()
            .map(|b| Block::Text(format!("Căn cứ {b};"))),
    );
    blocks.push(Block::Text(
        "Theo đề nghị của Giám đốc Sở Nội vụ.".to_owned(),
    ));
    blocks.push(Block::Heading("QUYẾT ĐỊNH:".to_owned()));
    blocks.push(Block::Text(format!(
        "Điều 1. Tặng thưởng cho {} tập thể, cá nhân có thành tích năm {} (có danh sách kèm theo).",
        plan.lines.len(),
        plan.year
    )));
    blocks.push(Block::Text(format!(
        "Điều 2. Tiền thưởng kèm theo tính trên mức lương cơ sở {} đồng, tổng số {} đồng, chi từ Quỹ thi đua, khen thưởng của tỉnh năm {}.",
        dong(plan.base_salary),
        dong(plan.total),
        plan.on.format("%Y")
    )));
    blocks.push(Block::Text(
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.".to_owned(),
    ));
    blocks.push(Block::Heading(annex_heading(number, plan.on)));
    blocks.push(Block::Table(annex(plan)));
    Paper {
        parent: String::new(),
        authority: format!("ỦY BAN NHÂN DÂN TỈNH {upper}"),
        number: format!("Số: {}", number.unwrap_or("        /QĐ-UBND")),
        place_date: place_date(province, plan.on),
        kind: if number.is_some() {
            "QUYẾT ĐỊNH".to_owned()
        } else {
            "DỰ THẢO QUYẾT ĐỊNH".to_owned()
        },
        subject: subject.to_owned(),
        blocks,
        signatures: vec![Signature {
            role: "CHỦ TỊCH".to_owned(),
            name: String::new(),
        }],
    }
}

/// The template the coordinator uploaded for this kind of paper: the newest for the list's one
/// award type, else the newest for every type; none means the built-in paper.
pub fn template_for(
    conn: &mut DbConn,
    kind: PaperKind,
    plan: &Plan,
) -> AppResult<Option<TemplateRow>> {
    let mut types: Vec<&str> = plan
        .lines
        .iter()
        .map(|l| l.award_type.id.as_str())
        .collect();
    types.sort_unstable();
    types.dedup();
    let only = (types.len() == 1).then(|| types[0]);
    let all = store::templates(conn)?;
    let of_kind = |t: &&TemplateRow| t.kind == kind;
    Ok(all
        .iter()
        .filter(of_kind)
        .find(|t| only.is_some() && t.award_type_id.as_deref() == only)
        .or_else(|| {
            all.iter()
                .filter(of_kind)
                .find(|t| t.award_type_id.is_none())
        })
        .cloned())
}

/// A draft to create, checked.
pub struct NewDecision {
    pub nomination_ids: Vec<String>,
    pub subject: Option<String>,
}

/// The nominations of a new draft must be recommended and in no other decision.
pub fn ensure_draftable(conn: &mut DbConn, cmd: &NewDecision) -> AppResult<()> {
    let mut errors = Vec::new();
    for (i, id) in cmd.nomination_ids.iter().enumerate() {
        if cmd.nomination_ids[..i].contains(id) {
            errors.push(FieldError::body(
                at(i),
                t!(
                    "Hồ sơ này đã có trong danh sách.",
                    "This nomination is listed twice."
                ),
            ));
            continue;
        }
        if let Some(d) = store::decision_of(conn, id)? {
            return Err(AppError::conflict(
                Code::InDecision,
                t!(
                    "Hồ sơ {} đã có trong quyết định {}.",
                    "Nomination {} is already in decision {}.",
                    id,
                    d
                ),
            )
            .with_ext(Ext::DecisionId, d)
            .with_ext(Ext::Pointer, at(i)));
        }
        if let Some(n) = nominations::get(conn, id)? {
            if n.state != NominationState::Recommended {
                errors.push(FieldError::body(
                    at(i),
                    t!(
                        "Chỉ hồ sơ đã được Sở Nội vụ đề xuất (recommended) mới đưa vào quyết định; hồ sơ này đang ở trạng thái {}.",
                        "Only recommended nominations go into a decision; this one is {}.",
                        n.state.as_str()
                    ),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::invalid(errors))
    }
}

/// The papers drafted and kept: (docx, pdf) uploads of the submission and of the decision.
pub struct DraftPapers {
    pub submission: (super::files::Upload, super::files::Upload),
    pub decision: (super::files::Upload, super::files::Upload),
}

/// Refuses when the list would no longer be what its papers show (409 `decision_changed`).
fn ensure_same(now: &Plan, drawn: &[(String, i32, i64)]) -> AppResult<()> {
    if now.figures() == drawn {
        return Ok(());
    }
    Err(AppError::conflict(
        Code::DecisionChanged,
        t!(
            "Danh sách hoặc số tiền đã thay đổi trong khi lập văn bản; hãy gửi lại.",
            "The list or its amounts changed while the papers were drawn up; send it again."
        ),
    ))
}

fn keep_pair(
    conn: &mut DbConn,
    who: &Who,
    pair: &(super::files::Upload, super::files::Upload),
) -> AppResult<(String, String)> {
    let docx = super::files::keep(conn, who, None, &pair.0)?;
    let pdf = super::files::keep(conn, who, None, &pair.1)?;
    Ok((docx.id, pdf.id))
}

/// Creates the draft with its papers, drawn from `drawn` (the list as the papers show it).
pub fn create(
    conn: &mut DbConn,
    who: &Who,
    cmd: &NewDecision,
    subject: &str,
    drawn: &Plan,
    papers: &DraftPapers,
) -> AppResult<Shown> {
    ensure_draftable(conn, cmd)?;
    ensure_same(
        &plan(conn, &cmd.nomination_ids, drawn.on)?,
        &drawn.figures(),
    )?;
    let (submission_docx, submission_pdf) = keep_pair(conn, who, &papers.submission)?;
    let (draft_docx, draft_pdf) = keep_pair(conn, who, &papers.decision)?;
    let at = now();
    let row = DecisionRow {
        id: new_id(),
        state: DecisionState::Draft,
        year: drawn.year,
        subject: subject.to_owned(),
        authority: CHAIRMAN.to_owned(),
        number: None,
        decided_on: None,
        base_salary: None,
        total_bonus: None,
        submission_docx_id: Some(submission_docx),
        submission_pdf_id: Some(submission_pdf),
        draft_docx_id: Some(draft_docx),
        draft_pdf_id: Some(draft_pdf),
        issued_docx_id: None,
        issued_pdf_id: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    store::insert(conn, &row)?;
    for (position, id) in (1..).zip(&cmd.nomination_ids) {
        store::insert_item(
            conn,
            &ItemRow {
                decision_id: row.id.clone(),
                nomination_id: id.clone(),
                position,
                per_mille: None,
                amount: None,
                paid_before: None,
            },
        )?;
    }
    audit::record(
        conn,
        who,
        "create",
        DecisionRow::ENTITY,
        &row.id,
        None,
        Some(&json_of(&row)),
    )?;
    read(conn, &row.id)
}

/// A decision with its list.
pub fn read(conn: &mut DbConn, id: &str) -> AppResult<Shown> {
    let row = load(conn, id)?;
    let items = store::items(conn, id)?;
    let preview = if row.state == DecisionState::Draft {
        let ids: Vec<String> = items.iter().map(|i| i.nomination_id.clone()).collect();
        // A draft whose list can no longer be computed (a coefficient removed) still reads.
        plan(conn, &ids, crate::domain::today()).ok()
    } else {
        None
    };
    let mut entries = Vec::with_capacity(items.len());
    for item in items {
        let n = nominations::get(conn, &item.nomination_id)?;
        let awardee = match &n {
            Some(n) => awardees::get(conn, &n.awardee_id)?,
            None => None,
        };
        let unit_name = match &awardee {
            Some(a) => units::get(conn, &a.unit_id)?.map_or_else(String::new, |u| u.name),
            None => String::new(),
        };
        let award_type = match &n {
            Some(n) => award_types::get(conn, &n.form_id)?,
            None => None,
        };
        let line = preview.as_ref().and_then(|p| {
            p.lines
                .iter()
                .find(|l| l.nomination.id == item.nomination_id)
        });
        let (per_mille, amount, paid_before) = match line {
            Some(l) => (Some(l.per_mille), Some(l.amount), Some(l.paid_before)),
            None => (item.per_mille, item.amount, item.paid_before),
        };
        entries.push(Entry {
            item,
            awardee,
            unit_name,
            award_type,
            per_mille,
            amount,
            paid_before,
        });
    }
    Ok(Shown { row, entries })
}

fn load(conn: &mut DbConn, id: &str) -> AppResult<DecisionRow> {
    store::get(conn, id)?.ok_or_else(|| AppError::not_found("quyết định khen thưởng (decision)"))
}

/// A page of decisions, newest first, and the cursor of the next.
pub fn list(
    conn: &mut DbConn,
    year: Option<i32>,
    state: Option<DecisionState>,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<DecisionRow>, Option<String>)> {
    let rows = store::list(conn, year, state, after, limit)?;
    Ok(crate::domain::page::split(rows, limit, |r| r.id.clone()))
}

fn ensure_draft(row: &DecisionRow) -> AppResult<()> {
    if row.state == DecisionState::Draft {
        return Ok(());
    }
    Err(AppError::conflict(
        Code::DecisionState,
        t!(
            "Quyết định đã được ban hành (số {}): không thể sửa, xóa hay ban hành lại.",
            "The decision is issued (number {}): it cannot be changed, removed or issued again.",
            row.number.clone().unwrap_or_default()
        ),
    )
    .with_ext(Ext::State, row.state.as_str()))
}

/// The draft of a decision and the list of its nominations, for its issue (409
/// `decision_state` once issued).
pub fn for_issue(conn: &mut DbConn, id: &str) -> AppResult<(DecisionRow, Vec<String>)> {
    let row = load(conn, id)?;
    ensure_draft(&row)?;
    let ids = store::items(conn, id)?
        .into_iter()
        .map(|i| i.nomination_id)
        .collect();
    Ok((row, ids))
}

/// The issue: its number and date, checked.
pub struct Issue {
    pub number: String,
    pub decided_on: NaiveDate,
}

/// Issues a draft: the bonuses on the base salary of the decision date are paid from that
/// year's fund (409 `fund_exceeded` with the amounts), each nomination is approved with the
/// decision's number and date and its award links the decision and its bonus, and the issued
/// papers are kept. The caller approves (the approver).
pub fn issue(
    conn: &mut DbConn,
    who: &Who,
    caller: &Caller,
    id: &str,
    cmd: &Issue,
    drawn: &Plan,
    papers: &(super::files::Upload, super::files::Upload),
) -> AppResult<Shown> {
    // Issues queue here, on every instance, before they read what was paid before: two
    // decisions for the same awardee and period never both pay the title in full.
    crate::store::lock_key(conn, "decisions:issue")?;
    let (before, ids) = for_issue(conn, id)?;
    let now_plan = plan(conn, &ids, cmd.decided_on)?;
    ensure_same(&now_plan, &drawn.figures())?;
    let year = chrono::Datelike::year(&cmd.decided_on);
    if now_plan.total > 0 {
        super::funding::spend(
            conn,
            who,
            &super::funding::Spending {
                year,
                kind: FundEntryKind::Bonuses,
                amount: now_plan.total,
                grant_id: None,
                decision_id: Some(id.to_owned()),
                note: format!(
                    "Tiền thưởng theo Quyết định số {} ngày {}",
                    cmd.number,
                    short_date(cmd.decided_on)
                ),
            },
        )?;
    }
    let step = super::nominations::Step::Approve {
        decision_number: cmd.number.clone(),
        decision_date: cmd.decided_on,
    };
    for (position, line) in (1..).zip(&now_plan.lines) {
        super::nominations::act(conn, caller, who, &line.nomination.id, None, &step)?;
        awards::set_decision(conn, &line.nomination.id, id, line.per_mille, line.amount)?;
        store::update_item(
            conn,
            &ItemRow {
                decision_id: id.to_owned(),
                nomination_id: line.nomination.id.clone(),
                position,
                per_mille: Some(line.per_mille),
                amount: Some(line.amount),
                paid_before: Some(line.paid_before),
            },
        )?;
    }
    let (docx, pdf) = keep_pair(conn, who, papers)?;
    let mut row = before.clone();
    row.state = DecisionState::Issued;
    row.number = Some(cmd.number.clone());
    row.decided_on = Some(cmd.decided_on);
    row.base_salary = Some(now_plan.base_salary);
    row.total_bonus = Some(now_plan.total);
    row.issued_docx_id = Some(docx);
    row.issued_pdf_id = Some(pdf);
    save_versioned(conn, who, "issue", None, &before, row)?;
    read(conn, id)
}

/// Removes a draft (409 `decision_state` once issued); its nominations may go into another.
pub fn discard(conn: &mut DbConn, who: &Who, id: &str) -> AppResult<()> {
    let row = load(conn, id)?;
    ensure_draft(&row)?;
    store::delete(conn, id)?;
    audit::record(
        conn,
        who,
        "delete",
        DecisionRow::ENTITY,
        id,
        Some(&json_of(&row)),
        None,
    )
}

/// Records an uploaded template whose fields were checked.
pub fn add_template(
    conn: &mut DbConn,
    who: &Who,
    kind: PaperKind,
    award_type_id: Option<String>,
    file_id: &str,
    fields: &[String],
) -> AppResult<TemplateRow> {
    if let Some(t) = &award_type_id {
        if award_types::get(conn, t)?.is_none() {
            return Err(crate::error::unknown_reference(
                "/award_type_id",
                "loại khen thưởng / award type",
            ));
        }
    }
    let row = TemplateRow {
        id: new_id(),
        kind,
        award_type_id,
        file_id: file_id.to_owned(),
        fields: serde_json::to_string(fields).unwrap_or_default(),
        created_at: now(),
    };
    store::insert_template(conn, &row)?;
    audit::record(
        conn,
        who,
        "create",
        "paper_template",
        &row.id,
        None,
        Some(&json_of(&row)),
    )?;
    Ok(row)
}

/// Every uploaded template, newest first.
pub fn templates(conn: &mut DbConn) -> AppResult<Vec<TemplateRow>> {
    store::templates(conn)
}

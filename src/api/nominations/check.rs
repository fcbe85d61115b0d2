//! The checks of nomination requests: every field error at once, then the typed command the
//! service takes.

use crate::api::Check;
use crate::domain::access::Caller;
use crate::error::AppResult;
use crate::service::nominations::{Changes, Members, Proposal, Scoring, Step};
use crate::t;
use chrono::Datelike;

use super::dto::{ActionRequest, MemberFigures, NewNomination, NominationPatch, ReviewRequest};

fn check_working_days(c: &mut Check, pointer: &str, days: Option<i32>) {
    if days.is_some_and(|d| !(1..=60).contains(&d)) {
        c.fail(
            pointer,
            t!(
                "Số ngày làm việc phải từ 1 đến 60.",
                "The working days must be 1 to 60."
            ),
        );
    }
}

/// A new form of commendation: its code (lowercase ASCII letters, digits and hyphens) and name.
pub fn form(code: &str, name: &str) -> AppResult<(String, String)> {
    let mut c = Check::new();
    let code = c.name("/code", code, 50);
    if !code
        .chars()
        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
    {
        c.fail(
            "/code",
            t!(
                "Mã chỉ gồm chữ thường không dấu, số và dấu gạch ngang.",
                "The code takes lowercase ASCII letters, digits and hyphens."
            ),
        );
    }
    let name = c.name("/name", name, 300);
    c.finish()?;
    Ok((code, name))
}

/// A new nomination; the proposing unit defaults to the caller's.
pub fn proposal(b: NewNomination, caller: &Caller) -> AppResult<Proposal> {
    let mut c = Check::new();
    let dossier = c.name("/dossier", &b.dossier, 100_000);
    check_working_days(&mut c, "/comment_working_days", b.comment_working_days);
    let this_year = crate::domain::today().year();
    if !(2000..=2100).contains(&b.year) {
        c.fail(
            "/year",
            t!(
                "Năm phải từ 2000 đến 2100.",
                "The year must be between 2000 and 2100."
            ),
        );
    } else if b.year > this_year {
        // Achievements are judged after they happen: no nomination for a year to come.
        c.fail(
            "/year",
            t!(
                "Năm {} chưa đến: chỉ đề nghị khen thưởng cho năm {} trở về trước.",
                "{} has not come yet: a nomination is for {} or an earlier year.",
                b.year,
                this_year
            ),
        );
    }
    if b.awardee_id.is_none() && b.model_id.is_none() {
        c.fail(
            "/awardee_id",
            t!(
                "Cần nêu cá nhân, tập thể được đề nghị (awardee_id) hoặc điển hình (model_id).",
                "Name the awardee proposed (awardee_id) or the model (model_id)."
            ),
        );
    }
    let proposing = b.proposing_unit_id.clone().or(caller.unit.clone());
    if proposing.is_none() {
        c.fail(
            "/proposing_unit_id",
            t!("Cần đơn vị đề nghị.", "The proposing unit is required."),
        );
    }
    let figures = b.members.map(|m| members(&mut c, m));
    c.finish()?;
    Ok(Proposal {
        awardee_id: b.awardee_id,
        model_id: b.model_id,
        movement_id: b.movement_id,
        year: b.year,
        track: b.track,
        congress_id: b.congress_id,
        form_id: b.form_id,
        proposing_unit_id: proposing.unwrap_or_default(),
        criteria_set_id: b.criteria_set_id,
        dossier,
        comment_working_days: b.comment_working_days,
        stream: b.stream,
        initiative_id: b.initiative_id.clone(),
        members: figures,
    })
}

/// Changes to a draft or returned nomination.
pub fn changes(b: NominationPatch) -> AppResult<Changes> {
    let mut c = Check::new();
    let dossier = b.dossier.as_deref().map(|d| c.name("/dossier", d, 100_000));
    check_working_days(&mut c, "/comment_working_days", b.comment_working_days);
    let members = b.members.map(|m| members(&mut c, m));
    c.finish()?;
    Ok(Changes {
        dossier,
        form_id: b.form_id,
        criteria_set_id: b.criteria_set_id,
        comment_working_days: b.comment_working_days,
        initiative_id: b.initiative_id,
        members,
    })
}

/// Member figures that can be: none above the number of members.
fn members(c: &mut Check, m: MemberFigures) -> Members {
    for (pointer, n) in [
        ("/members/completed", m.completed),
        ("/members/advanced", m.advanced),
    ] {
        if n < 0 || n > m.total {
            c.fail(
                pointer,
                t!(
                    "Từ 0 đến số thành viên ({}).",
                    "From 0 to the number of members ({}).",
                    m.total
                ),
            );
        }
    }
    if m.total < 1 {
        c.fail(
            "/members/total",
            t!("Ít nhất 1 thành viên.", "At least 1 member."),
        );
    }
    (m.total, m.completed, m.advanced)
}

/// A workflow step with its texts cleaned; a decision cannot be dated in the future.
pub fn step(b: ActionRequest) -> AppResult<Step> {
    let mut c = Check::new();
    let step = match b {
        ActionRequest::Submit => Step::Submit,
        ActionRequest::Withdraw { reason } => Step::Withdraw {
            reason: c.optional("/reason", reason.as_deref(), 2000),
        },
        ActionRequest::StartReview => Step::StartReview,
        ActionRequest::Return { comments } => Step::Return {
            comments: c.name("/comments", &comments, 4000),
        },
        ActionRequest::OpenComment { working_days } => {
            check_working_days(&mut c, "/working_days", working_days);
            Step::OpenComment { working_days }
        }
        ActionRequest::CloseComment => Step::CloseComment,
        ActionRequest::Recommend { override_reason } => Step::Recommend {
            override_reason: c.optional("/override_reason", override_reason.as_deref(), 2000),
        },
        ActionRequest::Reject { reason } => Step::Reject {
            reason: c.name("/reason", &reason, 2000),
        },
        ActionRequest::SendBack { reason } => Step::SendBack {
            reason: c.name("/reason", &reason, 2000),
        },
        ActionRequest::Approve {
            decision_number,
            decision_date,
        } => {
            let decision_number = c.name("/decision_number", &decision_number, 100);
            if decision_date > crate::domain::today() {
                c.fail(
                    "/decision_date",
                    t!(
                        "Ngày quyết định không thể ở tương lai.",
                        "decision_date cannot be in the future."
                    ),
                );
            }
            Step::Approve {
                decision_number,
                decision_date,
            }
        }
        ActionRequest::Revoke {
            reason,
            document_id,
        } => Step::Revoke {
            reason: c.name("/reason", &reason, 2000),
            document_id,
        },
    };
    c.finish()?;
    Ok(step)
}

/// A reviewer's scores; one who declares a conflict of interest gives none.
pub fn scoring(b: ReviewRequest) -> AppResult<Scoring> {
    let mut c = Check::new();
    let note = c.optional("/note", b.note.as_deref(), 4000);
    if b.conflict_of_interest && !b.scores.is_empty() {
        c.fail(
            "/scores",
            t!(
                "Người có xung đột lợi ích không chấm điểm.",
                "A reviewer with a conflict of interest gives no scores."
            ),
        );
    }
    c.finish()?;
    Ok(Scoring {
        conflict_of_interest: b.conflict_of_interest,
        scores: b
            .scores
            .into_iter()
            .map(|s| (s.criterion, s.points))
            .collect(),
        note,
    })
}

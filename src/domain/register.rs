//! Rules of the movement register: the state of an implementation plan (derived from dates,
//! never stored), plan periods, money, and the history of names and lead units.

use chrono::{NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::str_enum;

str_enum!(
    /// Where an implementation plan stands, judged by dates in Asia/Ho_Chi_Minh.
    PlanState {
        /// Not issued, and the due date has not passed.
        Pending => "pending",
        /// Issued on or before the due date.
        IssuedOnTime => "issued_on_time",
        /// Issued after the due date.
        IssuedLate => "issued_late",
        /// Not issued, and the due date has passed.
        Overdue => "overdue",
    }
);

impl PlanState {
    /// The state of a plan due on `due_on`, issued on `issued_on`, as of `today`.
    pub fn of(due_on: NaiveDate, issued_on: Option<NaiveDate>, today: NaiveDate) -> PlanState {
        match issued_on {
            Some(day) if day <= due_on => PlanState::IssuedOnTime,
            Some(_) => PlanState::IssuedLate,
            None if today > due_on => PlanState::Overdue,
            None => PlanState::Pending,
        }
    }
}

str_enum!(
    /// What a plan covers: the lead unit's plan for the phase or for a year of the movement,
    /// or one unit's own annual plan for it.
    PlanKind {
        Phase => "phase",
        Annual => "annual",
        UnitAnnual => "unit_annual",
    }
);

impl PlanKind {
    /// Whether its targets count the whole movement (the lead unit's plans) or one unit.
    pub fn movement_wide(self) -> bool {
        !matches!(self, PlanKind::UnitAnnual)
    }
}

/// The first and last day of a year.
pub fn year_span(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

str_enum!(
    /// How many take part in a movement: it sets the yearly nomination quota (2, or 4 when broad).
    Scale {
        Standard => "standard",
        Broad => "broad",
    }
);

str_enum!(
    MovementStatus {
        Active => "active",
        Closed => "closed",
    }
);

/// An amount of money in whole Vietnamese đồng. Never a float.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[schema(value_type = i64, example = 150000000)]
pub struct Vnd(pub i64);

impl Vnd {
    pub fn checked_add(self, other: Vnd) -> Option<Vnd> {
        self.0.checked_add(other.0).map(Vnd)
    }
    pub fn checked_sub(self, other: Vnd) -> Option<Vnd> {
        self.0.checked_sub(other.0).map(Vnd)
    }
}

/// Checks that a change effective on `effective_on` may close the current period that began on
/// `current_from`, and returns the last day of the current period.
pub fn close_current(current_from: NaiveDate, effective_on: NaiveDate) -> Option<NaiveDate> {
    if effective_on > current_from {
        effective_on.checked_sub_signed(TimeDelta::days(1))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn a_plan_issued_on_its_due_date_is_on_time() {
        let due = d(2022, 8, 15);
        assert_eq!(
            PlanState::of(due, Some(d(2022, 8, 15)), d(2023, 1, 1)),
            PlanState::IssuedOnTime
        );
        assert_eq!(
            PlanState::of(due, Some(d(2022, 8, 16)), d(2023, 1, 1)),
            PlanState::IssuedLate
        );
    }

    #[test]
    fn an_unissued_plan_is_overdue_only_after_its_due_date() {
        let due = d(2022, 8, 15);
        assert_eq!(PlanState::of(due, None, d(2022, 8, 15)), PlanState::Pending);
        assert_eq!(PlanState::of(due, None, d(2022, 8, 16)), PlanState::Overdue);
    }

    #[test]
    fn a_rename_closes_the_previous_name_the_day_before() {
        assert_eq!(
            close_current(d(2021, 6, 11), d(2022, 7, 15)),
            Some(d(2022, 7, 14))
        );
        assert_eq!(close_current(d(2022, 7, 15), d(2022, 7, 15)), None);
        assert_eq!(close_current(d(2022, 7, 15), d(2022, 7, 1)), None);
    }

    #[test]
    fn money_never_overflows_silently() {
        assert_eq!(Vnd(i64::MAX).checked_add(Vnd(1)), None);
        assert_eq!(Vnd(5).checked_sub(Vnd(7)), Some(Vnd(-2)));
    }
}

str_enum!(
    /// What a plan target counts. All but `other` are measured from the service's own data.
    Indicator {
        /// Exemplary models discovered in the period.
        ModelsDiscovered => "models_discovered",
        /// Exemplary models nurtured in the period.
        ModelsNurtured => "models_nurtured",
        /// Exemplary models replicated in the period.
        ModelsReplicated => "models_replicated",
        /// Publicity items (optionally on one channel) in the period.
        PublicityItems => "publicity_items",
        /// Units' own annual plans for the movement that have been issued.
        UnitPlansIssued => "unit_plans_issued",
        /// Anything else; described in words, not measured.
        Other => "other",
    }
);

str_enum!(
    /// Where a publicity item appeared.
    Channel {
        /// The unit's own portal.
        UnitPortal => "unit_portal",
        /// The provincial e-portal.
        ProvincialPortal => "provincial_portal",
        /// Đài Phát thanh và Truyền hình Hưng Yên.
        RadioTv => "radio_tv",
        /// Báo Hưng Yên and other newspapers.
        Newspaper => "newspaper",
        Social => "social",
        Other => "other",
    }
);

str_enum!(
    /// Where a funding grant stands.
    GrantState {
        Requested => "requested",
        Recommended => "recommended",
        Approved => "approved",
        Rejected => "rejected",
    }
);

str_enum!(
    /// What can be done to a funding grant.
    GrantAction {
        Recommend => "recommend",
        Approve => "approve",
        Reject => "reject",
    }
);

/// Who acts on a grant, as the workflow sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantActor {
    Coordinator,
    Approver,
    Other,
}

/// Why a grant action is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GrantRefusal {
    /// Not allowed in this state; these actions are.
    State(Vec<GrantAction>),
    /// Allowed in this state, but not for this actor.
    Actor,
}

impl GrantState {
    /// The workflow: the coordinator recommends, the approver approves; the coordinator rejects
    /// a request or a recommendation, the approver a recommendation.
    pub fn apply(self, action: GrantAction, actor: GrantActor) -> Result<GrantState, GrantRefusal> {
        use GrantAction as A;
        use GrantActor as W;
        use GrantState as S;
        let (next, allowed) = match (self, action) {
            (S::Requested, A::Recommend) => (S::Recommended, actor == W::Coordinator),
            (S::Recommended, A::Approve) => (S::Approved, actor == W::Approver),
            (S::Requested, A::Reject) => (S::Rejected, actor == W::Coordinator),
            (S::Recommended, A::Reject) => {
                (S::Rejected, matches!(actor, W::Coordinator | W::Approver))
            }
            _ => return Err(GrantRefusal::State(self.actions())),
        };
        if allowed {
            Ok(next)
        } else {
            Err(GrantRefusal::Actor)
        }
    }

    /// The actions possible in this state, for someone.
    pub fn actions(self) -> Vec<GrantAction> {
        match self {
            GrantState::Requested => vec![GrantAction::Recommend, GrantAction::Reject],
            GrantState::Recommended => vec![GrantAction::Approve, GrantAction::Reject],
            GrantState::Approved | GrantState::Rejected => Vec::new(),
        }
    }
}

#[cfg(test)]
mod grant_tests {
    use super::*;

    #[test]
    fn every_state_and_action_pair_follows_the_workflow() {
        let actors = [
            GrantActor::Coordinator,
            GrantActor::Approver,
            GrantActor::Other,
        ];
        for state in GrantState::ALL {
            for action in GrantAction::ALL {
                for actor in actors {
                    let expected = match (state, action, actor) {
                        (
                            GrantState::Requested,
                            GrantAction::Recommend,
                            GrantActor::Coordinator,
                        ) => Ok(GrantState::Recommended),
                        (GrantState::Recommended, GrantAction::Approve, GrantActor::Approver) => {
                            Ok(GrantState::Approved)
                        }
                        (GrantState::Requested, GrantAction::Reject, GrantActor::Coordinator) => {
                            Ok(GrantState::Rejected)
                        }
                        (
                            GrantState::Recommended,
                            GrantAction::Reject,
                            GrantActor::Coordinator | GrantActor::Approver,
                        ) => Ok(GrantState::Rejected),
                        (s, a, _) if s.actions().contains(a) => Err(GrantRefusal::Actor),
                        (s, _, _) => Err(GrantRefusal::State(s.actions())),
                    };
                    assert_eq!(
                        state.apply(*action, actor),
                        expected,
                        "{state:?} {action:?} {actor:?}"
                    );
                }
            }
        }
    }
}

str_enum!(
    /// What moved a year's emulation fund: income (an allocation on its document, an adjustment
    /// when the amount is set anew) or spending (an approved grant, a decision's bonuses).
    FundEntryKind {
        Allocation => "allocation",
        Adjustment => "adjustment",
        Grant => "grant",
        Bonuses => "bonuses",
    }
);

str_enum!(
    /// Where a decision stands: drafted with its submission, or issued with its number and date.
    DecisionState {
        Draft => "draft",
        Issued => "issued",
    }
);

str_enum!(
    /// The papers drafted from a template: the submission to the Chairman, the decision.
    PaperKind {
        Submission => "submission",
        Decision => "decision",
    }
);

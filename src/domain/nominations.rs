//! Nominations for commendation (letter points 6c, 6d): the workflow as one state machine, the
//! states that hold a quota place, and the working-day arithmetic of the public comment period.

use std::collections::HashSet;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::str_enum;

str_enum!(
    /// Where a nomination stands.
    NominationState {
        /// Being prepared by the proposing unit.
        Draft => "draft",
        /// Sent to the Department of Home Affairs.
        Submitted => "submitted",
        /// Being reviewed and scored.
        InReview => "in_review",
        /// Sent back to the proposing unit with comments.
        Returned => "returned",
        /// Listed publicly for comment until its closing date.
        PublicComment => "public_comment",
        /// Recommended to the Chairman: holds a quota place.
        Recommended => "recommended",
        /// Decided: the honour is granted and public.
        Approved => "approved",
        Rejected => "rejected",
        Withdrawn => "withdrawn",
        /// Revoked after approval (a false dossier): keeps its quota place for the year.
        Revoked => "revoked",
    }
);

str_enum!(
    /// What can be done to a nomination.
    NominationAction {
        Submit => "submit",
        Withdraw => "withdraw",
        StartReview => "start_review",
        Return => "return",
        OpenComment => "open_comment",
        CloseComment => "close_comment",
        Recommend => "recommend",
        Reject => "reject",
        SendBack => "send_back",
        Approve => "approve",
        Revoke => "revoke",
    }
);

/// Who acts on a nomination, as the workflow sees them. A caller may be several at once (an
/// officer of the proposing unit is `Proposer`; a coordinator is `Coordinator`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NominationActor {
    /// An officer of the proposing unit.
    Proposer,
    Coordinator,
    Approver,
    /// Anyone else.
    Other,
}

/// Why an action is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not possible in this state; these actions are (409).
    State(Vec<NominationAction>),
    /// Possible in this state, but not for this actor (403).
    Actor,
}

impl NominationState {
    /// The workflow table of issue 6, in one place: the next state and who may take the step.
    fn step(self, action: NominationAction) -> Option<(NominationState, NominationActor)> {
        use NominationAction as A;
        use NominationActor as W;
        use NominationState as S;
        Some(match (self, action) {
            (S::Draft | S::Returned, A::Submit) => (S::Submitted, W::Proposer),
            (S::Draft | S::Returned | S::Submitted | S::InReview, A::Withdraw) => {
                (S::Withdrawn, W::Proposer)
            }
            (S::Submitted, A::StartReview) => (S::InReview, W::Coordinator),
            (S::InReview, A::Return) => (S::Returned, W::Coordinator),
            (S::InReview, A::OpenComment) => (S::PublicComment, W::Coordinator),
            (S::PublicComment, A::CloseComment) => (S::InReview, W::Coordinator),
            (S::InReview, A::Recommend) => (S::Recommended, W::Coordinator),
            (S::InReview, A::Reject) => (S::Rejected, W::Coordinator),
            (S::Recommended, A::Reject) => (S::Rejected, W::Approver),
            (S::Recommended, A::SendBack) => (S::InReview, W::Approver),
            (S::Recommended, A::Approve) => (S::Approved, W::Approver),
            (S::Approved, A::Revoke) => (S::Revoked, W::Approver),
            _ => return None,
        })
    }

    /// Applies `action` for a caller who is each of `actors`.
    pub fn apply(
        self,
        action: NominationAction,
        actors: &[NominationActor],
    ) -> Result<NominationState, Refusal> {
        match self.step(action) {
            None => Err(Refusal::State(self.actions())),
            Some((next, who)) if actors.contains(&who) => Ok(next),
            Some(_) => Err(Refusal::Actor),
        }
    }

    /// The actions possible in this state, for someone.
    pub fn actions(self) -> Vec<NominationAction> {
        NominationAction::ALL
            .iter()
            .copied()
            .filter(|a| self.step(*a).is_some())
            .collect()
    }

    /// Whether a nomination in this state holds a place in its quota: from `recommended` on;
    /// a revoked honour keeps its place for the year.
    pub fn holds_quota_place(self) -> bool {
        matches!(
            self,
            NominationState::Recommended | NominationState::Approved | NominationState::Revoked
        )
    }

    /// Whether it still blocks another nomination of the same nominee, form and year.
    pub fn blocks_duplicates(self) -> bool {
        !matches!(self, NominationState::Rejected | NominationState::Withdrawn)
    }

    /// Whether it is still in progress: not decided, rejected, withdrawn or revoked (a
    /// reorganisation hands such nominations over to the successor).
    pub fn open(self) -> bool {
        !matches!(
            self,
            NominationState::Approved
                | NominationState::Rejected
                | NominationState::Withdrawn
                | NominationState::Revoked
        )
    }

    /// Whether reviewers may score it now.
    pub fn open_for_scoring(self) -> bool {
        matches!(
            self,
            NominationState::InReview | NominationState::PublicComment
        )
    }

    /// Whether the proposing unit may still edit the dossier.
    pub fn editable(self) -> bool {
        matches!(self, NominationState::Draft | NominationState::Returned)
    }
}

/// Whether `day` is a working day: not a Saturday, a Sunday or a listed public holiday.
pub fn is_working_day(day: NaiveDate, holidays: &HashSet<NaiveDate>) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&day)
}

/// The date `n` working days after `start` (the start day itself does not count): the closing
/// date of a public comment period opened on `start`.
pub fn add_working_days(start: NaiveDate, n: u32, holidays: &HashSet<NaiveDate>) -> NaiveDate {
    let mut day = start;
    let mut left = n;
    while left > 0 {
        day = day.checked_add_days(Days::new(1)).unwrap_or(day);
        if is_working_day(day, holidays) {
            left -= 1;
        }
    }
    day
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;
    use NominationAction as A;
    use NominationActor as W;
    use NominationState as S;

    /// The table of issue 6, written out row by row as the test's own oracle.
    const TABLE: &[(&[S], A, W, S)] = &[
        (
            &[S::Draft, S::Returned],
            A::Submit,
            W::Proposer,
            S::Submitted,
        ),
        (
            &[S::Draft, S::Returned, S::Submitted, S::InReview],
            A::Withdraw,
            W::Proposer,
            S::Withdrawn,
        ),
        (&[S::Submitted], A::StartReview, W::Coordinator, S::InReview),
        (&[S::InReview], A::Return, W::Coordinator, S::Returned),
        (
            &[S::InReview],
            A::OpenComment,
            W::Coordinator,
            S::PublicComment,
        ),
        (
            &[S::PublicComment],
            A::CloseComment,
            W::Coordinator,
            S::InReview,
        ),
        (&[S::InReview], A::Recommend, W::Coordinator, S::Recommended),
        (&[S::InReview], A::Reject, W::Coordinator, S::Rejected),
        (&[S::Recommended], A::Reject, W::Approver, S::Rejected),
        (&[S::Recommended], A::SendBack, W::Approver, S::InReview),
        (&[S::Recommended], A::Approve, W::Approver, S::Approved),
        (&[S::Approved], A::Revoke, W::Approver, S::Revoked),
    ];

    #[test]
    fn every_state_action_and_actor_follows_the_table() {
        let actors = [W::Proposer, W::Coordinator, W::Approver, W::Other];
        let mut allowed = 0;
        for state in S::ALL {
            let possible: Vec<A> = A::ALL
                .iter()
                .copied()
                .filter(|a| {
                    TABLE
                        .iter()
                        .any(|(from, x, _, _)| x == a && from.contains(state))
                })
                .collect();
            assert_eq!(state.actions(), possible, "{state:?}");
            for action in A::ALL {
                let row = TABLE
                    .iter()
                    .find(|(from, a, _, _)| a == action && from.contains(state));
                for actor in actors {
                    let expected = match row {
                        Some((_, _, who, to)) if *who == actor => Ok(*to),
                        Some(_) => Err(Refusal::Actor),
                        None => Err(Refusal::State(possible.clone())),
                    };
                    if expected.is_ok() {
                        allowed += 1;
                    }
                    assert_eq!(
                        state.apply(*action, &[actor]),
                        expected,
                        "{state:?} {action:?} {actor:?}"
                    );
                }
            }
        }
        // 16 (state, action) pairs in the table, each for exactly one actor.
        assert_eq!(allowed, 16);
    }

    #[test]
    fn quota_places_and_duplicates() {
        let holding: Vec<S> = S::ALL
            .iter()
            .copied()
            .filter(|s| s.holds_quota_place())
            .collect();
        assert_eq!(holding, vec![S::Recommended, S::Approved, S::Revoked]);
        let free: Vec<S> = S::ALL
            .iter()
            .copied()
            .filter(|s| !s.blocks_duplicates())
            .collect();
        assert_eq!(free, vec![S::Rejected, S::Withdrawn]);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let none = HashSet::new();
        // Monday 2025-03-03 + 5 working days = Monday 2025-03-10.
        assert_eq!(add_working_days(d(2025, 3, 3), 5, &none), d(2025, 3, 10));
        // Opened on a Friday: Mon..Fri of the next week.
        assert_eq!(add_working_days(d(2025, 3, 7), 5, &none), d(2025, 3, 14));
        // Opened on a Saturday: the count starts on Monday.
        assert_eq!(add_working_days(d(2025, 3, 8), 1, &none), d(2025, 3, 10));
        assert_eq!(add_working_days(d(2025, 3, 8), 0, &none), d(2025, 3, 8));
        // 30/4 and 1/5/2025 (Wednesday, Thursday) and the bridging Friday 2/5 are holidays.
        let holidays: HashSet<NaiveDate> = [d(2025, 4, 30), d(2025, 5, 1), d(2025, 5, 2)].into();
        // Tuesday 29/4 + 5 = Mon 5/5, Tue 6/5, Wed 7/5, Thu 8/5, Fri 9/5.
        assert_eq!(
            add_working_days(d(2025, 4, 29), 5, &holidays),
            d(2025, 5, 9)
        );
        assert!(!is_working_day(d(2025, 5, 1), &holidays));
        assert!(is_working_day(d(2025, 5, 5), &holidays));
        // A holiday on a weekend does not count twice.
        let weekend_holiday: HashSet<NaiveDate> = [d(2025, 3, 8)].into();
        assert_eq!(
            add_working_days(d(2025, 3, 7), 1, &weekend_holiday),
            d(2025, 3, 10)
        );
    }
}

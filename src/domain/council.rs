//! The Emulation and Commendation Council's arithmetic (Decree 98/2023/NĐ-CP Art. 30(7), kept by
//! the provinces' regulations under Decree 152/2025/NĐ-CP): a quorum as a share of the members,
//! and agreement counted on the council's *total* membership, never on those present. The
//! figures are data (the council's settings, the award type's version); only the rule is here.

use crate::str_enum;

str_enum!(
    /// A member's position on the council.
    CouncilPosition {
        Chair => "chair",
        ViceChair => "vice_chair",
        StandingMember => "standing_member",
        Member => "member",
    }
);

str_enum!(
    /// Whether a member attends a session.
    AttendanceStatus {
        Present => "present",
        /// Absent, with an opinion in writing (recorded in the minutes).
        AbsentWithOpinion => "absent_with_opinion",
        Absent => "absent",
    }
);

str_enum!(
    /// Where a session is: planned (agenda and attendance recorded), open (ballots cast),
    /// closed (tallied).
    SessionState {
        Planned => "planned",
        Open => "open",
        Closed => "closed",
    }
);

str_enum!(
    /// A ballot's choice.
    Choice {
        Agree => "agree",
        Disagree => "disagree",
    }
);

/// The fewest members present that make `numerator / denominator` of `total`.
pub fn needed(total: i64, numerator: i64, denominator: i64) -> i64 {
    if denominator <= 0 {
        return total;
    }
    (total * numerator + denominator - 1) / denominator
}

/// Whether a nominee passes: `agree × 100 ≥ threshold × total membership`.
pub fn passes(agree: i64, threshold_percent: i64, total: i64) -> bool {
    total > 0 && agree * 100 >= threshold_percent * total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_is_counted_on_the_whole_council() {
        // 11 members, 9 present and agreeing: 81.8 % of the council.
        assert!(passes(9, 80, 11));
        assert!(!passes(9, 90, 11));
        assert!(passes(10, 90, 11), "10/11 = 90.9 %");
        assert!(!passes(0, 0, 0), "no council, no pass");
    }

    #[test]
    fn a_quorum_is_rounded_up() {
        assert_eq!(needed(11, 2, 3), 8, "7 of 11 is 63.6 %, below two thirds");
        assert_eq!(needed(9, 2, 3), 6);
        assert_eq!(needed(11, 80, 100), 9, "8 of 11 is 72.7 %");
        assert_eq!(needed(10, 80, 100), 8);
    }
}

//! Rules of exemplary models: their life stages, the priority the letter gives to small
//! collectives and people who do the work directly, who may see personal data, and when a
//! model may be shown to the public.

use chrono::NaiveDate;

use crate::domain::access::{Caller, Role};
use crate::str_enum;

str_enum!(
    /// A collective (tập thể) or an individual (cá nhân).
    ModelKind {
        Collective => "collective",
        Individual => "individual",
    }
);

str_enum!(
    /// Who the model is; the first five are the letter's priority categories.
    Category {
        /// Tập thể nhỏ.
        SmallCollective => "small_collective",
        /// Người trực tiếp thực hiện nhiệm vụ.
        FrontlineStaff => "frontline_staff",
        /// Công nhân.
        Worker => "worker",
        /// Nông dân.
        Farmer => "farmer",
        /// Người trực tiếp lao động sản xuất.
        DirectProducer => "direct_producer",
        /// Cán bộ quản lý.
        Manager => "manager",
        Other => "other",
    }
);

impl Category {
    /// Whether the letter asks for priority to this category (point 2).
    pub fn is_priority(self) -> bool {
        !matches!(self, Category::Manager | Category::Other)
    }
}

str_enum!(
    /// Discovered (phát hiện), nurtured (bồi dưỡng), replicated (nhân rộng).
    Stage {
        Discovered => "discovered",
        Nurtured => "nurtured",
        Replicated => "replicated",
    }
);

impl Stage {
    /// The one stage that may follow this one.
    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::Discovered => Some(Stage::Nurtured),
            Stage::Nurtured => Some(Stage::Replicated),
            Stage::Replicated => None,
        }
    }
}

/// Why a stage change is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum StageRefusal {
    /// Stages only move forward, one step at a time; this is the step allowed now.
    NotNext(Option<Stage>),
    /// A step cannot be dated before the previous one, nor in the future.
    BadDate,
}

/// Checks moving from `current` (reached on `since`) to `to` on `on`, as of `today`.
pub fn advance(
    current: Stage,
    since: NaiveDate,
    to: Stage,
    on: NaiveDate,
    today: NaiveDate,
) -> Result<(), StageRefusal> {
    if current.next() != Some(to) {
        return Err(StageRefusal::NotNext(current.next()));
    }
    if on < since || on > today {
        return Err(StageRefusal::BadDate);
    }
    Ok(())
}

/// Whether a model may appear on a public endpoint: published, and for an individual only
/// with recorded consent.
pub fn is_public(published: bool, kind: ModelKind, consent: bool) -> bool {
    published && (kind == ModelKind::Collective || consent)
}

/// Whether the caller may see the personal data of a model managed by `unit`: admins,
/// coordinators, and the officers of that unit.
pub fn may_see_personal_data(caller: &Caller, unit: &str) -> bool {
    caller.is(&[Role::Admin, Role::Coordinator])
        || (caller.is(&[Role::UnitOfficer]) && caller.unit.as_deref() == Some(unit))
}

/// The members of a model that hold personal data; the audit log keeps only that they changed.
pub const PERSONAL_FIELDS: [&str; 4] = ["birth_date", "phone", "national_id", "home_address"];

/// Replaces personal data in a JSON snapshot with a marker (present or absent, never the value).
pub fn redact(mut value: serde_json::Value) -> serde_json::Value {
    if let Some(map) = value.as_object_mut() {
        for field in PERSONAL_FIELDS {
            if let Some(v) = map.get_mut(field) {
                if !v.is_null() {
                    *v = serde_json::Value::from("[redacted]");
                }
            }
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::Actor;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, m, day).unwrap_or_default()
    }

    #[test]
    fn stages_move_forward_one_step_with_ordered_dates() {
        let today = d(12, 31);
        assert_eq!(
            advance(Stage::Discovered, d(1, 1), Stage::Nurtured, d(3, 1), today),
            Ok(())
        );
        assert_eq!(
            advance(
                Stage::Discovered,
                d(1, 1),
                Stage::Replicated,
                d(3, 1),
                today
            ),
            Err(StageRefusal::NotNext(Some(Stage::Nurtured)))
        );
        assert_eq!(
            advance(Stage::Nurtured, d(3, 1), Stage::Replicated, d(2, 1), today),
            Err(StageRefusal::BadDate)
        );
        assert_eq!(
            advance(
                Stage::Replicated,
                d(3, 1),
                Stage::Discovered,
                d(4, 1),
                today
            ),
            Err(StageRefusal::NotNext(None))
        );
    }

    #[test]
    fn individuals_are_public_only_with_consent() {
        assert!(is_public(true, ModelKind::Collective, false));
        assert!(!is_public(true, ModelKind::Individual, false));
        assert!(is_public(true, ModelKind::Individual, true));
        assert!(!is_public(false, ModelKind::Individual, true));
    }

    #[test]
    fn priority_categories_are_the_letters() {
        let priority: Vec<&str> = Category::ALL
            .iter()
            .filter(|c| c.is_priority())
            .map(|c| c.as_str())
            .collect();
        assert_eq!(
            priority,
            [
                "small_collective",
                "frontline_staff",
                "worker",
                "farmer",
                "direct_producer"
            ]
        );
    }

    #[test]
    fn personal_data_is_for_registrars_and_the_own_unit() {
        let officer = |unit: &str| Caller {
            actor: Actor::User {
                id: "u".into(),
                role: Role::UnitOfficer,
            },
            unit: Some(unit.into()),
        };
        let viewer = Caller {
            actor: Actor::User {
                id: "v".into(),
                role: Role::Viewer,
            },
            unit: None,
        };
        assert!(may_see_personal_data(&officer("A"), "A"));
        assert!(!may_see_personal_data(&officer("B"), "A"));
        assert!(!may_see_personal_data(&viewer, "A"));
    }

    #[test]
    fn the_audit_log_never_keeps_personal_values() {
        let v = redact(
            serde_json::json!({"name": "Nguyễn Văn A", "phone": "0912345678", "national_id": null}),
        );
        assert_eq!(v["phone"], "[redacted]");
        assert_eq!(v["national_id"], serde_json::Value::Null);
        assert_eq!(v["name"], "Nguyễn Văn A");
    }
}

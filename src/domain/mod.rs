//! The rules of the service, with no HTTP and no SQL: who may do what, pagination cursors,
//! Vietnamese text.

pub mod access;
pub mod awardees;
pub mod bonus;
pub mod council;
pub mod eligibility;
pub mod files;
pub mod models;
pub mod nominations;
pub mod page;
pub mod passwords;
pub mod periods;
pub mod register;
pub mod text;
pub mod version;
pub mod vocab;

/// A closed set of values kept as text in the database and in JSON: each text is the
/// `snake_case` of its variant (serde and the OpenAPI schema use that rule; a unit test keeps
/// `as_str` in step). Generates the enum with serde and OpenAPI support, `as_str` and `parse`,
/// and makes it a diesel `Text` type for every backend: a row holds the enum itself, and a stored
/// text that is none of the values is an error when read, never a default.
#[macro_export]
macro_rules! str_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Clone,
            Copy,
            Debug,
            PartialEq,
            Eq,
            Hash,
            serde::Serialize,
            serde::Deserialize,
            utoipa::ToSchema,
            diesel::expression::AsExpression,
            diesel::deserialize::FromSqlRow,
        )]
        #[serde(rename_all = "snake_case")]
        #[diesel(sql_type = diesel::sql_types::Text)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl<DB: diesel::backend::Backend> diesel::serialize::ToSql<diesel::sql_types::Text, DB>
            for $name
        where
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                self.as_str().to_sql(out)
            }
        }

        impl<DB: diesel::backend::Backend> diesel::deserialize::FromSql<diesel::sql_types::Text, DB>
            for $name
        where
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let text = <String as diesel::deserialize::FromSql<
                    diesel::sql_types::Text,
                    DB,
                >>::from_sql(bytes)?;
                $name::parse(&text).ok_or_else(|| {
                    format!(
                        "unknown {} value {:?} in the database",
                        stringify!($name),
                        text
                    )
                    .into()
                })
            }
        }
    };
}

/// The province's time zone: deadlines and "today" are judged in it.
pub const PROVINCE_TZ: chrono_tz::Tz = chrono_tz::Asia::Ho_Chi_Minh;

/// Whether a span of days from `valid_from` to `valid_to` (open-ended when `None`) holds `day`:
/// a version, a rule, a term of office.
pub fn in_force(
    valid_from: chrono::NaiveDate,
    valid_to: Option<chrono::NaiveDate>,
    day: chrono::NaiveDate,
) -> bool {
    valid_from <= day && valid_to.is_none_or(|to| day <= to)
}

/// Today's date in the province.
pub fn today() -> chrono::NaiveDate {
    crate::clock::current().today()
}

#[cfg(test)]
mod tests {
    use crate::domain::register::{
        Channel, GrantAction, GrantState, Indicator, MovementStatus, PlanKind, PlanState, Scale,
    };
    use crate::domain::vocab::{
        ActionStatus, AppliesTo, Audience, ComplianceStatus, DeliveryStatus, DocumentKind,
        GroupKind, HandedOver, InspectionScope, LineageRole, ReminderKind, ReorganisationKind,
        Track, UnitKind,
    };

    fn same<T: serde::Serialize + Copy>(all: &[T], as_str: fn(T) -> &'static str) {
        for v in all {
            assert_eq!(
                serde_json::to_value(v).ok(),
                Some(serde_json::Value::from(as_str(*v)))
            );
        }
    }

    #[test]
    fn stored_text_is_the_json_text() {
        same(UnitKind::ALL, UnitKind::as_str);
        same(GroupKind::ALL, GroupKind::as_str);
        same(ReorganisationKind::ALL, ReorganisationKind::as_str);
        same(LineageRole::ALL, LineageRole::as_str);
        same(HandedOver::ALL, HandedOver::as_str);
        same(DocumentKind::ALL, DocumentKind::as_str);
        same(AppliesTo::ALL, AppliesTo::as_str);
        same(Track::ALL, Track::as_str);
        same(Audience::ALL, Audience::as_str);
        same(ComplianceStatus::ALL, ComplianceStatus::as_str);
        same(ReminderKind::ALL, ReminderKind::as_str);
        same(DeliveryStatus::ALL, DeliveryStatus::as_str);
        same(InspectionScope::ALL, InspectionScope::as_str);
        same(ActionStatus::ALL, ActionStatus::as_str);
        same(
            crate::domain::access::Role::ALL,
            crate::domain::access::Role::as_str,
        );
        same(PlanState::ALL, PlanState::as_str);
        same(PlanKind::ALL, PlanKind::as_str);
        same(Scale::ALL, Scale::as_str);
        same(MovementStatus::ALL, MovementStatus::as_str);
        same(Indicator::ALL, Indicator::as_str);
        same(Channel::ALL, Channel::as_str);
        same(GrantState::ALL, GrantState::as_str);
        same(GrantAction::ALL, GrantAction::as_str);
        same(
            crate::domain::periods::PeriodType::ALL,
            crate::domain::periods::PeriodType::as_str,
        );
        same(
            crate::domain::nominations::NominationState::ALL,
            crate::domain::nominations::NominationState::as_str,
        );
        same(
            crate::domain::nominations::NominationAction::ALL,
            crate::domain::nominations::NominationAction::as_str,
        );
    }
}

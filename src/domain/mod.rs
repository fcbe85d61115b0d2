//! The rules of the service, with no HTTP and no SQL: who may do what, pagination cursors,
//! Vietnamese text.

pub mod access;
pub mod page;
pub mod register;
pub mod text;

/// A closed set of values kept as text in the database and in JSON (`snake_case`).
/// Generates the enum with serde and OpenAPI support, `as_str` and `parse`.
#[macro_export]
macro_rules! str_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
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
    };
}

/// The province's time zone: deadlines and "today" are judged in it.
pub const PROVINCE_TZ: chrono_tz::Tz = chrono_tz::Asia::Ho_Chi_Minh;

/// Today's date in the province.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&PROVINCE_TZ).date_naive()
}

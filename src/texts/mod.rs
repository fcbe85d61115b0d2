//! The words people read in the spec, in one place: Vietnamese first, English after, for every
//! operation, parameter and enum value. [`crate::api::doc`] puts them into the document; its
//! tests fail when an operation, a parameter or a value has no text here.

mod enums;
mod operations_a;
mod operations_n;
mod parameters;
mod problems;

pub use enums::ENUMS;
pub use parameters::{OVERRIDES, PARAMETERS};
pub use problems::explain;

/// What a problem code means: its title, its usual cause and the caller's fix.
pub struct Explanation {
    pub title_vi: &'static str,
    pub title_en: &'static str,
    pub cause_vi: &'static str,
    pub cause_en: &'static str,
    pub fix_vi: &'static str,
    pub fix_en: &'static str,
}

/// The texts of one operation, found by its operationId.
pub struct Operation {
    pub id: &'static str,
    /// A short Vietnamese summary (a verb phrase, no final full stop).
    pub summary_vi: &'static str,
    pub summary_en: &'static str,
    /// What it does, who may call it, what to watch for: Vietnamese, one paragraph or more.
    pub vi: &'static str,
    /// The same in English.
    pub en: &'static str,
}

/// The texts of a parameter, found by its name (and its place: `query`, `path`, `header`).
pub struct Parameter {
    pub name: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
}

/// A parameter whose meaning at one operation differs from its name's usual one.
pub struct Override {
    pub operation: &'static str,
    pub name: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
}

/// The glosses of one enum schema's values: `(value, Vietnamese, English)`.
pub struct Enum {
    pub schema: &'static str,
    pub values: &'static [(&'static str, &'static str, &'static str)],
}

/// The one text people read: Vietnamese, then English.
pub fn both(vi: &str, en: &str) -> String {
    if en.is_empty() {
        vi.to_owned()
    } else {
        format!("{vi}\n\n*English:* {en}")
    }
}

/// A summary in both languages: `Vietnamese (English)`.
pub fn summary(op: &Operation) -> String {
    format!("{} ({})", op.summary_vi, op.summary_en)
}

/// Every operation's texts: `operations_a` holds the paths from `/api/v1/a…` to `/api/v1/m…`,
/// `operations_n` the rest (`/api/v1/n…` to `/api/v1/u…`, `/public`, `/healthz`, …).
pub fn operations() -> impl Iterator<Item = &'static Operation> {
    operations_a::OPERATIONS
        .iter()
        .chain(operations_n::OPERATIONS.iter())
}

pub fn operation(id: &str) -> Option<&'static Operation> {
    operations().find(|o| o.id == id)
}

/// The text of parameter `name` at operation `operation`.
pub fn parameter(operation: &str, name: &str) -> Option<(&'static str, &'static str)> {
    OVERRIDES
        .iter()
        .find(|o| o.operation == operation && o.name == name)
        .map(|o| (o.vi, o.en))
        .or_else(|| {
            PARAMETERS
                .iter()
                .find(|p| p.name == name)
                .map(|p| (p.vi, p.en))
        })
}

pub fn enum_glosses(schema: &str) -> Option<&'static Enum> {
    ENUMS.iter().find(|e| e.schema == schema)
}

/// The Vietnamese gloss of one value of an enum (the papers write it), or the value itself.
pub fn gloss_vi(schema: &str, value: &str) -> String {
    enum_glosses(schema)
        .and_then(|e| e.values.iter().find(|(v, _, _)| *v == value))
        .map_or_else(|| value.to_owned(), |(_, vi, _)| (*vi).to_owned())
}

#[cfg(test)]
mod tests {
    use crate::error::Code;

    #[test]
    fn every_problem_code_is_explained_in_both_languages() {
        let mut missing = Vec::new();
        for code in Code::ALL {
            let e = super::explain(*code);
            let parts = [
                e.title_vi, e.title_en, e.cause_vi, e.cause_en, e.fix_vi, e.fix_en,
            ];
            if parts.iter().any(|p| p.trim().is_empty()) {
                missing.push(code.as_str());
            }
        }
        assert!(missing.is_empty(), "not explained: {missing:?}");
    }
}

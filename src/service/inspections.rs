//! Use cases of `inspections` (being moved here from `api/inspections.rs`).

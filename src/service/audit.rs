//! Use cases of `audit` (being moved here from `api/audit.rs`).

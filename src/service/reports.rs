//! Use cases of `reports` (being moved here from `api/reports.rs`).

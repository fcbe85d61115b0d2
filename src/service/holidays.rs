//! Use cases of `holidays` (being moved here from `api/holidays.rs`).

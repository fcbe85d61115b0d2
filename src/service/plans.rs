//! Use cases of `plans` (being moved here from `api/plans.rs`).

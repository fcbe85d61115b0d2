//! Use cases of `criteria` (being moved here from `api/criteria.rs`).

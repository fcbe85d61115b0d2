//! Use cases of `models` (being moved here from `api/models.rs`).

//! Use cases of `stats` (being moved here from `api/stats.rs`).

//! Use cases of `movements` (being moved here from `api/movements.rs`).

//! Use cases of `nominations` (being moved here from `api/nominations.rs`).

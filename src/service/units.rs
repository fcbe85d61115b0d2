//! Use cases of `units` (being moved here from `api/units.rs`).

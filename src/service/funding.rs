//! Use cases of `funding` (being moved here from `api/funding.rs`).

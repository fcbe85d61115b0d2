//! Use cases of `publicity` (being moved here from `api/publicity.rs`).

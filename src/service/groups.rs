//! Use cases of `groups` (being moved here from `api/groups.rs`).
